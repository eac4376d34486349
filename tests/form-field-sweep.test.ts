// Every field of every server action, given what browsers, scripts and attackers send: NUL bytes,
// lone surrogates and other control characters, broken percent-encoding, huge and negative numbers,
// impossible dates, wrong types. Each answer must be a result the form can show (saved, a field
// message, a refusal), never "Something went wrong on our side", and nothing may be logged as
// unexpected. Real actions against the real database; only the session lookup is replaced.
//
// The actions come from the modules' exports: a new action fails "every exported action is swept"
// until it has a row in BASE below, and every field of that row is then swept without more work.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/permissions";

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/actor", (original) => import("./support/outside-next").then((next) => next.actorFromSession(original, session)));
// A new session cookie needs a request; here it is only recorded as issued.
vi.mock("@/lib/auth/session-cookie", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session-cookie")>()),
  reissueSessionCookie: async () => true,
}));
vi.mock("next/cache", (original) => import("./support/outside-next").then((next) => next.cacheOutsideNext(original)));
vi.mock("next/server", (original) => import("./support/outside-next").then((next) => next.serverOutsideNext(original)));

const { db } = await import("@/lib/db");
const { UNEXPECTED_MESSAGE } = await import("@/lib/actions");
const { createStory, updateStory } = await import("@/lib/stories/mutations");
const { applyScheduledChange, scheduleChange } = await import("@/lib/scheduling/changes");
const { addLogEntry } = await import("@/lib/updates/mutations");
const { createPasswordResetLink, inviteUser } = await import("@/lib/users/mutations");
const { stopScheduler } = await import("@/lib/scheduling/worker");
const { createSection, createUser, storyValues } = await import("./support/factories");
const { loadAppEndpoints } = await import("./support/app-endpoints");
const { createProcessedPhoto } = await import("./support/media");
const { prepareDigest } = await import("@/lib/newsletters/issues");

type Action = (input?: unknown) => Promise<{ ok: boolean; message?: string }>;
/** Every exported server action of the app, read from the tree (tests/support/app-endpoints.ts). */
const ACTIONS = new Map<string, Action>(Object.entries((await loadAppEndpoints()).actions));

