// Every server action and route handler of the app, called directly as each role and as an anonymous
// visitor: the UI hiding a button is never the check. The session lookup is replaced by the actor
// under test; everything after it (parsing, authorization, the database) is the real code.
//
// To add an action: append one row to ROWS: its name, who may do it, the permission it needs (when a
// role decides it; the test checks the row against lib/auth/permissions.ts), and how to call it.
// `run` returns what the action returned (an ActionResult) or, for a route handler, `http(response)`.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { can, PERMISSIONS, ROLE_PERMISSIONS, type Actor, type Permission } from "@/lib/auth/permissions";
import { loadAppEndpoints } from "./support/app-endpoints";

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/actor", async (original) => ({
  ...(await (await import("./support/outside-next")).actorFromSession(original, session)),
  // The cookie's claim as next-auth would decode it: this actor, in a session of its own.
  getSessionClaim: async () => (session.actor ? { userId: session.actor.id, sessionVersion: 1, sessionId: crypto.randomUUID(), signedInAt: Date.now() } : null),
}));
// Cache expiry needs a running Next server; here it is only recorded.
const expired = vi.hoisted(() => [] as string[]);
vi.mock("next/cache", (original) => import("./support/outside-next").then((next) => next.cacheOutsideNext(original, (tag) => void expired.push(tag))));
vi.mock("next/server", (original) => import("./support/outside-next").then((next) => next.serverOutsideNext(original)));

const { db } = await import("@/lib/db");
// Every server action and route handler, read from the app/ tree (tests/support/app-endpoints.ts).
const endpoints = await loadAppEndpoints();
const { actions, routes } = endpoints;
const { listAuditEvents, auditFiltersSchema } = await import("@/lib/audit/queries");
const { runAction } = await import("@/lib/actions");
const { signTagExpiry, INTERNAL_SIGNATURE_HEADER } = await import("@/lib/cache/internal-signature");
const { addLogEntry } = await import("@/lib/updates/mutations");
const { setStoryLive } = await import("@/lib/stories/live");
const { scheduleStory } = await import("@/lib/scheduling/schedule");
const { applyScheduledChange, scheduleChange } = await import("@/lib/scheduling/changes");
const { setEmbargo } = await import("@/lib/stories/embargo");
const { createStory, unpublishStory, updateStory } = await import("@/lib/stories/mutations");
const { stopScheduler } = await import("@/lib/scheduling/worker");
const { createPasswordResetLink, inviteUser } = await import("@/lib/users/mutations");
const { confirmTotpSetup, startTotpSetup } = await import("@/lib/users/profile");
const { generate: totpCode } = await import("otplib");
const { signToken } = await import("@/lib/newsletters/tokens");
const { prepareDigest } = await import("@/lib/newsletters/issues");
const { createSection, createUser, storyValues } = await import("./support/factories");
const { importSettingsSchema, startImportRun } = await import("@/lib/import/runs");
const { buildZip } = await import("./support/zip");
const { createProcessedPhoto, fixturePhoto, putPhotoInStory } = await import("./support/media");

type Who = "anonymous" | "author" | "other reporter" | "editor" | "admin";
const WHO: Who[] = ["anonymous", "author", "other reporter", "editor", "admin"];
const SIGNED_IN: Who[] = ["author", "other reporter", "editor", "admin"];
const EDITORS: Who[] = ["editor", "admin"];
const EVERYONE: Who[] = WHO;
let actors: Record<Exclude<Who, "anonymous">, Actor>;
/** The signed-in actors' current passwords (the password-change case changes them). */
const passwords = new Map<string, string>();
let sectionId: string;

beforeAll(async () => {
  const [author, other, editor, admin] = await Promise.all([createUser("REPORTER"), createUser("REPORTER"), createUser("EDITOR"), createUser("ADMIN")]);
  actors = { author: author.actor, "other reporter": other.actor, editor: editor.actor, admin: admin.actor };
  for (const created of [author, other, editor, admin]) passwords.set(created.actor.id, created.password);
  sectionId = (await createSection()).id;
});
afterAll(async () => stopScheduler());
beforeEach(() => {
  expired.length = 0;
});

