"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { getLatestStoryAction, saveStoryAction } from "./actions";
import type { StoryInput, StoryIntent } from "@/lib/stories/schemas";
import type { StoryStatus } from "@/lib/generated/prisma/enums";
import type { FieldErrors } from "@/lib/errors";
import type { Presence } from "@/lib/stories/presence";

// Everything that keeps a person's work safe while they write: one save at a time, autosave a few
// seconds after typing stops, a copy in this browser until the server has it (so a closed tab, a lost
// network, a restarted server or a database that is down for a while loses nothing), retries with
// backoff, and a refusal turned into a side-by-side choice when someone else saved in between.

export const AUTOSAVE_DELAY_MS = 3000;
const MAX_RETRY_DELAY_MS = 30_000;

export type SaveOutcome =
  | { kind: "saved"; storyId: string; version: number; status: StoryStatus; slug: string; created: boolean; notice?: string }
  | { kind: "conflict" }
  | { kind: "invalid"; message: string; fieldErrors: FieldErrors }
  | { kind: "offline" }
  /** The server answered but could not save (its database was down, say): worth trying again. */
  | { kind: "failed"; message: string };

export type Conflict = { mine: StoryInput; theirs: StoryInput; theirVersion: number; savedBy: string | null };

/** "retrying": the last save did not get through (no answer, or the server failed) and will be tried again. */
export type AutosaveState = "idle" | "saving" | "saved" | "retrying" | "invalid" | "conflict";

type LocalCopy = { values: StoryInput; baseVersion: number | null; at: number };

// Keyed by the story's id, a new story's too: a copy can only ever return to the story it was typed into.
const draftKey = (storyId: string) => `newsroom:story-draft:${storyId}`;

/** A new story's id, made here so that retrying its first save can only ever reach that one story. */
function newStoryId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // randomUUID exists only on https and localhost pages; a version 4 UUID from the same generator.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
const same = (a: StoryInput, b: StoryInput) => JSON.stringify(a) === JSON.stringify(b);