let admin: Actor;
let sectionId: string;
const unique = () => `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const draft = () => createStory(admin, { intent: "save", values: storyValues({ sectionId, slug: `draft-${unique()}` }) });
const published = () => createStory(admin, { intent: "publish", values: storyValues({ sectionId, slug: `published-${unique()}` }) });
const inAWeek = () => new Date(Date.now() + 7 * 86400_000).toISOString().slice(0, 16);
async function scheduledChange() {
  const p = await published();
  const values = storyValues({ sectionId, slug: p.slug, headline: `Rewritten ${unique()}` });
  return { ...(await scheduleChange(admin, { storyId: p.storyId, baseVersion: p.version, values, runAt: new Date(Date.now() + 86400_000) })), story: p };
}
/** A change held because the story was saved after it was prepared; `version` is the story's now. */
async function heldChange() {
  const { changeId, story } = await scheduledChange();
  const edited = await updateStory(admin, {
    storyId: story.storyId,
    baseVersion: story.version,
    intent: "save",
    values: storyValues({ sectionId, slug: story.slug }),
  });
  await db().scheduledChange.update({ where: { id: changeId }, data: { runAt: new Date(Date.now() - 60_000) } });
  await applyScheduledChange(changeId);
  return { changeId, version: edited.version };
}

const newsletterRow = (sendTime: string | null = "06:00") =>
  db().newsletter.create({
    data: { name: `List ${unique()}`, slug: `list-${unique()}`, senderName: "The Ledger", senderAddress: "news@ledger.test", sendTime },
    select: { id: true },
  });
async function issueIn(status: "DRAFT" | "SENDING" | "PAUSED") {
  await published();
  const { issueId } = await prepareDigest(admin, (await newsletterRow()).id);
  if (status !== "DRAFT") await db().newsletterIssue.update({ where: { id: issueId }, data: { status } });
  return issueId;
}

/** A valid input for each action, made once (the records it names exist); the sweep changes one field at a time. */
const BASE: Record<string, () => Promise<Record<string, unknown> | undefined>> = {
  saveStoryAction: async () => {
    const d = await draft();
    return {
      storyId: d.storyId,
      baseVersion: d.version,
      intent: "save",
      values: {
        headline: "Bridge reopens",
        slug: d.slug,
        dek: "A dek.",
        body: "A paragraph.",
        sectionId,
        creditLine: "A credit line.",
        bylines: [{ userId: "", name: "Outside Writer", title: "A title" }],
        relatedIds: [],
        tags: "Flood, Weather",
        leadMediaId: "",
        leadAlt: "Boats in the harbour",
        leadCaption: "The harbour at dawn.",
        leadCredit: "Newsroom demo",
        leadDecorative: false,
      },
    };
  },
  unpublishStoryAction: async () => {
    const p = await published();
    return { storyId: p.storyId, baseVersion: p.version };
  },
  // Takes no input: only the whole input is replaced.
  signOutAction: async () => undefined,
  deleteStoryAction: async () => ({ storyId: (await draft()).storyId }),
  createPreviewLinkAction: async () => ({ storyId: (await draft()).storyId }),
  touchPresenceAction: async () => ({ storyId: (await draft()).storyId }),
  leavePresenceAction: async () => ({ storyId: (await draft()).storyId }),
  getLatestStoryAction: async () => ({ storyId: (await draft()).storyId }),
  searchStoriesToRelateAction: async () => ({ q: "bridge", storyId: null, page: 1 }),
  searchPhotosToUseAction: async () => ({ q: "harbour" }),
  getPhotoChoicesAction: async () => ({ ids: ["7d3c1a52-8f2e-4b7a-9c1d-2e3f4a5b6c7d"] }),
  restoreRevisionAction: async () => {
    const d = await draft();
    const revision = await db().revision.findFirstOrThrow({ where: { storyId: d.storyId }, select: { id: true } });
    return { storyId: d.storyId, revisionId: revision.id, baseVersion: d.version };
  },
  takeDownVersionAction: async () => ({ storyId: (await published()).storyId, sequence: 1, reason: "A court order." }),
  setStoryLiveAction: async () => ({ storyId: (await published()).storyId, live: true }),
  scheduleStoryAction: async () => {
    const d = await draft();
    return { storyId: d.storyId, baseVersion: d.version, publishAt: inAWeek() };
  },
  cancelScheduleAction: async () => {
    const d = await draft();
    return { storyId: d.storyId, baseVersion: d.version };
  },
  scheduleChangeAction: async () => {
    const p = await published();
    return {
      storyId: p.storyId,
      baseVersion: p.version,
      runAt: inAWeek(),
      values: {
        headline: "Bridge reopens after repairs",
        slug: p.slug,
        dek: "A dek.",
        body: "A paragraph.",
        sectionId,
        creditLine: "",
        bylines: [{ userId: "", name: "Outside Writer", title: "" }],
        relatedIds: [],
        tags: "",
      },
    };
  },
  cancelScheduledChangeAction: async () => ({ changeId: (await scheduledChange()).changeId }),
  applyHeldChangeAction: async () => {
    const held = await heldChange();
    return { changeId: held.changeId, storyVersion: held.version };
  },
  discardHeldChangeAction: async () => ({ changeId: (await heldChange()).changeId }),
  setOriginalPublicationTimeAction: async () => ({ storyId: (await published()).storyId, firstPublishedAt: "2016-12-13T04:50" }),
  setEmbargoAction: async () => {
    const d = await draft();
    return { storyId: d.storyId, baseVersion: d.version, embargoUntil: inAWeek() };
  },
  addLogEntryAction: async () => ({
    storyId: (await published()).storyId,
    kind: "CORRECTION",
    note: "A name was misspelled.",
    occurredAt: "",
    significant: true,
  }),
  editLogEntryAction: async () => {
    const p = await published();
    const { updateId } = await addLogEntry(admin, { storyId: p.storyId, kind: "UPDATE", note: "First wording.", significant: true });
    return { updateId, note: "Second wording.", occurredAt: "" };
  },
  withdrawLogEntryAction: async () => {
    const p = await published();
    const { updateId } = await addLogEntry(admin, { storyId: p.storyId, kind: "UPDATE", note: "An entry.", significant: true });
    return { updateId, reason: "Posted on the wrong story." };
  },
  createSectionAction: async () => ({ name: `Section ${unique()}`, slug: "" }),
  updateSectionAction: async () => ({ sectionId: (await createSection()).id, values: { name: `Renamed ${unique()}`, slug: "" } }),
  moveSectionAction: async () => ({ sectionId: (await createSection()).id, direction: "up" }),
  deleteSectionAction: async () => ({ sectionId: (await createSection()).id }),
  renameTagAction: async () => ({
    tagId: (await db().tag.create({ data: { name: `Tag ${unique()}`, slug: `tag-${unique()}` } })).id,
    values: { name: `Renamed ${unique()}`, slug: "" },
  }),
  deleteTagAction: async () => ({ tagId: (await db().tag.create({ data: { name: `Tag ${unique()}`, slug: `tag-${unique()}` } })).id }),
  saveFrontPageAction: async () => {
    const { version } = await db().frontPageLayout.findUniqueOrThrow({ where: { id: "front" }, select: { version: true } });
    const storyId = (await published()).storyId;
    return { baseVersion: version, pins: [{ slot: "TOP", sectionId: null, position: 1, storyId, expiresAt: inAWeek() }] };
  },
  searchStoriesToPinAction: async () => ({ q: "bridge", sectionId: sectionId }),
  updateSiteSettingsAction: async () => ({ siteName: "The Ledger", timeZone: "America/New_York", defaultSectionId: "" }),
  inviteUserAction: async () => ({ email: `person-${unique()}@newsroom.test`, role: "REPORTER" }),
  revokeInviteAction: async () => ({ inviteId: (await inviteUser(admin, { email: `person-${unique()}@newsroom.test`, role: "EDITOR" })).inviteId }),
  changeUserRoleAction: async () => ({ userId: (await createUser("REPORTER")).user.id, role: "EDITOR" }),
  setUserActiveAction: async () => ({ userId: (await createUser("REPORTER")).user.id, active: false }),
  createPasswordResetLinkAction: async () => ({ userId: (await createUser("REPORTER")).user.id }),
  removeUserTwoFactorAction: async () => ({ userId: (await createUser("REPORTER")).user.id }),
  setRoleTwoFactorAction: async () => ({ role: "REPORTER", requireTwoFactor: false }),
  updateProfileAction: async () => ({ name: "Dana Whitlock" }),
  changePasswordAction: async () => ({
    currentPassword: "not the current password",
    password: "a long enough new password",
    confirmPassword: "a long enough new password",
  }),
  startTotpSetupAction: async () => undefined,
  confirmTotpSetupAction: async () => ({ code: "123456" }),
  disableTotpAction: async () => ({ proof: "not the password" }),
  regenerateRecoveryCodesAction: async () => ({ proof: "not the password" }),
  acceptInviteAction: async () => ({
    token: (await inviteUser(admin, { email: `person-${unique()}@newsroom.test`, role: "REPORTER" })).token,
    name: "New Person",
    password: "a long enough new password",
    confirmPassword: "a long enough new password",
  }),
  updateMediaMetadataAction: async () => {
    const photo = await createProcessedPhoto(admin);
    return {
      mediaId: photo.id,
      baseVersion: photo.version,
      caption: "Jim Moore hand-sets onions.",
      altText: "A farmer kneels in a furrow.",
      photographer: "John Doe",
      photographerTitle: "Staff Photographer",
      creditLine: "Big Newspaper",
      source: "John Doe / Big Newspaper",
      copyrightNotice: "©2010 Big Newspaper",
      takenAt: "2007-04-19T11:03",
      focalX: 50,
      focalY: 50,
    };
  },
  reprocessMediaAction: async () => ({ mediaId: (await createProcessedPhoto(admin)).id }),
  deleteMediaAction: async () => ({ mediaId: (await createProcessedPhoto(admin)).id }),
  saveNewsletterAction: async () => ({
    newsletterId: null,
    values: {
      name: `Morning ${unique()}`,
      slug: "",
      description: "Before breakfast.",
      senderName: "The Ledger",
      senderAddress: "news@ledger.test",
      sendTime: "06:30",
      active: true,
    },
  }),
  updateMailSettingsAction: async () => ({ mailingAddress: "100 Main St., Springfield", countOpens: false }),
  prepareDigestAction: async () => ({ newsletterId: (await newsletterRow()).id }),
  updateIssueAction: async () => ({
    issueId: await issueIn("DRAFT"),
    subject: "The morning briefing",
    intro: "Good morning.",
    storyIds: [(await published()).storyId],
  }),
  sendIssueAction: async () => ({ issueId: await issueIn("DRAFT") }),
  pauseIssueAction: async () => ({ issueId: await issueIn("SENDING") }),
  resumeIssueAction: async () => ({ issueId: await issueIn("PAUSED") }),
  sendStoryAlertAction: async () => ({ storyId: (await published()).storyId, newsletterId: (await newsletterRow(null)).id }),
  deleteSubscriberAction: async () => ({
    subscriberId: (await db().subscriber.create({ data: { email: `reader-${unique()}@example.test`, status: "ACTIVE" }, select: { id: true } })).id,
  }),
  importSubscribersAction: async () => ({
    newsletterId: (await newsletterRow()).id,
    addresses: `reader-${unique()}@example.test\nother-${unique()}@example.test`,
  }),
  resetPasswordAction: async () => ({
    token: (await createPasswordResetLink(admin, (await createUser("REPORTER")).user.id)).token,
    password: "a long enough new password",
    confirmPassword: "a long enough new password",
  }),
};

/** What is put in each field in turn, whatever the field's type. */
const HOSTILE: unknown[] = [
  "Bridge\u0000reopens",
  "\u0000",
  "\uD800",
  "lone \uDFFF low",
  "\u0001\u0008\u000B\u001F\uFFFE\uFFFF",
  "%FF%00%ED%A0%80%E0%A4%A%",
  "x".repeat(100_000),
  "9999-99-99",
  "2026-02-30T25:61",
  "-1",
  -1,
  0,
  1e308,
  -1e308,
  2 ** 53 + 2,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  null,
  [],
  {},
];

type Path = (string | number)[];
/** Every leaf of an input (strings, numbers, booleans, nulls, empty lists), as a path into it. */
function leaves(value: unknown, at: Path = []): Path[] {
  if (Array.isArray(value)) return value.length ? value.flatMap((item, i) => leaves(item, [...at, i])) : [at];
  if (value && typeof value === "object") return Object.entries(value).flatMap(([key, child]) => leaves(child, [...at, key]));
  return [at];
}
function withValue(input: unknown, at: Path, replacement: unknown): unknown {
  if (at.length === 0) return replacement;
  const copy = (Array.isArray(input) ? [...input] : { ...(input as object) }) as Record<string | number, unknown>;
  copy[at[0]] = withValue(copy[at[0]], at.slice(1), replacement);
  return copy;
}

/** redirect() after a successful action throws Next's redirect signal: that is an answer too. */
async function outcome(action: Action, input: unknown): Promise<{ ok: boolean; message?: string }> {
  try {
    return await action(input);
  } catch (error) {
    if (String((error as { digest?: string }).digest ?? "").startsWith("NEXT_REDIRECT")) return { ok: true };
    throw error;
  }
}

beforeAll(async () => {
  admin = (await createUser("ADMIN")).actor;
  session.actor = admin;
  sectionId = (await createSection()).id;
});
afterAll(() => stopScheduler());

describe("the import upload (a route handler), every field of its query", () => {
  it("answers every hostile value with a field message or a refusal, never a 500", { timeout: 300_000 }, async () => {
    const { routes } = await loadAppEndpoints();
    const base: Record<string, string> = { fileName: "site.xml", dryRun: "on", pages: "on", authors: "jdoe=outside" };
    const logged = vi.spyOn(console, "error");
    const failures: string[] = [];
    try {
      for (const field of Object.keys(base)) {
        for (const value of HOSTILE) {
          const query = new URLSearchParams({ ...base, [field]: String(value) });
          const response = await routes["/desk/import/upload"].POST(new Request(`http://test/desk/import/upload?${query}`, { method: "POST", body: "<rss/>" }));
          const body = (await response.json()) as { ok: boolean; message?: string };
          if (response.status >= 500 || (!body.ok && !body.message)) failures.push(`${field} = ${JSON.stringify(value)?.slice(0, 40)}: ${response.status}`);
        }
      }
      expect(failures).toEqual([]);
      expect(logged.mock.calls.filter((call) => String(call[0]).includes("unexpected"))).toEqual([]);
    } finally {
      logged.mockRestore();
    }
  });
});

