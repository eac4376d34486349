"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { unpublishStoryAction, deleteStoryAction, getPhotoChoicesAction, type SavedStory } from "./actions";
import { cancelScheduleAction, scheduleStoryAction } from "./schedule-actions";
import { scheduleChangeAction } from "./scheduled-change-actions";
import { setEmbargoAction } from "./embargo-actions";
import type { ActionResult } from "@/lib/actions";
import type { StoryInput, StoryIntent } from "@/lib/stories/schemas";
import { slugify } from "@/lib/slugs";
import { endSentence, formatApTime, formatApWeekdayTime } from "@/lib/time/ap-style";
import { toLocalInput } from "@/lib/time/local-input";
import { textToBody } from "@/lib/body/story-body";
import type { StoryFormOptions } from "@/lib/stories/editor-queries";
import type { StoryStatus } from "@/lib/generated/prisma/enums";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { useServerAction } from "@/components/ui/use-server-action";
import { StatusBadge } from "@/components/editor/status-badge";
import { BylinesField } from "./bylines-field";
import { RelatedField } from "./related-field";
import { ConflictPanel } from "./conflict-panel";
import { RichTextEditor } from "./rich-text-editor";
import { LeadPhotoField } from "./lead-photo-field";
import type { PhotoChoice } from "@/lib/media/picker";
import { usePresence } from "./use-presence";
import { useStoryDrafting, type SaveOutcome } from "./use-story-drafting";

type Props = {
  storyId: string | null;
  version: number | null;
  status: StoryStatus | null;
  initialValues: StoryInput;
  options: StoryFormOptions;
  permissions: { edit: boolean; publish: boolean; submit: boolean; delete: boolean; shortenEmbargo?: boolean };
  /** The embargo's lift (ISO), while one holds the story. */
  embargoUntil?: string | null;
  everPublished: boolean;
  /** The newsroom time zone, for "Saved at 4:52 p.m." */
  timeZone: string;
  /** The library photos the story uses, for their previews and the library's own text. */
  photos?: PhotoChoice[];
};

const flashKey = (storyId: string) => `newsroom:story-saved:${storyId}`;

type SavedOutcome = Extract<SaveOutcome, { kind: "saved" }>;

/** A new story's first manual save moves to its own page: the confirmation travels with it. */
function moveToStoryPage(router: ReturnType<typeof useRouter>, storyId: string, message: string) {
  window.sessionStorage.setItem(flashKey(storyId), message);
  router.replace(`/desk/stories/${storyId}`);
}

/** The quiet line by the status badge that says where the typing stands. */
function saveStateText(drafting: ReturnType<typeof useStoryDrafting>, timeZone: string): string {
  if (drafting.conflict) return "Not saved: someone else saved in between";
  switch (drafting.autosaveState) {
    case "saving":
      return "Saving…";
    case "retrying":
      return "Not saved — retrying. Your changes are kept in this browser.";
    case "invalid":
      if (drafting.dirty) return `Not saved: ${drafting.invalidMessage ?? "check the fields"}`;
  }
  if (drafting.dirty) return drafting.live ? "Unsaved changes: use Save changes to update the story" : "Unsaved changes";
  if (drafting.savedAt) return `All changes saved at ${formatApTime(drafting.savedAt, timeZone)}`;
  return "";
}

const OFFLINE_MESSAGE = "The newsroom could not be reached, so nothing was saved. Your text is still here and kept in this browser; try again.";

/** A save's outcome in the shape every action returns, so that the form reports them all one way. */
function asResult(outcome: SaveOutcome): ActionResult<SavedOutcome> {
  switch (outcome.kind) {
    case "saved":
      return { ok: true, data: outcome };
    case "invalid":
      return { ok: false, message: outcome.message, fieldErrors: outcome.fieldErrors };
    case "conflict":
      return { ok: false, message: "Someone else saved this story after you opened it. Nothing was overwritten: choose below what to keep." };
    case "failed":
      return { ok: false, message: outcome.message };
    case "offline":
      return { ok: false, message: OFFLINE_MESSAGE };
  }
}