const unique = () => `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const rawValues = (headline = `A story ${unique()}`) => ({
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

// Fixtures each row makes for itself, as the author (a reporter) or an editor.
const draft = () => createStory(actors.author, { intent: "save", values: storyValues({ sectionId, slug: `draft-${unique()}` }) });
const published = () => createStory(actors.editor, { intent: "publish", values: storyValues({ sectionId, slug: `published-${unique()}` }) });
const section = () => createSection();
/** A change an editor scheduled for tomorrow to a published story. */
async function pendingChange() {
  const p = await published();
  const values = storyValues({ sectionId, slug: p.slug, headline: `Rewritten ${unique()}` });
  return {
    ...(await scheduleChange(actors.editor, { storyId: p.storyId, baseVersion: p.version, values, runAt: new Date(Date.now() + 86400_000) })),
    story: p,
  };
}
/** A change held at its time because the story was saved after it was prepared; `version` is the story's now. */
async function heldChange() {
  const { changeId, story } = await pendingChange();
  const edited = await updateStory(actors.editor, {
    storyId: story.storyId,
    baseVersion: story.version,
    intent: "save",
    values: storyValues({ sectionId, slug: story.slug }),
  });
  await db().scheduledChange.update({ where: { id: changeId }, data: { runAt: new Date(Date.now() - 60_000) } });
  await applyScheduledChange(changeId);
  return { changeId, version: edited.version };
}
const tag = () => db().tag.create({ data: { name: `Tag ${unique()}`, slug: `tag-${unique()}` }, select: { id: true } });
const someone = () => `person-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@newsroom.test`;
const NEW_PASSWORD = "a long enough new password";

/** The actor under test with two-factor sign-in on (set up through the lib, as the profile page does). */
async function withTwoFactorOn(actor: Actor) {
  await db().user.update({ where: { id: actor.id }, data: { totpSecret: null, totpEnabledAt: null, totpLastTimeStep: null } });
  await startTotpSetup(actor);
  const { totpPendingSecret } = await db().user.findUniqueOrThrow({ where: { id: actor.id }, select: { totpPendingSecret: true } });
  await confirmTotpSetup(actor, await totpCode({ secret: totpPendingSecret! }));
}

const mediaDetails = () => ({
  caption: "A caption.",
  altText: "Alt text.",
  photographer: "A Photographer",
  photographerTitle: "Staff photographer",
  creditLine: "The Ledger",
  source: "",
  copyrightNotice: "",
  takenAt: "",
  focalX: 40,
  focalY: 60,
});

const inAWeek = () => new Date(Date.now() + 7 * 86400_000).toISOString().slice(0, 16);
const inADay = () => new Date(Date.now() + 86400_000).toISOString().slice(0, 16);

/** A route handler's response as an outcome: 2xx is allowed; anything else, refused. */
const http = (response: Response) => ({ ok: response.ok, status: response.status });
const params = (slug: string) => ({ params: Promise.resolve({ slug }) });
/** redirect() after a successful action throws Next's redirect signal: that is success. */
async function followingRedirect(run: () => Promise<{ ok: boolean }>) {
  try {
    return await run();
  } catch (error) {
    if (String((error as { digest?: string }).digest ?? "").startsWith("NEXT_REDIRECT")) return { ok: true };
    throw error;
  }
}

// Newsletter fixtures: a list, a confirmed subscriber of it, a draft issue (prepared by the editor).
const newsletterRow = (sendTime: string | null = "06:00") =>
  db().newsletter.create({
    data: { name: `List ${unique()}`, slug: `list-${unique()}`, senderName: "The Ledger", senderAddress: "news@ledger.test", sendTime },
    select: { id: true },
  });
async function subscriberOf(newsletterId: string) {
  return db().subscriber.create({
    data: { email: someone(), status: "ACTIVE", confirmedAt: new Date(), subscriptions: { create: { newsletterId, confirmedAt: new Date() } } },
    select: { id: true },
  });
}
async function draftIssue() {
  await published();
  return (await prepareDigest(actors.editor, (await newsletterRow()).id)).issueId;
}
const formPost = (url: string, body: Record<string, string>) =>
  new Request(url, { method: "POST", body: new URLSearchParams(body), headers: { "content-type": "application/x-www-form-urlencoded" } });
/** A route that answers with a redirect: allowed when it leads where success leads. */
const redirectsTo = (response: Response, location: string) => ({
  ok: response.status === 303 && response.headers.get("location") === location,
  status: response.status,
});

type Row = {
  name: string;
  allowed: Who[];
  /** The permission a role needs; "author" may also be allowed through ownership of the story. */
  permission?: Permission;
  run: () => Promise<{ ok: boolean }>;
};

const ROWS: Row[] = [
  // The story editor (app/(editor)/desk/stories/actions.ts)
  {
    name: "create a draft",
    allowed: SIGNED_IN,
    permission: "story.create",
    run: () => actions.saveStoryAction({ storyId: null, baseVersion: null, intent: "save", values: rawValues() }),
  },
  {
    name: "save the author's draft",
    allowed: ["author", ...EDITORS],
    permission: "story.edit.any",
    run: async () => {
      const d = await draft();
      return actions.saveStoryAction({ storyId: d.storyId, baseVersion: d.version, intent: "save", values: { ...rawValues(), slug: d.slug } });
    },
  },
  {
    name: "autosave the author's draft",
    allowed: ["author", ...EDITORS],
    permission: "story.edit.any",
    run: async () => {
      const d = await draft();
      return actions.saveStoryAction({ storyId: d.storyId, baseVersion: d.version, intent: "save", autosave: true, values: { ...rawValues(), slug: d.slug } });
    },
  },
  {
    name: "submit the author's draft for review",
    allowed: ["author", ...EDITORS],
    permission: "story.edit.any",
    run: async () => {
      const d = await draft();
      return actions.saveStoryAction({ storyId: d.storyId, baseVersion: d.version, intent: "submit", values: { ...rawValues(), slug: d.slug } });
    },
  },
  {
    name: "publish a draft",
    allowed: EDITORS,
    permission: "story.publish",
    run: async () => {
      const d = await draft();
      return actions.saveStoryAction({ storyId: d.storyId, baseVersion: d.version, intent: "publish", values: { ...rawValues(), slug: d.slug } });
    },
  },
  {
    name: "edit a published story",
    allowed: EDITORS,
    permission: "story.edit.any",
    run: async () => {
      const p = await published();
      return actions.saveStoryAction({ storyId: p.storyId, baseVersion: p.version, intent: "save", values: { ...rawValues(), slug: p.slug } });
    },
  },
  {
    name: "unpublish",
    allowed: EDITORS,
    permission: "story.publish",
    run: async () => {
      const p = await published();
      return actions.unpublishStoryAction({ storyId: p.storyId, baseVersion: p.version });
    },
  },
  {
    name: "delete the author's draft",
    allowed: ["author", ...EDITORS],
    permission: "story.delete",
    run: async () => followingRedirect(async () => actions.deleteStoryAction({ storyId: (await draft()).storyId })),
  },
  {
    name: "share a preview of the author's draft",
    allowed: ["author", ...EDITORS],
    permission: "story.edit.any",
    run: async () => actions.createPreviewLinkAction({ storyId: (await draft()).storyId }),
  },
  { name: "search published stories to relate", allowed: SIGNED_IN, run: () => actions.searchStoriesToRelateAction({ q: "", storyId: null }) },
  { name: "search the photo library to use a photo", allowed: SIGNED_IN, permission: "media.upload", run: () => actions.searchPhotosToUseAction({ q: "" }) },
  { name: "read the photos a story form shows", allowed: SIGNED_IN, permission: "media.upload", run: () => actions.getPhotoChoicesAction({ ids: [] }) },
  {
    name: "see who has a story open",
    allowed: SIGNED_IN,
    permission: "story.read",
    run: async () => actions.touchPresenceAction({ storyId: (await draft()).storyId }),
  },
  { name: "leave a story", allowed: SIGNED_IN, run: async () => actions.leavePresenceAction({ storyId: (await draft()).storyId }) },
  {
    name: "load the latest version after a conflict",
    allowed: SIGNED_IN,
    permission: "story.read",
    run: async () => actions.getLatestStoryAction({ storyId: (await draft()).storyId }),
  },

  // Scheduling (schedule-actions.ts)
  {
    name: "schedule",
    allowed: EDITORS,
    permission: "story.publish",
    run: async () => {
      const d = await draft();
      return actions.scheduleStoryAction({ storyId: d.storyId, baseVersion: d.version, publishAt: inAWeek() });
    },
  },
  {
    name: "take a story off the schedule",
    allowed: EDITORS,
    permission: "story.publish",
    run: async () => {
      const d = await draft();
      const s = await scheduleStory(actors.editor, { storyId: d.storyId, baseVersion: d.version, publishAt: new Date(Date.now() + 86400_000) });
      return actions.cancelScheduleAction({ storyId: d.storyId, baseVersion: s.version });
    },
  },

  // Scheduled changes to published stories, and original publication times (scheduled-change-actions.ts)
  {
    name: "schedule a change to a published story",
    allowed: EDITORS,
    permission: "story.publish",
    run: async () => {
      const p = await published();
      return actions.scheduleChangeAction({ storyId: p.storyId, baseVersion: p.version, runAt: inAWeek(), values: { ...rawValues(), slug: p.slug } });
    },
  },
  {
    name: "cancel a scheduled change",
    allowed: EDITORS,
    permission: "story.publish",
    run: async () => actions.cancelScheduledChangeAction({ changeId: (await pendingChange()).changeId }),
  },
  {
    name: "apply a held change after review",
    allowed: EDITORS,
    permission: "story.publish",
    run: async () => {
      const held = await heldChange();
      return actions.applyHeldChangeAction({ changeId: held.changeId, storyVersion: held.version });
    },
  },
  {
    name: "discard a held change",
    allowed: EDITORS,
    permission: "story.publish",
    run: async () => actions.discardHeldChangeAction({ changeId: (await heldChange()).changeId }),
  },
  {
    name: "set a story's original publication time",
    allowed: ["admin"],
    permission: "story.backdate",
    run: async () => actions.setOriginalPublicationTimeAction({ storyId: (await published()).storyId, firstPublishedAt: "2016-12-13T04:50" }),
  },

  // Embargoes (embargo-actions.ts): holding a story is anyone's who may edit it; letting it out sooner, an editor's.
  {
    name: "embargo the author's draft",
    allowed: ["author", ...EDITORS],
    permission: "story.edit.any",
    run: async () => {
      const d = await draft();
      return actions.setEmbargoAction({ storyId: d.storyId, baseVersion: d.version, embargoUntil: inAWeek() });
    },
  },
  {
    name: "make an embargo end sooner",
    allowed: EDITORS,
    permission: "story.embargo.shorten",
    run: async () => {
      const d = await draft();
      const e = await setEmbargo(actors.editor, { storyId: d.storyId, baseVersion: d.version, until: new Date(Date.now() + 7 * 86400_000) });
      return actions.setEmbargoAction({ storyId: d.storyId, baseVersion: e.version, embargoUntil: inADay() });
    },
  },
  {
    name: "remove an embargo",
    allowed: EDITORS,
    permission: "story.embargo.shorten",
    run: async () => {
      const d = await draft();
      const e = await setEmbargo(actors.editor, { storyId: d.storyId, baseVersion: d.version, until: new Date(Date.now() + 7 * 86400_000) });
      return actions.setEmbargoAction({ storyId: d.storyId, baseVersion: e.version, embargoUntil: "" });
    },
  },

  // History (stories/[id]/history/actions.ts)
  {
    name: "restore a revision of the author's draft",
    allowed: ["author", ...EDITORS],
    permission: "story.edit.any",
    run: async () => {
      const d = await draft();
      const revision = await db().revision.findFirstOrThrow({ where: { storyId: d.storyId } });
      return actions.restoreRevisionAction({ storyId: d.storyId, revisionId: revision.id, baseVersion: d.version });
    },
  },
  {
    name: "take down a published version",
    allowed: ["admin"],
    permission: "history.takedown",
    run: async () => actions.takeDownVersionAction({ storyId: (await published()).storyId, sequence: 1, reason: "A court order concerning this version." }),
  },

  // The update log (log-actions.ts)
  {
    name: "add a correction",
    allowed: EDITORS,
    permission: "story.update.add",
    run: async () =>
      actions.addLogEntryAction({
        storyId: (await published()).storyId,
        kind: "CORRECTION",
        note: "An earlier version misspelled a name.",
        occurredAt: "",
        significant: true,
      }),
  },
  {
    name: "reword a log entry",
    allowed: EDITORS,
    permission: "story.update.add",
    run: async () => {
      const { updateId } = await addLogEntry(actors.editor, {
        storyId: (await published()).storyId,
        kind: "UPDATE",
        note: "First wording.",
        significant: true,
      });
      return actions.editLogEntryAction({ updateId, note: "Second wording.", occurredAt: "" });
    },
  },
  {
    name: "withdraw a log entry",
    allowed: EDITORS,
    permission: "story.update.add",
    run: async () => {
      const { updateId } = await addLogEntry(actors.editor, { storyId: (await published()).storyId, kind: "UPDATE", note: "Wrong entry.", significant: false });
      return actions.withdrawLogEntryAction({ updateId, reason: "Posted on the wrong story." });
    },
  },

  // Live coverage (live-actions.ts)
  {
    name: "start live coverage",
    allowed: EDITORS,
    permission: "story.update.add",
    run: async () => actions.setStoryLiveAction({ storyId: (await published()).storyId, live: true }),
  },

  // Sections and tags (desk/sections/actions.ts)
  { name: "add a section", allowed: EDITORS, permission: "section.manage", run: () => actions.createSectionAction({ name: `Section ${unique()}`, slug: "" }) },
  {
    name: "rename a section",
    allowed: EDITORS,
    permission: "section.manage",
    run: async () => actions.updateSectionAction({ sectionId: (await section()).id, values: { name: `Renamed ${unique()}`, slug: "" } }),
  },
  {
    name: "move a section",
    allowed: EDITORS,
    permission: "section.manage",
    run: async () => actions.moveSectionAction({ sectionId: (await section()).id, direction: "up" }),
  },
  {
    name: "delete an unused section",
    allowed: EDITORS,
    permission: "section.manage",
    run: async () => actions.deleteSectionAction({ sectionId: (await section()).id }),
  },
  {
    name: "rename a tag",
    allowed: EDITORS,
    permission: "section.manage",
    run: async () => actions.renameTagAction({ tagId: (await tag()).id, values: { name: `Renamed ${unique()}`, slug: "" } }),
  },
  { name: "delete a tag", allowed: EDITORS, permission: "section.manage", run: async () => actions.deleteTagAction({ tagId: (await tag()).id }) },
  // The front page (desk/front-page/actions.ts)
  {
    name: "save the front page",
    allowed: EDITORS,
    permission: "frontpage.manage",
    run: async () => {
      const { version } = await db().frontPageLayout.findUniqueOrThrow({ where: { id: "front" }, select: { version: true } });
      const storyId = (await published()).storyId;
      return actions.saveFrontPageAction({ baseVersion: version, pins: [{ slot: "LEAD", sectionId: null, position: 0, storyId, expiresAt: "" }] });
    },
  },
  {
    name: "search stories to pin",
    allowed: EDITORS,
    permission: "frontpage.manage",
    run: () => actions.searchStoriesToPinAction({ q: "story", sectionId: null }),
  },

  // Site settings and the audit log (admins)
  {
    name: "change the site settings",
    allowed: ["admin"],
    permission: "settings.manage",
    run: () => actions.updateSiteSettingsAction({ siteName: `The Ledger ${unique()}`, timeZone: "America/New_York", defaultSectionId: "" }),
  },
  {
    name: "read the audit log",
    allowed: ["admin"],
    permission: "audit.view",
    // A page, not an action: it redirects anonymous visitors to sign in and reads through
    // listAuditEvents, which refuses by itself.
    run: async () => {
      const actor = session.actor;
      if (!actor) return { ok: false, message: "Sign in to read the audit log." };
      return runAction("readAuditLog", () => listAuditEvents(actor, auditFiltersSchema.parse({}), "UTC"));
    },
  },

  // Newsletters: lists and subscribers for admins, issues and alerts for editors (app/(editor)/desk/newsletters/actions.ts)
  {
    name: "create a newsletter",
    allowed: ["admin"],
    permission: "newsletter.manage",
    run: () =>
      actions.saveNewsletterAction({
        newsletterId: null,
        values: {
          name: `List ${unique()}`,
          slug: "",
          description: "",
          senderName: "The Ledger",
          senderAddress: "news@ledger.test",
          sendTime: "06:00",
          active: true,
        },
      }),
  },
  {
    name: "edit a newsletter",
    allowed: ["admin"],
    permission: "newsletter.manage",
    run: async () =>
      actions.saveNewsletterAction({
        newsletterId: (await newsletterRow()).id,
        values: {
          name: `Renamed ${unique()}`,
          slug: "",
          description: "",
          senderName: "The Ledger",
          senderAddress: "news@ledger.test",
          sendTime: "",
          active: true,
        },
      }),
  },
  {
    name: "change the newsletter settings",
    allowed: ["admin"],
    permission: "newsletter.manage",
    run: () => actions.updateMailSettingsAction({ mailingAddress: "100 Main St.", countOpens: false }),
  },
  {
    name: "prepare a digest",
    allowed: EDITORS,
    permission: "newsletter.send",
    run: async () => actions.prepareDigestAction({ newsletterId: (await newsletterRow()).id }),
  },
  {
    name: "edit a draft issue",
    allowed: EDITORS,
    permission: "newsletter.send",
    run: async () => actions.updateIssueAction({ issueId: await draftIssue(), subject: "Subject", intro: "", storyIds: [(await published()).storyId] }),
  },
  { name: "send an issue", allowed: EDITORS, permission: "newsletter.send", run: async () => actions.sendIssueAction({ issueId: await draftIssue() }) },
  {
    name: "pause an issue being sent",
    allowed: EDITORS,
    permission: "newsletter.send",
    run: async () => {
      const issueId = await draftIssue();
      await db().newsletterIssue.update({ where: { id: issueId }, data: { status: "SENDING" } });
      return actions.pauseIssueAction({ issueId });
    },
  },
  {
    name: "resume a paused issue",
    allowed: EDITORS,
    permission: "newsletter.send",
    run: async () => {
      const issueId = await draftIssue();
      await db().newsletterIssue.update({ where: { id: issueId }, data: { status: "PAUSED" } });
      return actions.resumeIssueAction({ issueId });
    },
  },
  {
    name: "send a breaking-news alert",
    allowed: EDITORS,
    permission: "newsletter.send",
    run: async () => actions.sendStoryAlertAction({ storyId: (await published()).storyId, newsletterId: (await newsletterRow(null)).id }),
  },
  {
    name: "delete a subscriber",
    allowed: ["admin"],
    permission: "newsletter.manage",
    run: async () => actions.deleteSubscriberAction({ subscriberId: (await subscriberOf((await newsletterRow()).id)).id }),
  },
  {
    name: "import subscribers",
    allowed: ["admin"],
    permission: "newsletter.manage",
    run: async () => actions.importSubscribersAction({ newsletterId: (await newsletterRow()).id, addresses: someone() }),
  },
  {
    name: "GET an issue's send progress",
    allowed: EDITORS,
    permission: "newsletter.send",
    run: async () =>
      http(
        await routes["/desk/newsletters/issues/[id]/progress.json"].GET(new Request("http://test/"), { params: Promise.resolve({ id: await draftIssue() }) }),
      ),
  },
  {
    name: "GET the subscribers as CSV",
    allowed: ["admin"],
    permission: "newsletter.manage",
    run: async () => {
      const response = await routes["/desk/newsletters/subscribers.csv"].GET(new Request("http://test/"));
      await response.text();
      return http(response);
    },
  },
  // The reader's side: public, authorized by what the signed link carries, never by a session.
  {
    name: "POST the newsletter sign-up form",
    allowed: EVERYONE,
    run: async () =>
      redirectsTo(
        await routes["/newsletters/subscribe"].POST(
          formPost("http://test/newsletters/subscribe", { email: someone(), newsletter: (await newsletterRow()).id, website: "" }),
        ),
        "/newsletters/check-your-inbox",
      ),
  },
  {
    name: "POST the confirmation page's button",
    allowed: EVERYONE,
    run: async () => {
      const { id } = await subscriberOf((await newsletterRow()).id);
      const token = signToken("confirm", [id], new Date(Date.now() + 3600_000));
      return redirectsTo(
        await routes["/newsletters/confirm/accept"].POST(formPost("http://test/newsletters/confirm/accept", { token })),
        "/newsletters/confirmed",
      );
    },
  },
  {
    name: "POST the confirmation page's button with an expired link",
    allowed: [],
    run: async () => {
      const { id } = await subscriberOf((await newsletterRow()).id);
      const expired = signToken("confirm", [id], new Date(Date.now() - 1000));
      return redirectsTo(
        await routes["/newsletters/confirm/accept"].POST(formPost("http://test/newsletters/confirm/accept", { token: expired })),
        "/newsletters/confirmed",
      );
    },
  },
  {
    name: "POST a one-click unsubscribe",
    allowed: EVERYONE,
    run: async () => {
      const list = await newsletterRow();
      const token = signToken("unsubscribe", [(await subscriberOf(list.id)).id, list.id]);
      return http(
        await routes["/newsletters/unsubscribe"].POST(formPost(`http://test/newsletters/unsubscribe?token=${token}`, { "List-Unsubscribe": "One-Click" })),
      );
    },
  },
  {
    name: "POST a one-click unsubscribe with a forged token",
    allowed: [],
    run: async () => {
      const list = await newsletterRow();
      const token = signToken("unsubscribe", [(await subscriberOf(list.id)).id, list.id]).slice(0, -2);
      return http(
        await routes["/newsletters/unsubscribe"].POST(formPost(`http://test/newsletters/unsubscribe?token=${token}`, { "List-Unsubscribe": "One-Click" })),
      );
    },
  },
  {
    name: "GET the unsubscribe address in a browser (it leads to the preferences page)",
    allowed: EVERYONE,
    run: async () => {
      const list = await newsletterRow();
      const token = signToken("unsubscribe", [(await subscriberOf(list.id)).id, list.id]);
      const response = await routes["/newsletters/unsubscribe"].GET(new Request(`http://test/newsletters/unsubscribe?token=${token}`));
      return { ok: response.status === 303 && /\/newsletters\/preferences\?token=/.test(response.headers.get("location") ?? "") };
    },
  },
  {
    name: "GET the open-counting image",
    allowed: EVERYONE,
    run: async () => http(await routes["/newsletters/open"].GET(new Request("http://test/newsletters/open?token=x"))),
  },
  {
    name: "POST the preferences form",
    allowed: EVERYONE,
    run: async () => {
      const list = await newsletterRow();
      const token = signToken("preferences", [(await subscriberOf(list.id)).id]);
      return redirectsTo(
        await routes["/newsletters/preferences/save"].POST(formPost("http://test/", { token, newsletter: list.id, intent: "save" })),
        `/newsletters/preferences?token=${encodeURIComponent(token)}&saved=1`,
      );
    },
  },
  {
    name: "POST the preferences form with a forged token",
    allowed: [],
    run: async () => {
      const list = await newsletterRow();
      const token = `${signToken("preferences", [(await subscriberOf(list.id)).id])}x`;
      return redirectsTo(
        await routes["/newsletters/preferences/save"].POST(formPost("http://test/", { token, newsletter: list.id, intent: "save" })),
        `/newsletters/preferences?token=${encodeURIComponent(token)}&saved=1`,
      );
    },
  },
  // Route handlers. Signed in or not makes no difference to them: they serve readers or the server itself.
  {
    name: "GET a published story's verify.json",
    allowed: EVERYONE,
    run: async () => http(await routes["/stories/[slug]/history/verify.json"].GET(new Request("http://test/"), params((await published()).slug))),
  },
  {
    name: "GET a draft's verify.json (drafts never reach readers)",
    allowed: [],
    run: async () => http(await routes["/stories/[slug]/history/verify.json"].GET(new Request("http://test/"), params((await draft()).slug))),
  },
  {
    name: "GET a live story's live.json",
    allowed: EVERYONE,
    run: async () => {
      const p = await published();
      await setStoryLive(actors.editor, { storyId: p.storyId, live: true });
      return http(await routes["/stories/[slug]/live.json"].GET(new Request("http://test/"), params(p.slug)));
    },
  },
  {
    name: "GET a draft's live.json",
    allowed: [],
    run: async () => http(await routes["/stories/[slug]/live.json"].GET(new Request("http://test/"), params((await draft()).slug))),
  },
  { name: "GET the corrections feed", allowed: EVERYONE, run: async () => http(await routes["/corrections/feed.xml"].GET()) },
  { name: "GET the health check", allowed: EVERYONE, run: async () => http(await routes["/api/health"].GET()) },
  // Feeds and sitemaps are public reads of published stories only (their content is tested in feeds and sitemaps tests).
  { name: "GET the site RSS feed", allowed: EVERYONE, run: async () => http(await routes["/feed.xml"].GET()) },
  { name: "GET the site Atom feed", allowed: EVERYONE, run: async () => http(await routes["/atom.xml"].GET()) },
  {
    name: "GET a section's feed",
    allowed: EVERYONE,
    run: async () =>
      http(
        await routes["/sections/[slug]/feed.xml"].GET(
          new Request("http://test/"),
          params((await db().section.findUniqueOrThrow({ where: { id: sectionId }, select: { slug: true } })).slug),
        ),
      ),
  },
  {
    name: "GET an author's feed",
    allowed: EVERYONE,
    run: async () =>
      http(
        await routes["/authors/[slug]/feed.xml"].GET(
          new Request("http://test/"),
          params((await db().user.findUniqueOrThrow({ where: { id: actors.editor.id }, select: { slug: true } })).slug!),
        ),
      ),
  },
  { name: "GET the sitemap index", allowed: EVERYONE, run: async () => http(await routes["/sitemap.xml"].GET()) },
  { name: "GET the pages sitemap", allowed: EVERYONE, run: async () => http(await routes["/sitemaps/pages.xml"].GET()) },
  {
    name: "GET the first story sitemap",
    allowed: EVERYONE,
    run: async () => http(await routes["/sitemaps/stories/[file]"].GET(new Request("http://test/"), { params: Promise.resolve({ file: "1.xml" }) })),
  },
  { name: "GET the news sitemap", allowed: EVERYONE, run: async () => http(await routes["/news-sitemap.xml"].GET()) },
  {
    name: "POST revalidate with the server's signature",
    allowed: EVERYONE,
    run: async () => {
      const { body, signature } = signTagExpiry(["front-page"]);
      return http(
        await routes["/api/internal/revalidate"].POST(
          new Request("http://test/api/internal/revalidate", { method: "POST", body, headers: { [INTERNAL_SIGNATURE_HEADER]: signature } }),
        ),
      );
    },
  },
  {
    name: "POST revalidate unsigned or forged (a session is no substitute)",
    allowed: [],
    run: async () => {
      const { body } = signTagExpiry(["front-page"]);
      const unsigned = await routes["/api/internal/revalidate"].POST(new Request("http://test/api/internal/revalidate", { method: "POST", body }));
      const forged = await routes["/api/internal/revalidate"].POST(
        new Request("http://test/api/internal/revalidate", { method: "POST", body, headers: { [INTERNAL_SIGNATURE_HEADER]: "0".repeat(64) } }),
      );
      return { ok: unsigned.ok || forged.ok };
    },
  },

  // Moving in and out (admins only).
  {
    name: "POST an archive to import",
    allowed: ["admin"],
    permission: "archive.import",
    run: async () =>
      http(
        await routes["/desk/import/upload"].POST(
          new Request("http://test/desk/import/upload?fileName=site.xml&pages=on", { method: "POST", body: "<rss><channel></channel></rss>" }),
        ),
      ),
  },
  {
    name: "POST the uploads folder of an import waiting for it",
    allowed: ["admin"],
    permission: "archive.import",
    run: async () => {
      const settings = importSettingsSchema.parse({ fileName: "site.xml", uploadsFileName: "uploads.zip" });
      const { runId } = await startImportRun(actors.admin, settings, new Response("<rss><channel></channel></rss>").body);
      return http(
        await routes["/desk/import/upload"].POST(
          new Request(`http://test/desk/import/upload?kind=uploads&run=${runId}`, { method: "POST", body: new Uint8Array(buildZip([])) }),
        ),
      );
    },
  },
  { name: "GET the archive as WXR", allowed: ["admin"], permission: "archive.export", run: async () => http(await routes["/desk/export/archive.wxr"].GET()) },
  {
    name: "GET the archive as ninjs",
    allowed: ["admin"],
    permission: "archive.export",
    run: async () => http(await routes["/desk/export/archive.ndjson"].GET()),
  },

  // The media library (app/(editor)/desk/media): reporters upload and edit their own photos; editors anyone's, and delete.
  {
    name: "POST a photo to the upload route",
    allowed: SIGNED_IN,
    permission: "media.upload",
    run: async () =>
      http(
        await routes["/desk/media/upload"].POST(
          new Request("http://test/desk/media/upload", {
            method: "POST",
            body: new Uint8Array(fixturePhoto("f6t.jpg")),
            headers: { "x-file-name": "f6t.jpg" },
          }),
        ),
      ),
  },
  {
    name: "edit the details of the author's photo",
    allowed: ["author", ...EDITORS],
    permission: "media.manage",
    run: async () => {
      const photo = await createProcessedPhoto(actors.author);
      return actions.updateMediaMetadataAction({ ...mediaDetails(), mediaId: photo.id, baseVersion: photo.version });
    },
  },
  {
    name: "process the author's photo again",
    allowed: ["author", ...EDITORS],
    permission: "media.manage",
    run: async () => actions.reprocessMediaAction({ mediaId: (await createProcessedPhoto(actors.author)).id }),
  },
  {
    name: "delete an unused photo",
    allowed: EDITORS,
    permission: "media.manage",
    run: async () => actions.deleteMediaAction({ mediaId: (await createProcessedPhoto(actors.author)).id }),
  },
  {
    name: "delete a photo a story uses (refused to everyone)",
    allowed: [],
    run: async () => {
      const photo = await createProcessedPhoto(actors.author);
      await putPhotoInStory((await draft()).storyId, photo.id);
      return actions.deleteMediaAction({ mediaId: photo.id });
    },
  },
  {
    name: "GET a rendition of a photo a published story uses",
    allowed: EVERYONE,
    run: async () => {
      const photo = await createProcessedPhoto(actors.author);
      await putPhotoInStory((await published()).storyId, photo.id);
      return http(await routes["/media/[file]"].GET(new Request("http://test/"), { params: Promise.resolve({ file: photo.renditions[0].file }) }));
    },
  },
  {
    name: "HEAD a rendition of a draft's photo (the newsroom only)",
    allowed: SIGNED_IN,
    run: async () => {
      const photo = await createProcessedPhoto(actors.author);
      await putPhotoInStory((await draft()).storyId, photo.id);
      return http(
        await routes["/media/[file]"].HEAD(new Request("http://test/", { method: "HEAD" }), { params: Promise.resolve({ file: photo.renditions[0].file }) }),
      );
    },
  },
  {
    name: "GET a photo's original (the newsroom only)",
    allowed: SIGNED_IN,
    permission: "media.upload",
    run: async () => {
      const photo = await createProcessedPhoto(actors.author);
      return http(await routes["/desk/media/[id]/original"].GET(new Request("http://test/"), { params: Promise.resolve({ id: photo.id }) }));
    },
  },

  // People (admins only).
  { name: "invite someone", allowed: ["admin"], permission: "user.manage", run: () => actions.inviteUserAction({ email: someone(), role: "REPORTER" }) },
  {
    name: "withdraw an invitation",
    allowed: ["admin"],
    permission: "user.manage",
    run: async () => actions.revokeInviteAction({ inviteId: (await inviteUser(actors.admin, { email: someone(), role: "EDITOR" })).inviteId }),
  },
  {
    name: "change someone's role",
    allowed: ["admin"],
    permission: "user.manage",
    run: async () => actions.changeUserRoleAction({ userId: (await createUser("REPORTER")).user.id, role: "EDITOR" }),
  },
  {
    name: "deactivate someone",
    allowed: ["admin"],
    permission: "user.manage",
    run: async () => actions.setUserActiveAction({ userId: (await createUser("EDITOR")).user.id, active: false }),
  },
  {
    name: "reactivate someone",
    allowed: ["admin"],
    permission: "user.manage",
    run: async () => actions.setUserActiveAction({ userId: (await createUser("EDITOR", { active: false })).user.id, active: true }),
  },
  {
    name: "make a password reset link",
    allowed: ["admin"],
    permission: "user.manage",
    run: async () => actions.createPasswordResetLinkAction({ userId: (await createUser("REPORTER")).user.id }),
  },
  {
    name: "turn off someone's two-factor sign-in",
    allowed: ["admin"],
    permission: "user.manage",
    run: async () => {
      const { user } = await createUser("REPORTER");
      await db().user.update({ where: { id: user.id }, data: { totpSecret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", totpEnabledAt: new Date() } });
      return actions.removeUserTwoFactorAction({ userId: user.id });
    },
  },
  {
    name: "require two-factor sign-in for a role",
    allowed: ["admin"],
    permission: "user.manage",
    run: async () => {
      const result = await actions.setRoleTwoFactorAction({ role: "EDITOR", requireTwoFactor: true });
      await db().rolePolicy.deleteMany(); // so that later cases (editors turning theirs off) start from no rule
      return result;
    },
  },

  // One's own account (anyone signed in).
  { name: "rename oneself", allowed: SIGNED_IN, run: () => actions.updateProfileAction({ name: `Renamed ${Math.random().toString(36).slice(2, 8)}` }) },
  {
    name: "change one's password",
    allowed: SIGNED_IN,
    run: async () => {
      const me = session.actor;
      const currentPassword = me ? passwords.get(me.id)! : "whatever it was";
      const password = `${NEW_PASSWORD} ${Math.random().toString(36).slice(2, 6)}`;
      const result = await actions.changePasswordAction({ currentPassword, password, confirmPassword: password });
      if (me && result.ok) passwords.set(me.id, password);
      return result;
    },
  },
  { name: "start setting up two-factor sign-in", allowed: SIGNED_IN, run: () => actions.startTotpSetupAction() },
  {
    name: "confirm two-factor setup",
    allowed: SIGNED_IN,
    run: async () => {
      const me = session.actor;
      if (!me) return actions.confirmTotpSetupAction({ code: "123456" });
      await db().user.update({ where: { id: me.id }, data: { totpSecret: null, totpEnabledAt: null, totpLastTimeStep: null } });
      await startTotpSetup(me);
      const { totpPendingSecret } = await db().user.findUniqueOrThrow({ where: { id: me.id }, select: { totpPendingSecret: true } });
      return actions.confirmTotpSetupAction({ code: await totpCode({ secret: totpPendingSecret! }) });
    },
  },
  {
    name: "turn off one's two-factor sign-in",
    allowed: SIGNED_IN,
    run: async () => {
      const me = session.actor;
      if (me) await withTwoFactorOn(me);
      return actions.disableTotpAction({ proof: me ? passwords.get(me.id)! : "a password" });
    },
  },
  {
    name: "make new recovery codes",
    allowed: SIGNED_IN,
    run: async () => {
      const me = session.actor;
      if (me) await withTwoFactorOn(me);
      return actions.regenerateRecoveryCodesAction({ proof: me ? passwords.get(me.id)! : "a password" });
    },
  },

  // Signing out: anyone may, and without a session there is nothing to end.
  { name: "sign out", allowed: EVERYONE, run: () => followingRedirect(async () => (await actions.signOutAction(), { ok: true })) },

  // One-time links: the link is the authorization, so anyone holding one may use it.
  {
    name: "accept an invitation",
    allowed: EVERYONE,
    run: async () => {
      const { token } = await inviteUser(actors.admin, { email: someone(), role: "REPORTER" });
      return actions.acceptInviteAction({ token, name: "New Person", password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    },
  },
  {
    name: "set a password with a reset link",
    allowed: EVERYONE,
    run: async () => {
      const { token } = await createPasswordResetLink(actors.admin, (await createUser("REPORTER")).user.id);
      return actions.resetPasswordAction({ token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    },
  },
];

// The status dimension: each action on one story, tried against the author's story in every status
// an editor or the author can bring it to, as every role. `allowed` says who may, given the status.
const STATUSES = ["DRAFT", "IN_REVIEW", "SCHEDULED", "PUBLISHED", "UNPUBLISHED"] as const;
type Status = (typeof STATUSES)[number];
type StoryRef = { storyId: string; version: number; slug: string };

/** The author's story, brought to `status` through the lib as the newsroom would. */
async function storyIn(status: Status): Promise<StoryRef> {
  const d = await draft();
  const values = storyValues({ sectionId, slug: d.slug });
  if (status === "DRAFT") return d;
  if (status === "IN_REVIEW") return updateStory(actors.author, { storyId: d.storyId, baseVersion: d.version, intent: "submit", values });
  if (status === "SCHEDULED")
    return {
      ...(await scheduleStory(actors.editor, { storyId: d.storyId, baseVersion: d.version, publishAt: new Date(Date.now() + 86400_000) })),
      slug: d.slug,
    };
  const p = await updateStory(actors.editor, { storyId: d.storyId, baseVersion: d.version, intent: "publish", values });
  if (status === "PUBLISHED") return p;
  return { ...(await unpublishStory(actors.editor, p.storyId, p.version)), slug: p.slug };
}

const EDITABLE_BY_AUTHOR: Status[] = ["DRAFT", "IN_REVIEW"];
const NEVER_PUBLISHED: Status[] = ["DRAFT", "IN_REVIEW", "SCHEDULED"];
/** The author under the edit rules (their own story, until an editor schedules or publishes it), and editors always. */
const editRule = (status: Status): Who[] => [...(EDITABLE_BY_AUTHOR.includes(status) ? (["author"] as Who[]) : []), ...EDITORS];
const only =
  (statuses: Status[], who: Who[]) =>
  (status: Status): Who[] =>
    statuses.includes(status) ? who : [];

type StatusRow = { name: string; allowed: (status: Status) => Who[]; run: (story: StoryRef) => Promise<{ ok: boolean }> };

const STATUS_ROWS: StatusRow[] = [
  {
    name: "save",
    allowed: editRule,
    run: (s) => actions.saveStoryAction({ storyId: s.storyId, baseVersion: s.version, intent: "save", values: { ...rawValues(), slug: s.slug } }),
  },
  {
    name: "autosave",
    allowed: (status) => (["PUBLISHED", "SCHEDULED"].includes(status) ? [] : editRule(status)),
    run: (s) =>
      actions.saveStoryAction({ storyId: s.storyId, baseVersion: s.version, intent: "save", autosave: true, values: { ...rawValues(), slug: s.slug } }),
  },
  // What readers have or will have at a set time does not go back to review.
  {
    name: "submit for review",
    allowed: (status) => (["SCHEDULED", "PUBLISHED"].includes(status) ? [] : editRule(status)),
    run: (s) => actions.saveStoryAction({ storyId: s.storyId, baseVersion: s.version, intent: "submit", values: { ...rawValues(), slug: s.slug } }),
  },
  {
    name: "publish",
    allowed: () => EDITORS,
    run: (s) => actions.saveStoryAction({ storyId: s.storyId, baseVersion: s.version, intent: "publish", values: { ...rawValues(), slug: s.slug } }),
  },
  { name: "unpublish", allowed: only(["PUBLISHED"], EDITORS), run: (s) => actions.unpublishStoryAction({ storyId: s.storyId, baseVersion: s.version }) },
  {
    name: "schedule",
    allowed: (status) => (status === "PUBLISHED" ? [] : EDITORS),
    run: (s) => actions.scheduleStoryAction({ storyId: s.storyId, baseVersion: s.version, publishAt: inAWeek() }),
  },
  // An embargo holds back what readers have not seen; a published story is past holding.
  {
    name: "embargo",
    allowed: (status) => (status === "PUBLISHED" ? [] : editRule(status)),
    run: (s) => actions.setEmbargoAction({ storyId: s.storyId, baseVersion: s.version, embargoUntil: inAWeek() }),
  },
  {
    name: "take off the schedule",
    allowed: only(["SCHEDULED"], EDITORS),
    run: (s) => actions.cancelScheduleAction({ storyId: s.storyId, baseVersion: s.version }),
  },
  // Changes for later, and an archive's original time, are for what readers already have.
  {
    name: "schedule a change",
    allowed: only(["PUBLISHED"], EDITORS),
    run: (s) => actions.scheduleChangeAction({ storyId: s.storyId, baseVersion: s.version, runAt: inAWeek(), values: { ...rawValues(), slug: s.slug } }),
  },
  {
    name: "set the original publication time",
    allowed: only(["PUBLISHED"], ["admin"]),
    run: (s) => actions.setOriginalPublicationTimeAction({ storyId: s.storyId, firstPublishedAt: "2016-12-13T04:50" }),
  },
  // Deleting follows the edit rules, and only what readers never saw can go.
  {
    name: "delete",
    allowed: (status) => (NEVER_PUBLISHED.includes(status) ? editRule(status) : []),
    run: (s) => followingRedirect(() => actions.deleteStoryAction({ storyId: s.storyId })),
  },
  { name: "share a preview", allowed: editRule, run: (s) => actions.createPreviewLinkAction({ storyId: s.storyId }) },
  {
    name: "restore a revision",
    allowed: editRule,
    run: async (s) => {
      const revision = await db().revision.findFirstOrThrow({ where: { storyId: s.storyId }, orderBy: { createdAt: "asc" } });
      return actions.restoreRevisionAction({ storyId: s.storyId, revisionId: revision.id, baseVersion: s.version });
    },
  },
  // Reading the story in the newsroom: everyone on the staff, whatever its status.
  { name: "see who has it open", allowed: () => SIGNED_IN, run: (s) => actions.touchPresenceAction({ storyId: s.storyId }) },
  { name: "load its latest version", allowed: () => SIGNED_IN, run: (s) => actions.getLatestStoryAction({ storyId: s.storyId }) },
  {
    name: "add a correction",
    allowed: only(["PUBLISHED"], EDITORS),
    run: (s) =>
      actions.addLogEntryAction({ storyId: s.storyId, kind: "CORRECTION", note: "An earlier version misspelled a name.", occurredAt: "", significant: true }),
  },
  { name: "start live coverage", allowed: only(["PUBLISHED"], EDITORS), run: (s) => actions.setStoryLiveAction({ storyId: s.storyId, live: true }) },
  {
    name: "take down its first published version",
    allowed: only(["PUBLISHED", "UNPUBLISHED"], ["admin"]),
    run: (s) => actions.takeDownVersionAction({ storyId: s.storyId, sequence: 1, reason: "A court order concerning this version." }),
  },
];

describe.each(STATUS_ROWS)("$name, by status", ({ allowed, run }) => {
  describe.each(STATUSES)("a story that is %s", (status) => {
    it.each(WHO)("as %s", async (who) => {
      const story = await storyIn(status);
      expired.length = 0;
      session.actor = who === "anonymous" ? null : actors[who];
      const startedAt = new Date();
      let result: { ok: boolean };
      try {
        result = await run(story);
      } finally {
        session.actor = null;
      }
      expect(result).toMatchObject({ ok: allowed(status).includes(who) });
      if (!result.ok) {
        expect(expired).toEqual([]);
        if (who !== "anonymous") expect(await db().auditEvent.count({ where: { actorId: actors[who].id, createdAt: { gte: startedAt } } })).toBe(0);
        expect(await db().story.findUnique({ where: { id: story.storyId }, select: { version: true } })).toEqual({ version: story.version });
      }
    });
  });
});

describe.each(ROWS)("$name", ({ allowed, run }) => {
  it.each(WHO)("as %s", async (who) => {
    session.actor = who === "anonymous" ? null : actors[who];
    const startedAt = new Date();
    let result: { ok: boolean; message?: string };
    try {
      result = await run();
    } finally {
      session.actor = null;
    }
    if (allowed.includes(who)) {
      expect(result).toMatchObject({ ok: true });
    } else {
      expect(result).toMatchObject({ ok: false });
      if ("message" in result) expect(result.message).toMatch(/sign in|only|can edit only|cannot|can share previews only|can delete only/i);
      // A refused action changes nothing readers see, and the refused person did nothing on the record
      // (beyond creating or publishing the story, or uploading the photo, some cases set up).
      expect(expired).toEqual([]);
      if (who !== "anonymous")
        expect(
          await db().auditEvent.count({
            where: { actorId: actors[who].id, createdAt: { gte: startedAt }, action: { notIn: ["story.create", "story.publish", "media.upload"] } },
          }),
        ).toBe(0);
    }
  });
});

describe("the table agrees with lib/auth/permissions.ts", () => {
  it.each(ROWS.filter((row) => row.permission))(
    "$name: exactly the roles holding $permission, plus the author where ownership counts",
    ({ allowed, permission }) => {
      expect(Object.keys(PERMISSIONS)).toContain(permission);
      expect(allowed).not.toContain("anonymous");
      // The other reporter owns nothing here, so only the role decides for them, the editor and the admin.
      for (const who of ["other reporter", "editor", "admin"] as const) expect([who, allowed.includes(who)]).toEqual([who, can(actors[who], permission!)]);
    },
  );
});

describe("presence follows the right to read the story", () => {
  it("is refused to a role without story.read on a story it cannot edit, and records nothing", async () => {
    const story = await draft();
    const reporterRights = ROLE_PERMISSIONS.REPORTER as Set<Permission>;
    reporterRights.delete("story.read");
    session.actor = actors["other reporter"];
    try {
      expect(await actions.touchPresenceAction({ storyId: story.storyId })).toMatchObject({
        ok: false,
        message: expect.stringMatching(/cannot open this story/),
      });
      // Their own story stays theirs to open.
      session.actor = actors.author;
      expect(await actions.touchPresenceAction({ storyId: story.storyId })).toMatchObject({ ok: true });
    } finally {
      reporterRights.add("story.read");
      session.actor = null;
    }
    expect(await db().storyPresence.count({ where: { storyId: story.storyId, userId: actors["other reporter"].id } })).toBe(0);
  });
});

// Runs last: every endpoint found in app/ must have been called by some row above.
describe("every server action and route handler has a row", () => {
  // Endpoints whose authorization is not this table's to check, and why.
  const ELSEWHERE: Record<string, string> = {
    "route GET /api/auth/[...nextauth]": "next-auth's own handler; the sign-in it runs is tested in tests/auth.test.ts and tests/accounts.test.ts",
    "route POST /api/auth/[...nextauth]": "next-auth's own handler; the sign-in it runs is tested in tests/auth.test.ts and tests/accounts.test.ts",
  };
  it("has been called above", () => {
    expect(endpoints.all.length).toBeGreaterThan(30);
    const missing = endpoints.all.filter((id) => !endpoints.called.has(id) && !(id in ELSEWHERE)).map((id) => `${id} (${endpoints.files.get(id)})`);
    expect(missing).toEqual([]);
  });
});
