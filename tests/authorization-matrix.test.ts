// Every server action of the story editor, called directly as each role and as an anonymous visitor:
// the UI hiding a button is never the check. The session lookup is replaced by the actor under test;
// everything after it (parsing, authorization, the database) is the real code.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/permissions";

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/actor", async (importOriginal) => {
  const { ForbiddenError } = await import("@/lib/errors");
  return {
    ...(await importOriginal<typeof import("@/lib/auth/actor")>()),
    getActor: async () => session.actor,
    // As the real one: no session is a refusal the form can show.
    requireActor: async () => {
      if (!session.actor) throw new ForbiddenError("Your session has ended. Sign in again; what you typed is still here.");
      return session.actor;
    },
  };
});
// Cache expiry needs a running Next server; here it is only recorded.
const expired = vi.hoisted(() => [] as string[]);
vi.mock("next/cache", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/cache")>()),
  updateTag: (tag: string) => void expired.push(tag),
  unstable_cache: <T,>(fn: T) => fn,
  revalidateTag: (tag: string) => void expired.push(tag),
}));
vi.mock("next/server", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/server")>()), after: () => {} }));

const { db } = await import("@/lib/db");
const actions = await import("@/app/(editor)/desk/stories/actions");
const scheduling = await import("@/app/(editor)/desk/stories/schedule-actions");
const history = await import("@/app/(editor)/desk/stories/[id]/history/actions");
const log = await import("@/app/(editor)/desk/stories/log-actions");
const liveActions = await import("@/app/(editor)/desk/stories/live-actions");
const { addLogEntry } = await import("@/lib/updates/mutations");
const { saveStory } = await import("@/lib/stories/mutations");
const { stopScheduler } = await import("@/lib/scheduling/queue");
const { createSection, createUser, storyValues } = await import("./support/factories");

type Who = "anonymous" | "author" | "other reporter" | "editor" | "admin";
const WHO: Who[] = ["anonymous", "author", "other reporter", "editor", "admin"];
let actors: Record<Exclude<Who, "anonymous">, Actor>;
let sectionId: string;

beforeAll(async () => {
  const [author, other, editor, admin] = await Promise.all([createUser("REPORTER"), createUser("REPORTER"), createUser("EDITOR"), createUser("ADMIN")]);
  actors = { author: author.actor, "other reporter": other.actor, editor: editor.actor, admin: admin.actor };
  sectionId = (await createSection()).id;
});
afterAll(async () => stopScheduler());
beforeEach(() => {
  expired.length = 0;
});

const rawValues = (headline = `A story ${Math.random().toString(36).slice(2, 10)}`) => ({
  headline,
  slug: "",
  dek: "",
  body: "A paragraph.",
  sectionId,
  creditLine: "",
  bylines: [{ userId: "", name: "Outside Writer", title: "" }],
  relatedIds: [],
  tags: "",
});

async function draft() {
  const unique = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  return saveStory(actors.author, { storyId: null, baseVersion: null, intent: "save", values: storyValues({ sectionId, slug: `draft-${unique}` }) });
}
async function published() {
  const unique = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  return saveStory(actors.editor, { storyId: null, baseVersion: null, intent: "publish", values: storyValues({ sectionId, slug: `published-${unique}` }) });
}

type Case = { action: string; allowed: Who[]; run: () => Promise<{ ok: boolean } | void> };

const inAWeek = () => new Date(Date.now() + 7 * 86400_000).toISOString().slice(0, 16);

const CASES: Case[] = [
  { action: "create a draft", allowed: ["author", "other reporter", "editor", "admin"], run: () => actions.saveStoryAction({ storyId: null, baseVersion: null, intent: "save", values: rawValues() }) },
  {
    action: "save the author's draft",
    allowed: ["author", "editor", "admin"],
    run: async () => {
      const d = await draft();
      return actions.saveStoryAction({ storyId: d.storyId, baseVersion: d.version, intent: "save", values: { ...rawValues(), slug: d.slug } });
    },
  },
  {
    action: "submit the author's draft for review",
    allowed: ["author", "editor", "admin"],
    run: async () => {
      const d = await draft();
      return actions.saveStoryAction({ storyId: d.storyId, baseVersion: d.version, intent: "submit", values: { ...rawValues(), slug: d.slug } });
    },
  },
  {
    action: "publish a draft",
    allowed: ["editor", "admin"],
    run: async () => {
      const d = await draft();
      return actions.saveStoryAction({ storyId: d.storyId, baseVersion: d.version, intent: "publish", values: { ...rawValues(), slug: d.slug } });
    },
  },
  {
    action: "edit a published story",
    allowed: ["editor", "admin"],
    run: async () => {
      const p = await published();
      return actions.saveStoryAction({ storyId: p.storyId, baseVersion: p.version, intent: "save", values: { ...rawValues(), slug: p.slug } });
    },
  },
  {
    action: "unpublish",
    allowed: ["editor", "admin"],
    run: async () => {
      const p = await published();
      return actions.unpublishStoryAction({ storyId: p.storyId, baseVersion: p.version });
    },
  },
  {
    action: "add an update",
    allowed: ["editor", "admin"],
    run: async () => actions.addStoryUpdateAction({ storyId: (await published()).storyId, note: "An update." }),
  },
  {
    action: "schedule",
    allowed: ["editor", "admin"],
    run: async () => {
      const d = await draft();
      return scheduling.scheduleStoryAction({ storyId: d.storyId, baseVersion: d.version, publishAt: inAWeek() });
    },
  },
  {
    action: "restore a revision of the author's draft",
    allowed: ["author", "editor", "admin"],
    run: async () => {
      const d = await draft();
      const revision = await db().revision.findFirstOrThrow({ where: { storyId: d.storyId } });
      return history.restoreRevisionAction({ storyId: d.storyId, revisionId: revision.id, baseVersion: d.version });
    },
  },
  {
    action: "add a correction",
    allowed: ["editor", "admin"],
    run: async () => log.addLogEntryAction({ storyId: (await published()).storyId, kind: "CORRECTION", note: "An earlier version misspelled a name.", occurredAt: "", significant: true }),
  },
  {
    action: "reword a log entry",
    allowed: ["editor", "admin"],
    run: async () => {
      const { updateId } = await addLogEntry(actors.editor, { storyId: (await published()).storyId, kind: "UPDATE", note: "First wording.", significant: true });
      return log.editLogEntryAction({ updateId, note: "Second wording.", occurredAt: "" });
    },
  },
  {
    action: "withdraw a log entry",
    allowed: ["editor", "admin"],
    run: async () => {
      const { updateId } = await addLogEntry(actors.editor, { storyId: (await published()).storyId, kind: "UPDATE", note: "Wrong entry.", significant: false });
      return log.withdrawLogEntryAction({ updateId, reason: "Posted on the wrong story." });
    },
  },
  {
    action: "take down a published version",
    allowed: ["admin"],
    run: async () => history.takeDownVersionAction({ storyId: (await published()).storyId, sequence: 1, reason: "A court order concerning this version." }),
  },
  { action: "start live coverage", allowed: ["editor", "admin"], run: async () => liveActions.setStoryLiveAction({ storyId: (await published()).storyId, live: true }) },
  { action: "share a preview of the author's draft", allowed: ["author", "editor", "admin"], run: async () => actions.createPreviewLinkAction({ storyId: (await draft()).storyId }) },
  { action: "search published stories to relate", allowed: ["author", "other reporter", "editor", "admin"], run: () => actions.searchStoriesToRelateAction({ q: "", storyId: null }) },
  { action: "see who has a story open", allowed: ["author", "other reporter", "editor", "admin"], run: async () => actions.touchPresenceAction({ storyId: (await draft()).storyId }) },
];

describe.each(CASES)("$action", ({ allowed, run }) => {
  it.each(WHO)("as %s", async (who) => {
    session.actor = who === "anonymous" ? null : actors[who];
    const startedAt = new Date();
    const result = await run();
    session.actor = null;
    if (allowed.includes(who)) {
      expect(result).toMatchObject({ ok: true });
    } else {
      expect(result).toMatchObject({ ok: false });
      expect((result as unknown as { message: string }).message).toMatch(/sign in|only|can edit only|cannot|can share previews only/i);
      // A refused action changes nothing readers see, and the refused person did nothing on the record
      // (beyond creating or publishing the story some cases set up).
      expect(expired).toEqual([]);
      if (who !== "anonymous") expect(await db().auditEvent.count({ where: { actorId: actors[who].id, createdAt: { gte: startedAt }, action: { notIn: ["story.create", "story.publish"] } } })).toBe(0);
    }
  });
});