describe("every server action, every field", () => {
  it("every exported action is swept", () => {
    expect([...ACTIONS.keys()].filter((name) => !(name in BASE))).toEqual([]);
    expect(ACTIONS.size).toBeGreaterThanOrEqual(Object.keys(BASE).length);
  });

  it.each(Object.keys(BASE))("%s answers every hostile value with a message, never an unexpected error", { timeout: 300_000 }, async (name) => {
    const action = ACTIONS.get(name)!;
    const base = await BASE[name]();
    const logged = vi.spyOn(console, "error");
    const failures: string[] = [];
    try {
      for (const at of base === undefined ? [] : leaves(base)) {
        for (const value of HOSTILE) {
          const result = await outcome(action, withValue(base, at, value));
          const label = `${at.join(".") || "(input)"} = ${JSON.stringify(value)?.slice(0, 40)}`;
          if (typeof result?.ok !== "boolean") failures.push(`${label}: no result`);
          else if (!result.ok && (result.message === UNEXPECTED_MESSAGE || !result.message)) failures.push(`${label}: ${result.message ?? "no message"}`);
        }
      }
      // The whole input replaced, too (a request that is not a form at all).
      for (const value of HOSTILE) {
        const result = await outcome(action, value);
        if (!result.ok && result.message === UNEXPECTED_MESSAGE) failures.push(`(input) = ${JSON.stringify(value)?.slice(0, 40)}: ${result.message}`);
      }
      expect(failures).toEqual([]);
      expect(logged.mock.calls.filter((call) => String(call[0]).includes("unexpected"))).toEqual([]);
    } finally {
      logged.mockRestore();
    }
  });
});