export function StoryForm({
  storyId: initialStoryId,
  version: initialVersion,
  status: initialStatus,
  initialValues,
  options,
  permissions,
  everPublished,
  timeZone,
  embargoUntil: initialEmbargo = null,
  photos: initialPhotos = [],
}: Props) {
  const router = useRouter();
  const presence = usePresence(initialStoryId);
  const drafting = useStoryDrafting({
    storyId: initialStoryId,
    version: initialVersion,
    status: initialStatus,
    initialValues,
    canEdit: permissions.edit,
    presence,
  });
  const { values, setValues, storyId, version, status } = drafting;
  const [slugTouched, setSlugTouched] = useState(Boolean(initialValues.slug));
  // Every library photo this form has seen (the story's, and each one picked since), by id.
  const [photos, setPhotos] = useState(() => new Map(initialPhotos.map((photo) => [photo.id, photo])));
  const rememberPhoto = (photo: PhotoChoice) => setPhotos((known) => new Map(known).set(photo.id, photo));
  const photoLookup = useCallback((mediaId: string) => photos.get(mediaId), [photos]);
  // A photo still being processed shows as such until its renditions are made: ask the library again.
  const processing = [...photos.values()].filter((photo) => photo.status === "PROCESSING").map((photo) => photo.id);
  const processingKey = processing.join(",");
  useEffect(() => {
    if (!processingKey) return;
    const timer = window.setTimeout(async () => {
      const found = await getPhotoChoicesAction({ ids: processingKey.split(",") }).catch(() => null);
      if (found?.ok) setPhotos((known) => new Map([...known, ...found.data.map((photo) => [photo.id, photo] as const)]));
    }, 2000);
    return () => window.clearTimeout(timer);
  }, [processingKey, photos]);
  const [publishAt, setPublishAt] = useState("");
  const [changeAt, setChangeAt] = useState("");
  const [embargo, setEmbargo] = useState<string | null>(initialEmbargo);
  const [embargoInput, setEmbargoInput] = useState(initialEmbargo ? toLocalInput(new Date(initialEmbargo), timeZone) : "");
  const action = useServerAction(OFFLINE_MESSAGE);
  const { errors: fieldErrors, pending } = action;
  // The confirmation a new story's first save carried to this page.
  const [flash, setFlash] = useState<string | null>(null);
  const readOnly = !permissions.edit;
  // Until the page's script runs, a click would submit the form natively and a keystroke could be
  // overwritten when React takes over: the controls wait for it.
  const [hydrated, setHydrated] = useState(false);
  // eslint-disable-next-line react-hooks/set-state-in-effect -- the point is to learn that the page's script has run
  useEffect(() => setHydrated(true), []);

  useEffect(() => {
    if (!initialStoryId) return;
    const key = flashKey(initialStoryId);
    const message = window.sessionStorage.getItem(key);
    if (message) {
      window.sessionStorage.removeItem(key);
      // eslint-disable-next-line react-hooks/set-state-in-effect -- the message waits in sessionStorage, readable only after mount
      setFlash(message);
    }
  }, [initialStoryId]);
  const isPublished = status === "PUBLISHED";

  const set = <K extends keyof StoryInput>(key: K, value: StoryInput[K]) =>
    setValues((current) => ({
      ...current,
      [key]: value,
      ...(key === "headline" && !slugTouched && !everPublished ? { slug: slugify(String(value)) } : {}),
    }));

  /** Runs one of the form's actions; whatever was shown before belongs to an earlier one. */
  function run<T>(call: () => Promise<ActionResult<T>>, onSuccess: (data: T) => string | null, options?: { refresh?: boolean }) {
    setFlash(null);
    action.run(call, onSuccess, options);
  }

  function afterSave(saved: SavedOutcome, message: string) {
    if (!initialStoryId) moveToStoryPage(router, saved.storyId, message);
    else router.refresh();
  }

  function submit(intent: StoryIntent) {
    run(
      async () => asResult(await drafting.persist(intent, false)),
      (saved) => {
        const time = formatApTime(new Date(), timeZone);
        // Publish on an embargoed story schedules it for the lift instead: the server says so.
        const message =
          saved.notice ??
          endSentence(intent === "publish" ? `Published at ${time}` : intent === "submit" ? `Submitted for review at ${time}` : `Saved at ${time}`);
        afterSave(saved, message);
        return message;
      },
      { refresh: false },
    );
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const intent = submitter?.value === "publish" || submitter?.value === "submit" ? submitter.value : "save";
    submit(intent);
  }

  /** Saves what is in the form, then schedules it: what goes live is what the editor sees. */
  function schedule() {
    run(
      async (): Promise<ActionResult<SavedOutcome>> => {
        const saved = asResult(await drafting.persist("save", false));
        if (!saved.ok) return saved;
        const scheduled = await scheduleStoryAction({ storyId: saved.data.storyId, baseVersion: saved.data.version, publishAt });
        if (!scheduled.ok) return scheduled;
        drafting.setVersion(scheduled.data.version);
        drafting.setStatus(scheduled.data.status);
        return saved;
      },
      (saved) => {
        const message = `Scheduled to publish ${publishAt.replace("T", " at ")} (newsroom time).`;
        afterSave(saved, message);
        return message;
      },
      { refresh: false },
    );
  }

  /**
   * Instead of saving: keeps what is in the form as a change to go live at the chosen time. Readers
   * keep the current version until then, and the form goes back to it; the change is listed above.
   */
  function scheduleChange() {
    if (!storyId || !version) return;
    run(
      () => scheduleChangeAction({ storyId, baseVersion: version, runAt: changeAt, values }),
      () => {
        drafting.revert();
        setChangeAt("");
        return `Change scheduled for ${changeAt.replace("T", " at ")} (newsroom time). Readers see the current version until then.`;
      },
    );
  }

  /** Saves what is in the form, then sets, moves or (with an empty time) removes the embargo. */
  function changeEmbargo(until: string) {
    let message = "";
    run(
      async (): Promise<ActionResult<SavedOutcome>> => {
        const saved = asResult(await drafting.persist("save", false));
        if (!saved.ok) return saved;
        const changed = await setEmbargoAction({ storyId: saved.data.storyId, baseVersion: saved.data.version, embargoUntil: until });
        if (!changed.ok) return changed;
        const lift = changed.data.embargoUntil;
        drafting.setVersion(changed.data.version);
        drafting.setStatus(changed.data.status);
        setEmbargo(lift);
        setEmbargoInput(lift ? toLocalInput(new Date(lift), timeZone) : "");
        message = lift
          ? `Embargoed until ${formatApWeekdayTime(new Date(lift), timeZone)}.`
          : until
            ? "Embargo lifted: the story may be published now."
            : "Embargo removed: the story may be published now.";
        return saved;
      },
      (saved) => {
        afterSave(saved, message);
        return message;
      },
      { refresh: false },
    );
  }

  function saveChosenVersion() {
    run(
      async () => asResult(await drafting.resolveConflict()),
      () => endSentence(`Saved at ${formatApTime(new Date(), timeZone)}`),
    );
  }

  /** Keeps the form's version and status in step with an action that changed them. */
  function followed(message: string) {
    return (data: SavedStory) => {
      drafting.setVersion(data.version);
      drafting.setStatus(data.status);
      return message;
    };
  }

  function cancelScheduled() {
    if (!storyId || !version) return;
    run(() => cancelScheduleAction({ storyId, baseVersion: version }), followed("Schedule cancelled. The story is a draft again."));
  }

  function unpublish() {
    if (!storyId || !version) return;
    run(() => unpublishStoryAction({ storyId, baseVersion: version }), followed("Unpublished. Readers can no longer see this story."));
  }

  function remove() {
    if (!storyId || !window.confirm("Delete this draft? This cannot be undone.")) return;
    run(
      () => deleteStoryAction({ storyId }),
      () => "Deleted.",
      { refresh: false },
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-6" noValidate aria-busy={pending}>
      <div className="flex flex-wrap items-center gap-3">
        {status ? <StatusBadge status={status} /> : <span className="text-sm text-muted">Not saved yet</span>}
        {isPublished ? (
          <Link href={`/stories/${values.slug}`} prefetch={false} className="text-sm font-semibold underline underline-offset-4" target="_blank">
            View story
          </Link>
        ) : null}
        {embargo ? (
          <span className="rounded border-2 border-accent px-2 py-0.5 text-sm font-semibold">
            Embargoed until <time dateTime={embargo}>{formatApWeekdayTime(new Date(embargo), timeZone)}</time>
          </span>
        ) : null}
        <p aria-live="polite" className="ml-auto text-sm text-muted">
          {saveStateText(drafting, timeZone)}
        </p>
      </div>

      {presence?.others.length ? (
        <p role="note" className="text-sm">
          Also open now: {presence.others.join(", ")}.
          {version !== null && presence.version > version && drafting.dirty ? " A newer version has been saved; your next save will ask you what to keep." : ""}
        </p>
      ) : null}
      {drafting.restoredAt ? (
        <Alert tone="success">
          Restored the changes this browser kept from {formatApTime(drafting.restoredAt, timeZone)}, which had not reached the server. They are being saved now.
        </Alert>
      ) : null}

      {readOnly ? <Alert tone="error">You can read this story but not change it.</Alert> : null}
      <div aria-live="polite">
        {action.error ? <Alert tone="error">{action.error}</Alert> : (action.done ?? flash) ? <Alert tone="success">{action.done ?? flash}</Alert> : null}
      </div>

      {drafting.conflict ? (
        <ConflictPanel
          mine={drafting.conflict.mine}
          theirs={drafting.conflict.theirs}
          current={values}
          options={options}
          savedBy={drafting.conflict.savedBy}
          onChoose={setValues}
          onSave={saveChosenVersion}
          pending={pending}
        />
      ) : null}

      <fieldset disabled={readOnly || !hydrated} className="space-y-6">
        <Field id="headline" label="Headline" errors={fieldErrors.headline}>
          {(describedBy, invalid) => (
            <input
              id="headline"
              value={values.headline}
              onChange={(e) => set("headline", e.target.value)}
              className={`${inputClass} font-serif text-xl`}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              maxLength={300}
            />
          )}
        </Field>
        <Field
          id="slug"
          label="Slug"
          hint="The story's address: /stories/your-slug. Filled in from the headline until you change it."
          errors={fieldErrors.slug}
        >
          {(describedBy, invalid) => (
            <input
              id="slug"
              value={values.slug}
              onChange={(e) => {
                setSlugTouched(true);
                set("slug", e.target.value);
              }}
              className={`${inputClass} font-mono`}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              maxLength={120}
            />
          )}
        </Field>
        <Field id="dek" label="Dek" hint="The summary under the headline." errors={fieldErrors.dek}>
          {(describedBy, invalid) => (
            <textarea
              id="dek"
              rows={2}
              value={values.dek}
              onChange={(e) => set("dek", e.target.value)}
              className={inputClass}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              maxLength={600}
            />
          )}
        </Field>
        <Field id="sectionId" label="Section" errors={fieldErrors.sectionId}>
          {(describedBy, invalid) => (
            <select
              id="sectionId"
              value={values.sectionId}
              onChange={(e) => set("sectionId", e.target.value)}
              className={inputClass}
              aria-describedby={describedBy}
              aria-invalid={invalid}
            >
              <option value="">No section</option>
              {options.sections.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <LeadPhotoField
          values={{
            leadMediaId: values.leadMediaId ?? "",
            leadAlt: values.leadAlt ?? "",
            leadCaption: values.leadCaption ?? "",
            leadCredit: values.leadCredit ?? "",
            leadDecorative: values.leadDecorative ?? false,
          }}
          photo={values.leadMediaId ? photos.get(values.leadMediaId) : undefined}
          errors={fieldErrors}
          onPick={rememberPhoto}
          onChange={(changed) => setValues((current) => ({ ...current, ...changed }))}
        />
        <BylinesField bylines={values.bylines} staff={options.staff} errors={fieldErrors.bylines} onChange={(bylines) => set("bylines", bylines)} />
        <Field
          id="body"
          labelId="body-label"
          label="Body"
          hint="Use the toolbar or the usual shortcuts (Ctrl or ⌘ with B, I, K) for bold, italics and links. Typing > at the start of a line starts a quotation."
          errors={fieldErrors.body}
        >
          {(describedBy, invalid) => (
            <RichTextEditor
              id="body"
              labelledBy="body-label"
              value={typeof values.body === "string" ? textToBody(values.body) : values.body}
              onChange={(doc) => set("body", doc)}
              describedBy={describedBy}
              invalid={invalid}
              readOnly={readOnly || !hydrated}
              photoLookup={photoLookup}
              onPhotoPicked={rememberPhoto}
            />
          )}
        </Field>
        <Field id="creditLine" label="Credit line" hint='For example: "The Associated Press contributed to this report."' errors={fieldErrors.creditLine}>
          {(describedBy, invalid) => (
            <input
              id="creditLine"
              value={values.creditLine}
              onChange={(e) => set("creditLine", e.target.value)}
              className={inputClass}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              maxLength={300}
            />
          )}
        </Field>
        <Field id="tags" label="Tags" hint="Separate tags with commas. Editors can add new tags; reporters choose existing ones." errors={fieldErrors.tags}>
          {(describedBy, invalid) => (
            <>
              <input
                id="tags"
                value={values.tags ?? ""}
                onChange={(e) => set("tags", e.target.value)}
                list="tag-suggestions"
                className={inputClass}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                maxLength={1000}
              />
              <datalist id="tag-suggestions">
                {options.tags.map((tag) => (
                  <option key={tag} value={tag} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <RelatedField
          storyId={storyId}
          relatedIds={values.relatedIds}
          known={options.relatedCandidates}
          errors={fieldErrors.relatedIds}
          onChange={(ids) => set("relatedIds", ids)}
        />
      </fieldset>

      {permissions.edit && (!isPublished || embargo) ? (
        <div className="flex flex-wrap items-end gap-3 border-t border-rule pt-6">
          <Field
            id="embargoUntil"
            label="Embargoed until"
            hint={`Date and time in the newsroom's time zone (${timeZone}). Until then nobody can publish the story and readers see nothing of it; a time already past lifts the embargo now.`}
            errors={fieldErrors.embargoUntil}
          >
            {(describedBy, invalid) => (
              <input
                id="embargoUntil"
                type="datetime-local"
                value={embargoInput}
                onChange={(e) => setEmbargoInput(e.target.value)}
                className={inputClass}
                aria-describedby={describedBy}
                aria-invalid={invalid}
              />
            )}
          </Field>
          <Button variant="secondary" onClick={() => changeEmbargo(embargoInput)} disabled={pending || !hydrated || !embargoInput}>
            {embargo ? "Change embargo" : "Set embargo"}
          </Button>
          {embargo && permissions.shortenEmbargo ? (
            <Button variant="danger" onClick={() => changeEmbargo("")} disabled={pending || !hydrated}>
              Remove embargo
            </Button>
          ) : null}
        </div>
      ) : null}

      {permissions.publish && !isPublished ? (
        <div className="flex flex-wrap items-end gap-3 border-t border-rule pt-6">
          <Field id="publishAt" label="Publish at" hint={`Date and time in the newsroom's time zone (${timeZone}).`} errors={fieldErrors.publishAt}>
            {(describedBy, invalid) => (
              <input
                id="publishAt"
                type="datetime-local"
                value={publishAt}
                onChange={(e) => setPublishAt(e.target.value)}
                className={inputClass}
                aria-describedby={describedBy}
                aria-invalid={invalid}
              />
            )}
          </Field>
          <Button onClick={schedule} disabled={pending || !hydrated || !publishAt}>
            Schedule
          </Button>
        </div>
      ) : null}

      {permissions.publish && isPublished ? (
        <div className="flex flex-wrap items-end gap-3 border-t border-rule pt-6">
          <Field
            id="runAt"
            label="Change goes live at"
            hint={`To publish this edit later instead of now: date and time in the newsroom's time zone (${timeZone}).`}
            errors={fieldErrors.runAt}
          >
            {(describedBy, invalid) => (
              <input
                id="runAt"
                type="datetime-local"
                value={changeAt}
                onChange={(e) => setChangeAt(e.target.value)}
                className={inputClass}
                aria-describedby={describedBy}
                aria-invalid={invalid}
              />
            )}
          </Field>
          <Button onClick={scheduleChange} disabled={pending || !hydrated || !changeAt || !drafting.dirty}>
            Schedule this change
          </Button>
        </div>
      ) : null}

      {permissions.edit ? (
        <div className="flex flex-wrap gap-3 border-t border-rule pt-6">
          <Button
            type="submit"
            name="intent"
            value="save"
            variant={permissions.publish && !isPublished ? "secondary" : "primary"}
            disabled={pending || !hydrated}
          >
            {isPublished ? "Save changes" : "Save draft"}
          </Button>
          {permissions.submit && status !== "IN_REVIEW" && !isPublished ? (
            <Button type="submit" name="intent" value="submit" disabled={pending || !hydrated}>
              Submit for review
            </Button>
          ) : null}
          {permissions.publish && !isPublished ? (
            <Button type="submit" name="intent" value="publish" variant="primary" disabled={pending || !hydrated}>
              Publish
            </Button>
          ) : null}
          {permissions.publish && status === "SCHEDULED" ? (
            <Button variant="danger" onClick={cancelScheduled} disabled={pending || !hydrated}>
              Cancel schedule
            </Button>
          ) : null}
          {permissions.publish && isPublished ? (
            <Button variant="danger" onClick={unpublish} disabled={pending || !hydrated}>
              Unpublish
            </Button>
          ) : null}
          {permissions.delete && storyId ? (
            <Button variant="danger" onClick={remove} disabled={pending || !hydrated} className="ml-auto">
              Delete draft
            </Button>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
