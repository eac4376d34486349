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
    requireAccountHolder: async () => {
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
const people = await import("@/app/(editor)/desk/users/actions");
const profile = await import("@/app/(editor)/desk/profile/actions");
const accountLinks = await import("@/app/(auth)/account-link-actions");
const { createPasswordResetLink, inviteUser } = await import("@/lib/users/mutations");
const { confirmTotpSetup, startTotpSetup } = await import("@/lib/users/profile");
const { generate: totpCode } = await import("otplib");
const { createSection, createUser, storyValues } = await import("./support/factories");

type Who = "anonymous" | "author" | "other reporter" | "editor" | "admin";
const WHO: Who[] = ["anonymous", "author", "other reporter", "editor", "admin"];
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

const someone = () => `person-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@newsroom.test`;
const NEW_PASSWORD = "a long enough new password";

/** The actor under test with two-factor sign-in on (set up through the lib, as the profile page does). */
async function withTwoFactorOn(actor: Actor) {
  await db().user.update({ where: { id: actor.id }, data: { totpSecret: null, totpEnabledAt: null, totpLastTimeStep: null } });
  await startTotpSetup(actor);
  const { totpPendingSecret } = await db().user.findUniqueOrThrow({ where: { id: actor.id }, select: { totpPendingSecret: true } });
  await confirmTotpSetup(actor, await totpCode({ secret: totpPendingSecret! }));
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

  // People (admins only).
  { action: "invite someone", allowed: ["admin"], run: () => people.inviteUserAction({ email: someone(), role: "REPORTER" }) },
  {
    action: "withdraw an invitation",
    allowed: ["admin"],
    run: async () => people.revokeInviteAction({ inviteId: (await inviteUser(actors.admin, { email: someone(), role: "EDITOR" })).inviteId }),
  },
  { action: "change someone's role", allowed: ["admin"], run: async () => people.changeUserRoleAction({ userId: (await createUser("REPORTER")).user.id, role: "EDITOR" }) },
  { action: "deactivate someone", allowed: ["admin"], run: async () => people.setUserActiveAction({ userId: (await createUser("EDITOR")).user.id, active: false }) },
  { action: "reactivate someone", allowed: ["admin"], run: async () => people.setUserActiveAction({ userId: (await createUser("EDITOR", { active: false })).user.id, active: true }) },
  { action: "make a password reset link", allowed: ["admin"], run: async () => people.createPasswordResetLinkAction({ userId: (await createUser("REPORTER")).user.id }) },
  {
    action: "turn off someone's two-factor sign-in",
    allowed: ["admin"],
    run: async () => {
      const { user } = await createUser("REPORTER");
      await db().user.update({ where: { id: user.id }, data: { totpSecret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", totpEnabledAt: new Date() } });
      return people.removeUserTwoFactorAction({ userId: user.id });
    },
  },
  {
    action: "require two-factor sign-in for a role",
    allowed: ["admin"],
    run: async () => {
      const result = await people.setRoleTwoFactorAction({ role: "EDITOR", requireTwoFactor: true });
      await db().rolePolicy.deleteMany(); // so that later cases (editors turning theirs off) start from no rule
      return result;
    },
  },

  // One's own account (anyone signed in).
  { action: "rename oneself", allowed: ["author", "other reporter", "editor", "admin"], run: () => profile.updateProfileAction({ name: `Renamed ${Math.random().toString(36).slice(2, 8)}` }) },
  {
    action: "change one's password",
    allowed: ["author", "other reporter", "editor", "admin"],
    run: async () => {
      const me = session.actor;
      const currentPassword = me ? passwords.get(me.id)! : "whatever it was";
      const password = `${NEW_PASSWORD} ${Math.random().toString(36).slice(2, 6)}`;
      const result = await profile.changePasswordAction({ currentPassword, password, confirmPassword: password });
      if (me && result.ok) passwords.set(me.id, password);
      return result;
    },
  },
  { action: "start setting up two-factor sign-in", allowed: ["author", "other reporter", "editor", "admin"], run: () => profile.startTotpSetupAction() },
  {
    action: "confirm two-factor setup",
    allowed: ["author", "other reporter", "editor", "admin"],
    run: async () => {
      const me = session.actor;
      if (!me) return profile.confirmTotpSetupAction({ code: "123456" });
      await db().user.update({ where: { id: me.id }, data: { totpSecret: null, totpEnabledAt: null, totpLastTimeStep: null } });
      await startTotpSetup(me);
      const { totpPendingSecret } = await db().user.findUniqueOrThrow({ where: { id: me.id }, select: { totpPendingSecret: true } });
      return profile.confirmTotpSetupAction({ code: await totpCode({ secret: totpPendingSecret! }) });
    },
  },
  {
    action: "turn off one's two-factor sign-in",
    allowed: ["author", "other reporter", "editor", "admin"],
    run: async () => {
      const me = session.actor;
      if (me) await withTwoFactorOn(me);
      return profile.disableTotpAction({ proof: me ? passwords.get(me.id)! : "a password" });
    },
  },
  {
    action: "make new recovery codes",
    allowed: ["author", "other reporter", "editor", "admin"],
    run: async () => {
      const me = session.actor;
      if (me) await withTwoFactorOn(me);
      return profile.regenerateRecoveryCodesAction({ proof: me ? passwords.get(me.id)! : "a password" });
    },
  },

  // One-time links: the link is the authorization, so anyone holding one may use it.
  {
    action: "accept an invitation",
    allowed: WHO,
    run: async () => {
      const { token } = await inviteUser(actors.admin, { email: someone(), role: "REPORTER" });
      return accountLinks.acceptInviteAction({ token, name: "New Person", password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    },
  },
  {
    action: "set a password with a reset link",
    allowed: WHO,
    run: async () => {
      const { token } = await createPasswordResetLink(actors.admin, (await createUser("REPORTER")).user.id);
      return accountLinks.resetPasswordAction({ token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    },
  },
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