export function useStoryDrafting(params: {
  storyId: string | null;
  version: number | null;
  status: StoryStatus | null;
  initialValues: StoryInput;
  canEdit: boolean;
  presence: Presence | null;
}) {
  const [values, setValues] = useState<StoryInput>(params.initialValues);
  const [saved, setSaved] = useState<StoryInput>(params.initialValues);
  const [storyId, setStoryId] = useState(params.storyId);
  // Until its first save reaches the server, a new story has only this id; it keeps it after.
  const [newId] = useState(() => params.storyId ?? newStoryId());
  const [version, setVersion] = useState(params.version);
  const [status, setStatus] = useState(params.status);
  const [autosaveState, setAutosaveState] = useState<AutosaveState>("idle");
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [retries, setRetries] = useState(0);
  const [failedValues, setFailedValues] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [restoredAt, setRestoredAt] = useState<Date | null>(null);
  const [invalidMessage, setInvalidMessage] = useState<string | null>(null);

  // Async work reads the latest of these, not the ones captured when it was scheduled. The story id and
  // version change only through the setters below, never from a render: a render inside a transition
  // can still show the previous version, and a save based on it would conflict with itself.
  const ref = useRef({ storyId, version, values });
  ref.current.values = values; // eslint-disable-line react-hooks/refs -- async saves read the values of the latest render, written here on purpose
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  const dirty = !same(values, saved);
  const live = status === "PUBLISHED" || status === "SCHEDULED";
  // A story is created by its first deliberate save; until then the browser's copy protects the typing.
  const autosaveEnabled = params.canEdit && !live && !conflict && storyId !== null;

  const openConflict = useCallback(
    async (mine: StoryInput) => {
      const id = ref.current.storyId ?? newId;
      const latest = await getLatestStoryAction({ storyId: id }).catch(() => null);
      if (latest?.ok) setConflict({ mine, theirs: latest.data.values, theirVersion: latest.data.version, savedBy: null });
    },
    [newId],
  );

  /** Sends what is in the form now; saves never overlap, each is based on the version the last one left. */
  const persist = useCallback(
    (intent: StoryIntent, autosave: boolean): Promise<SaveOutcome> => {
      const run = async (): Promise<SaveOutcome> => {
        const { storyId: id, version: base, values: sent } = ref.current;
        if (autosave) setAutosaveState("saving");
        let result: Awaited<ReturnType<typeof saveStoryAction>>;
        try {
          result = await saveStoryAction({ storyId: id, ...(id ? {} : { newStoryId: newId }), baseVersion: base, intent, values: sent, autosave });
        } catch {
          setAutosaveState("retrying");
          return { kind: "offline" };
        }
        if (!result.ok) {
          if (result.unexpected) {
            setAutosaveState("retrying");
            return { kind: "failed", message: result.message };
          }
          if (result.conflict) {
            setAutosaveState("conflict");
            await openConflict(sent);
            return { kind: "conflict" };
          }
          setAutosaveState("invalid");
          setInvalidMessage(result.message);
          setFailedValues(JSON.stringify(sent));
          return { kind: "invalid", message: result.message, fieldErrors: result.fieldErrors ?? {} };
        }
        const data = result.data;
        ref.current = { ...ref.current, storyId: data.storyId, version: data.version };
        setStoryId(data.storyId);
        setVersion(data.version);
        setStatus(data.status);
        setSaved({ ...sent, slug: data.slug });
        setValues((now) => (now.slug === sent.slug ? { ...now, slug: data.slug } : now));
        setSavedAt(new Date());
        setAutosaveState("saved");
        setRetries(0);
        setFailedValues(null);
        setInvalidMessage(null);
        if (!id) window.localStorage.removeItem(draftKey(newId));
        return { kind: "saved", storyId: data.storyId, version: data.version, status: data.status, slug: data.slug, created: !id, notice: data.notice };
      };
      const next = queue.current.then(run, run);
      queue.current = next;
      return next;
    },
    [openConflict, newId],
  );

  // Autosave: a few seconds after typing stops; after a save that did not get through (no answer, or the
  // server could not save), again with backoff until it does.
  useEffect(() => {
    if (!autosaveEnabled || !dirty || failedValues === JSON.stringify(values)) return;
    const delay = retries === 0 ? AUTOSAVE_DELAY_MS : Math.min(MAX_RETRY_DELAY_MS, 5000 * 2 ** (retries - 1));
    const timer = window.setTimeout(async () => {
      const outcome = await persist("save", true);
      if (outcome.kind === "offline" || outcome.kind === "failed") setRetries((n) => n + 1);
    }, delay);
    return () => window.clearTimeout(timer);
  }, [values, dirty, autosaveEnabled, retries, failedValues, persist]);

  // Back online: try at once rather than waiting out the backoff.
  useEffect(() => {
    const retry = () => setRetries((n) => (n > 0 ? 1 : n));
    window.addEventListener("online", retry);
    return () => window.removeEventListener("online", retry);
  }, []);

  // On opening: bring back a copy this browser kept; if the story was saved by someone since, ask.
  // (Declared before the effect below, which would otherwise clear the copy on the first render.)
  useEffect(() => {
    if (!params.storyId) return;
    const raw = window.localStorage.getItem(draftKey(params.storyId));
    if (!raw) return;
    try {
      const local = JSON.parse(raw) as LocalCopy;
      if (same(local.values, params.initialValues)) return;
      // A copy typed into a new story whose first save made version 1 but never heard back belongs to it too.
      if (local.baseVersion === params.version || (local.baseVersion === null && params.version === 1)) {
        // eslint-disable-next-line react-hooks/set-state-in-effect -- the browser's copy exists only after mount (localStorage)
        setValues(local.values);
        setRestoredAt(new Date(local.at));
      } else {
        setConflict({ mine: local.values, theirs: params.initialValues, theirVersion: params.version ?? 0, savedBy: null });
      }
    } catch {
      window.localStorage.removeItem(draftKey(params.storyId));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only on opening the story
  }, []);

  // The browser keeps a copy of anything the server does not have yet.
  useEffect(() => {
    const key = draftKey(storyId ?? newId);
    if (dirty) window.localStorage.setItem(key, JSON.stringify({ values, baseVersion: version, at: Date.now() } satisfies LocalCopy));
    else window.localStorage.removeItem(key);
  }, [values, dirty, storyId, newId, version]);

  // Closing the tab with changes the server does not have yet asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  // Someone else saved and this person has changed nothing: follow along instead of conflicting later.
  const presenceVersion = params.presence?.version;
  useEffect(() => {
    if (!presenceVersion || !storyId || version === null || presenceVersion <= version || dirty || conflict) return;
    void getLatestStoryAction({ storyId }).then((latest) => {
      if (!latest.ok || !same(ref.current.values, saved)) return;
      ref.current = { ...ref.current, version: latest.data.version };
      setValues(latest.data.values);
      setSaved(latest.data.values);
      setVersion(latest.data.version);
      setStatus(latest.data.status);
    });
  }, [presenceVersion, storyId, version, dirty, conflict, saved]);

  /** After choosing in the conflict panel: what is in the form, based on the version saved now. */
  const resolveConflict = useCallback(() => {
    if (!conflict) return Promise.resolve<SaveOutcome>({ kind: "conflict" });
    ref.current = { ...ref.current, version: conflict.theirVersion };
    setVersion(conflict.theirVersion);
    setConflict(null);
    return persist("save", false);
  }, [conflict, persist]);

  /** Puts the form back to the story as last saved (its typing went elsewhere: a scheduled change). */
  const revert = useCallback(() => setValues(saved), [saved]);

  return {
    values,
    setValues,
    revert,
    storyId,
    version,
    status,
    setStatus,
    setVersion: (v: number) => {
      ref.current = { ...ref.current, version: v };
      setVersion(v);
    },
    dirty,
    live,
    autosaveEnabled,
    autosaveState,
    savedAt,
    restoredAt,
    invalidMessage,
    conflict,
    persist,
    resolveConflict,
  };
}
