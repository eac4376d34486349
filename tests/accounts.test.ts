// People and sign-in against the real database: invitations and reset links, role changes and
// deactivation with the last-admin rule, sign-in rate limits, two-factor sign-in with replay
// protection and recovery codes, and a role that requires two-factor.
import { generate } from "otplib";
import nodemailer from "nodemailer";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { authorizeCredentials } from "@/lib/auth/credentials";
import { resolveActor, resolveSession } from "@/lib/auth/actor";
import { SIGN_IN_LIMITS } from "@/lib/auth/rate-limit";
import { inviteUser, changeUserRole, setUserActive, createPasswordResetLink, setRoleTwoFactorRequirement, removeUserTwoFactor } from "@/lib/users/mutations";
import { acceptInvite, resetPasswordWithLink } from "@/lib/users/account-links";
import { changeOwnPassword, confirmTotpSetup, disableTotp, startTotpSetup, updateProfile } from "@/lib/users/profile";
import { hashToken, inspectToken } from "@/lib/users/tokens";
import { passwordProblem } from "@/lib/users/schemas";
import { composeAccountEmail, sendAccountEmail } from "@/lib/users/mail";
import { createStory } from "@/lib/stories/mutations";
import { cacheTags } from "@/lib/cache/tags";
import { createSection, createUser, storyValues } from "./support/factories";

const GOOD_PASSWORD = "correct horse battery staple";
const unique = () => Math.random().toString(36).slice(2, 10);

async function auditCount(action: string, entityId?: string) {
  return db().auditEvent.count({ where: { action, ...(entityId ? { entityId } : {}) } });
}

async function invitedAccount(role: "ADMIN" | "EDITOR" | "REPORTER" = "REPORTER") {
  const { actor: admin } = await createUser("ADMIN");
  const email = `new-${unique()}@newsroom.test`;
  const invite = await inviteUser(admin, { email, role });
  return { admin, email, invite };
}

describe("invitations", () => {
  it("an invitee accepts once, chooses a name and password, and can sign in with them", async () => {
    const { email, invite, admin } = await invitedAccount("EDITOR");
    // Only the hash is stored.
    const row = await db().accountToken.findUniqueOrThrow({ where: { id: invite.inviteId } });
    expect(row.tokenHash).toBe(hashToken(invite.token));
    expect(row.tokenHash).not.toContain(invite.token);
    expect(row.createdById).toBe(admin.id);
    expect(invite.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 86400_000);

    await expect(acceptInvite({ token: invite.token, name: "Rosa Diaz", password: GOOD_PASSWORD, confirmPassword: GOOD_PASSWORD })).resolves.toEqual({ email });
    const user = await db().user.findUniqueOrThrow({ where: { email }, select: { id: true, name: true, role: true, slug: true } });
    // The newcomer's author page is ready for their first byline.
    expect(user).toMatchObject({ name: "Rosa Diaz", role: "EDITOR", slug: expect.stringMatching(/^rosa-diaz(-\d+)?$/) });
    expect(await authorizeCredentials({ email, password: GOOD_PASSWORD })).toMatchObject({ kind: "ok", user: { id: user.id } });
    expect(await auditCount("user.invite", invite.inviteId)).toBe(1);
    expect(await auditCount("user.invite_accept", user.id)).toBe(1);
    // Audit data never carries secrets.
    const events = await db().auditEvent.findMany({
      where: { action: { in: ["user.invite", "user.invite_accept"] }, OR: [{ entityId: invite.inviteId }, { entityId: user.id }] },
    });
    for (const event of events) expect(JSON.stringify(event.data)).not.toMatch(new RegExp(`${invite.token}|${GOOD_PASSWORD}|${row.tokenHash}`));
  });

  it("refuses a replayed, a replaced, an expired and an altered link, saying which", async () => {
    const { email, invite, admin } = await invitedAccount();
    await acceptInvite({ token: invite.token, name: "First Person", password: GOOD_PASSWORD, confirmPassword: GOOD_PASSWORD });
    await expect(acceptInvite({ token: invite.token, name: "Second Person", password: GOOD_PASSWORD, confirmPassword: GOOD_PASSWORD })).rejects.toThrow(
      /already been used/,
    );
    expect(await db().user.count({ where: { email } })).toBe(1);

    const other = `other-${unique()}@newsroom.test`;
    const first = await inviteUser(admin, { email: other, role: "REPORTER" });
    const second = await inviteUser(admin, { email: other, role: "EDITOR" });
    expect((await inspectToken("INVITE", first.token)).state).toBe("replaced");
    expect((await inspectToken("INVITE", second.token)).state).toBe("valid");

    await db().accountToken.update({ where: { id: second.inviteId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(acceptInvite({ token: second.token, name: "Late Person", password: GOOD_PASSWORD, confirmPassword: GOOD_PASSWORD })).rejects.toThrow(
      /expired/,
    );

    const altered = `${second.token.slice(0, -1)}${second.token.endsWith("A") ? "B" : "A"}`;
    expect((await inspectToken("INVITE", altered)).state).toBe("unknown");
    expect((await inspectToken("INVITE", "short")).state).toBe("unknown");
    // A reset link is not an invitation.
    const { user } = await createUser("REPORTER");
    const reset = await createPasswordResetLink(admin, user.id);
    expect((await inspectToken("INVITE", reset.token)).state).toBe("unknown");
  });

  it("refuses an invitation to an existing account and states the password rules", async () => {
    const { actor: admin } = await createUser("ADMIN");
    const { user } = await createUser("REPORTER");
    await expect(inviteUser(admin, { email: user.email, role: "EDITOR" })).rejects.toThrow(/already has an account/);
    const { invite, email } = await invitedAccount();
    await expect(acceptInvite({ token: invite.token, name: "Short", password: "too short", confirmPassword: "too short" })).rejects.toMatchObject({
      fieldErrors: { password: [expect.stringMatching(/at least 12/)] },
    });
    await expect(acceptInvite({ token: invite.token, name: "Mismatch", password: GOOD_PASSWORD, confirmPassword: `${GOOD_PASSWORD}!` })).rejects.toMatchObject({
      fieldErrors: { confirmPassword: expect.any(Array) },
    });
    expect(passwordProblem(email, email)).toMatch(/email/);
    expect(passwordProblem("x".repeat(1025), email)).toMatch(/at most 1024/);
    expect(passwordProblem(GOOD_PASSWORD, email)).toBeNull();
    // The failed attempts did not use the link up.
    expect((await inspectToken("INVITE", invite.token)).state).toBe("valid");
  });

  it("only admins invite", async () => {
    const { actor: editor } = await createUser("EDITOR");
    await expect(inviteUser(editor, { email: `x-${unique()}@newsroom.test`, role: "ADMIN" })).rejects.toThrow(/Only admins/);
  });
});

describe("password reset links", () => {
  it("sets a new password once, ends existing sessions, and refuses a replay", async () => {
    const { actor: admin } = await createUser("ADMIN");
    const { user, password } = await createUser("EDITOR");
    const oldSession = { userId: user.id, sessionVersion: user.sessionVersion };
    const { token } = await createPasswordResetLink(admin, user.id);
    await resetPasswordWithLink({ token, password: GOOD_PASSWORD, confirmPassword: GOOD_PASSWORD });
    expect(await resolveActor(oldSession)).toBeNull();
    expect(await authorizeCredentials({ email: user.email, password })).toEqual({ kind: "invalid" });
    expect(await authorizeCredentials({ email: user.email, password: GOOD_PASSWORD })).toMatchObject({ kind: "ok" });
    await expect(resetPasswordWithLink({ token, password: `${GOOD_PASSWORD} 2`, confirmPassword: `${GOOD_PASSWORD} 2` })).rejects.toThrow(/already been used/);
    expect(await auditCount("user.password_reset_link", user.id)).toBe(1);
    expect(await auditCount("user.password_reset", user.id)).toBe(1);
  });

  it("stops working when the account is deactivated", async () => {
    const { actor: admin } = await createUser("ADMIN");
    const { user } = await createUser("REPORTER");
    const { token } = await createPasswordResetLink(admin, user.id);
    await setUserActive(admin, user.id, false);
    await expect(resetPasswordWithLink({ token, password: GOOD_PASSWORD, confirmPassword: GOOD_PASSWORD })).rejects.toThrow(/no longer valid/);
  });
});

describe("roles and deactivation", () => {
  it("a role change ends the person's sessions and is audited", async () => {
    const { actor: admin } = await createUser("ADMIN");
    const { user } = await createUser("REPORTER");
    await changeUserRole(admin, user.id, "EDITOR");
    expect(await resolveActor({ userId: user.id, sessionVersion: user.sessionVersion })).toBeNull();
    expect(await resolveActor({ userId: user.id, sessionVersion: user.sessionVersion + 1 })).toMatchObject({ role: "EDITOR" });
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "user.role_change", entityId: user.id } });
    expect(event).toMatchObject({ actorId: admin.id, data: { from: "REPORTER", to: "EDITOR" } });
  });

  it("deactivation ends the session at its next request and refuses sign-in; reactivation restores sign-in", async () => {
    const { actor: admin } = await createUser("ADMIN");
    const { user, password } = await createUser("EDITOR");
    const session = { userId: user.id, sessionVersion: user.sessionVersion };
    expect(await resolveActor(session)).not.toBeNull();
    await setUserActive(admin, user.id, false);
    expect(await resolveActor(session)).toBeNull();
    expect(await authorizeCredentials({ email: user.email, password })).toEqual({ kind: "invalid" });
    await setUserActive(admin, user.id, true);
    expect(await authorizeCredentials({ email: user.email, password })).toMatchObject({ kind: "ok" });
    expect(await auditCount("user.deactivate", user.id)).toBe(1);
    expect(await auditCount("user.reactivate", user.id)).toBe(1);
  });

  it("never leaves the newsroom without an active admin, not even by demoting oneself", async () => {
    // Only this test's admins are active admins.
    await db().user.updateMany({ where: { role: "ADMIN" }, data: { active: false } });
    const { actor: only } = await createUser("ADMIN");
    await expect(changeUserRole(only, only.id, "EDITOR")).rejects.toThrow(/You are the only active admin/);
    await expect(setUserActive(only, only.id, false)).rejects.toThrow(/cannot deactivate your own account/);
    const { actor: second } = await createUser("ADMIN");
    await expect(setUserActive(second, only.id, false)).resolves.toBeUndefined();
    await expect(changeUserRole(second, second.id, "REPORTER")).rejects.toThrow(/only active admin/);
    await setUserActive(second, only.id, true);
    // With two, one may step down.
    await changeUserRole(only, only.id, "EDITOR");
    expect((await db().user.findUniqueOrThrow({ where: { id: only.id } })).role).toBe("EDITOR");
  });

  it("two admins demoting each other at the same moment: one wins, one admin remains", async () => {
    await db().user.updateMany({ where: { role: "ADMIN" }, data: { active: false } });
    const { actor: a } = await createUser("ADMIN");
    const { actor: b } = await createUser("ADMIN");
    // Hold the admins' lock from outside, so that both changes are in flight together: each must wait
    // for it, and then count again after the other committed.
    const outside = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await outside.connect();
    await outside.query("BEGIN");
    await outside.query("SELECT pg_advisory_xact_lock(hashtext('newsroom:active-admins'))");
    let settled = 0;
    const racing = [changeUserRole(a, b.id, "EDITOR"), changeUserRole(b, a.id, "EDITOR")].map((p) => p.finally(() => void settled++));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(settled).toBe(0);
    await outside.query("COMMIT");
    await outside.end();
    const results = await Promise.allSettled(racing);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))).toEqual([
      expect.stringMatching(/only active admin/),
    ]);
    expect(await db().user.count({ where: { role: "ADMIN", active: true } })).toBe(1);
  });
});

describe("sign-in rate limits", () => {
  it(`locks an account after ${SIGN_IN_LIMITS.account.points} failures, even against the right password, and says until when`, async () => {
    const { user, password } = await createUser("REPORTER");
    // The lock ends 15 minutes after the window's first failure: between these two clock readings
    // plus 15 minutes, however long the attempts took on a busy machine.
    const before = Date.now();
    for (let i = 1; i < SIGN_IN_LIMITS.account.points; i++)
      expect(await authorizeCredentials({ email: user.email, password: "wrong password" }, { ip: "203.0.113.5" })).toEqual({ kind: "invalid" });
    const last = await authorizeCredentials({ email: user.email, password: "wrong password" }, { ip: "203.0.113.5" });
    const after = Date.now();
    expect(last.kind).toBe("locked");
    const until = (last as { until: Date }).until.getTime();
    expect(until).toBeGreaterThanOrEqual(before + 15 * 60_000 - 1000);
    expect(until).toBeLessThanOrEqual(after + 15 * 60_000 + 1000);
    expect(await authorizeCredentials({ email: user.email, password }, { ip: "198.51.100.7" })).toMatchObject({ kind: "locked" });
    expect(await auditCount("auth.lockout", user.id)).toBe(1);
    expect(await db().auditEvent.count({ where: { action: "auth.sign_in_failed", entityId: user.id, ip: "203.0.113.5" } })).toBe(SIGN_IN_LIMITS.account.points);
    // Counted in the database, where every server instance sees it.
    expect(await db().rateLimit.findUnique({ where: { key: `signin:account:${user.email}` } })).toMatchObject({ points: SIGN_IN_LIMITS.account.points });
  });

  it("a successful sign-in clears the account's failures", async () => {
    const { user, password } = await createUser("REPORTER");
    for (let i = 1; i < SIGN_IN_LIMITS.account.points; i++) await authorizeCredentials({ email: user.email, password: "wrong password" });
    expect(await authorizeCredentials({ email: user.email, password })).toMatchObject({ kind: "ok" });
    for (let i = 1; i < SIGN_IN_LIMITS.account.points; i++)
      expect(await authorizeCredentials({ email: user.email, password: "wrong password" })).toEqual({ kind: "invalid" });
  });

  it(`locks an address after ${SIGN_IN_LIMITS.ip.points} failures across accounts`, async () => {
    const ip = "192.0.2.44";
    for (let i = 0; i < SIGN_IN_LIMITS.ip.points - 1; i++)
      expect((await authorizeCredentials({ email: `nobody-${i}-${unique()}@newsroom.test`, password: "guess" }, { ip })).kind).toBe("invalid");
    expect((await authorizeCredentials({ email: `nobody-${unique()}@newsroom.test`, password: "guess" }, { ip })).kind).toBe("locked");
    const { user, password } = await createUser("EDITOR");
    expect((await authorizeCredentials({ email: user.email, password }, { ip })).kind).toBe("locked");
    expect((await authorizeCredentials({ email: user.email, password }, { ip: "192.0.2.45" })).kind).toBe("ok");
  });
});

describe("sign-in rate limits under concurrent attempts", () => {
  // The attack: many guesses sent at once, so that every one is checked before any failure is counted.
  // The attempts go out together through the real sign-in path (a real PostgreSQL, a pool of
  // connections, Argon2 on the thread pool), in the order given.
  const attempt = (email: string, password: string, ip: string) => authorizeCredentials({ email, password }, { ip });
  const counter = async (key: string) => (await db().rateLimit.findUnique({ where: { key } }))?.points ?? 0;

  it(`30 guesses at one account at once, the right password 16th: refused, and only ${SIGN_IN_LIMITS.account.points} checked`, async () => {
    const { user, password } = await createUser("REPORTER");
    const ip = "203.0.113.77";
    const guesses = Array.from({ length: 30 }, (_, i) => (i === 15 ? password : `wrong guess ${i}`));
    const outcomes = await Promise.all(guesses.map((guess) => attempt(user.email, guess, ip)));
    expect(outcomes[15].kind).toBe("locked");
    expect(outcomes.filter((o) => o.kind === "ok")).toEqual([]);
    // Exactly the limit's worth of passwords were checked (the last of them says "locked" too, as it
    // used the limit up); every other attempt was refused unchecked.
    expect(outcomes.filter((o) => o.kind === "invalid")).toHaveLength(SIGN_IN_LIMITS.account.points - 1);
    expect(await db().auditEvent.count({ where: { action: "auth.sign_in_failed", entityId: user.id } })).toBe(SIGN_IN_LIMITS.account.points);
    expect(await counter(`signin:account:${user.email}`)).toBe(SIGN_IN_LIMITS.account.points);
    expect(await counter(`signin:ip:${ip}`)).toBe(SIGN_IN_LIMITS.account.points);
    // And the account stays locked for the right password afterwards.
    expect((await attempt(user.email, password, "198.51.100.77")).kind).toBe("locked");
  });

  it(`30 guesses from one address across accounts at once: only ${SIGN_IN_LIMITS.ip.points} checked, and a right password then refused`, async () => {
    const { user, password } = await createUser("EDITOR");
    const ip = "192.0.2.177";
    // Concurrent attempts reach the limiter in no fixed order, so the right password comes after the
    // crowd: which of the 30 were checked is the database's choice, how many is the limit's.
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => attempt(`nobody-${i}-${unique()}@newsroom.test`, "a guess", ip)));
    expect(outcomes.filter((o) => o.kind !== "locked")).toHaveLength(SIGN_IN_LIMITS.ip.points - 1);
    expect((await attempt(user.email, password, ip)).kind).toBe("locked");
    expect(await counter(`signin:ip:${ip}`)).toBe(SIGN_IN_LIMITS.ip.points);
    expect(await db().auditEvent.count({ where: { action: "auth.sign_in_failed", ip } })).toBe(SIGN_IN_LIMITS.ip.points);
  });

  it("a right password gives its reserved point back", async () => {
    const { user, password } = await createUser("REPORTER");
    const ip = "192.0.2.178";
    await attempt(user.email, "wrong guess", ip);
    expect(await attempt(user.email, password, ip)).toMatchObject({ kind: "ok" });
    expect(await counter(`signin:ip:${ip}`)).toBe(1);
    expect(await counter(`signin:account:${user.email}`)).toBe(0);
  });
});

describe("signing in while the database is down", () => {
  it("says the service is unavailable, not that the password is wrong, and counts nothing", async () => {
    const { user, password } = await createUser("REPORTER");
    const ip = "198.51.100.99";
    // The fault: this test file's database refuses every connection and the app's are cut, as when
    // PostgreSQL is down or restarting.
    const database = new URL(process.env.DATABASE_URL!).pathname.slice(1);
    const admin = new pg.Client({ connectionString: inject("adminUrl") });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [database]);
      for (const guess of ["a wrong guess", password])
        expect(await authorizeCredentials({ email: user.email, password: guess }, { ip })).toEqual({ kind: "unavailable" });
    } finally {
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    expect(await db().rateLimit.count({ where: { key: { in: [`signin:account:${user.email}`, `signin:ip:${ip}`] } } })).toBe(0);
    expect(await authorizeCredentials({ email: user.email, password }, { ip })).toMatchObject({ kind: "ok" });
  });
});

/** A code for the time step `stepsAhead` steps from now (the server accepts one step either side). */
const codeFor = (secret: string, stepsAhead = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * stepsAhead });

async function withTwoFactor(role: "ADMIN" | "EDITOR" | "REPORTER" = "EDITOR") {
  const created = await createUser(role);
  await startTotpSetup(created.actor);
  const { totpPendingSecret: secret } = await db().user.findUniqueOrThrow({ where: { id: created.user.id }, select: { totpPendingSecret: true } });
  await expect(confirmTotpSetup(created.actor, "000000")).rejects.toThrow(/does not match/);
  const { recoveryCodes } = await confirmTotpSetup(created.actor, await codeFor(secret!));
  return { ...created, secret: secret!, recoveryCodes };
}

describe("two-factor sign-in", () => {
  it("is turned on with a first code and gives ten single-use recovery codes, stored hashed", async () => {
    const { user, recoveryCodes } = await withTwoFactor();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const stored = await db().recoveryCode.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(10);
    for (const row of stored) expect(recoveryCodes).not.toContain(row.codeHash);
    expect(await auditCount("auth.totp_enable", user.id)).toBe(1);
    // The secret is never in a default query.
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id } })).not.toHaveProperty("totpSecret");
  });

  it("asks for a code after a right password only, accepts a current code once, and refuses its replay", async () => {
    const { user, password, secret } = await withTwoFactor();
    expect(await authorizeCredentials({ email: user.email, password: "wrong password" })).toEqual({ kind: "invalid" });
    expect(await authorizeCredentials({ email: user.email, password })).toEqual({ kind: "two-factor-required" });
    expect(await authorizeCredentials({ email: user.email, password, code: "123456" })).toEqual({ kind: "two-factor-invalid" });
    const code = await codeFor(secret, 1);
    expect(await authorizeCredentials({ email: user.email, password, code })).toMatchObject({ kind: "ok" });
    expect(await authorizeCredentials({ email: user.email, password, code })).toEqual({ kind: "two-factor-invalid" });
    // The code used to turn it on cannot sign in either (an earlier step).
    expect(await authorizeCredentials({ email: user.email, password, code: await codeFor(secret, 0) })).toEqual({ kind: "two-factor-invalid" });
    expect(await db().auditEvent.count({ where: { action: "auth.sign_in", entityId: user.id, data: { path: ["method"], equals: "password+totp" } } })).toBe(1);
  });

  it("two requests racing with the same code: only one signs in", async () => {
    const { user, password, secret } = await withTwoFactor();
    const code = await codeFor(secret, 1);
    const results = await Promise.all([
      authorizeCredentials({ email: user.email, password, code }),
      authorizeCredentials({ email: user.email, password, code }),
    ]);
    expect(results.map((r) => r.kind).sort()).toEqual(["ok", "two-factor-invalid"]);
  });

  it("a recovery code signs in once", async () => {
    const { user, password, recoveryCodes } = await withTwoFactor();
    const code = recoveryCodes[3].toUpperCase().replace("-", " ");
    expect(await authorizeCredentials({ email: user.email, password, code })).toMatchObject({ kind: "ok" });
    expect(await authorizeCredentials({ email: user.email, password, code: recoveryCodes[3] })).toEqual({ kind: "two-factor-invalid" });
    expect(await db().recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(9);
  });

  it(`locks two-factor attempts after ${SIGN_IN_LIMITS.totp.points} wrong codes`, async () => {
    const { user, password, secret } = await withTwoFactor();
    for (let i = 1; i < SIGN_IN_LIMITS.totp.points; i++)
      expect((await authorizeCredentials({ email: user.email, password, code: "000000" })).kind).toBe("two-factor-invalid");
    expect((await authorizeCredentials({ email: user.email, password, code: "000000" })).kind).toBe("locked");
    expect((await authorizeCredentials({ email: user.email, password, code: await codeFor(secret, 1) })).kind).toBe("locked");
  });

  it("is turned off only with a current code or the password", async () => {
    const { actor, user, password } = await withTwoFactor();
    await expect(disableTotp(actor, "not my password")).rejects.toThrow(/not a current code/);
    await disableTotp(actor, password);
    expect(await authorizeCredentials({ email: user.email, password })).toMatchObject({ kind: "ok" });
    expect(await db().recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await auditCount("auth.totp_disable", user.id)).toBe(1);
  });

  it("a role that requires it sends people without it to set it up, and they cannot turn it off", async () => {
    const { actor: admin } = await createUser("ADMIN");
    const { user } = await createUser("REPORTER");
    const withIt = await withTwoFactor("REPORTER");
    await setRoleTwoFactorRequirement(admin, "REPORTER", true);
    try {
      const session = { userId: user.id, sessionVersion: user.sessionVersion };
      expect(await resolveSession(session)).toMatchObject({ mustSetUpTwoFactor: true });
      expect(await resolveActor(session)).toBeNull();
      expect(await resolveActor({ userId: withIt.user.id, sessionVersion: withIt.user.sessionVersion })).toMatchObject({ id: withIt.user.id });
      await expect(disableTotp(withIt.actor, withIt.password)).rejects.toThrow(/role requires/);
      // An admin can still take it off a person who lost their phone; they then must set it up again.
      await removeUserTwoFactor(admin, withIt.user.id);
      expect(await resolveSession({ userId: withIt.user.id, sessionVersion: withIt.user.sessionVersion + 1 })).toMatchObject({ mustSetUpTwoFactor: true });
      expect(await auditCount("auth.role_two_factor_requirement", "REPORTER")).toBeGreaterThanOrEqual(1);
    } finally {
      await setRoleTwoFactorRequirement(admin, "REPORTER", false);
    }
  });
});

describe("one's own profile", () => {
  it("changing the password needs the current one and ends the other sessions", async () => {
    const { actor, user, password } = await createUser("REPORTER");
    await expect(changeOwnPassword(actor, { currentPassword: "wrong", password: GOOD_PASSWORD, confirmPassword: GOOD_PASSWORD })).rejects.toMatchObject({
      fieldErrors: { currentPassword: expect.any(Array) },
    });
    await expect(changeOwnPassword(actor, { currentPassword: password, password: user.email, confirmPassword: user.email })).rejects.toMatchObject({
      fieldErrors: { password: [expect.stringMatching(/email/)] },
    });
    const { sessionVersion } = await changeOwnPassword(actor, { currentPassword: password, password: GOOD_PASSWORD, confirmPassword: GOOD_PASSWORD });
    expect(sessionVersion).toBe(user.sessionVersion + 1);
    expect(await resolveActor({ userId: user.id, sessionVersion: user.sessionVersion })).toBeNull();
    expect(await authorizeCredentials({ email: user.email, password: GOOD_PASSWORD })).toMatchObject({ kind: "ok" });
    expect(await auditCount("user.password_change", user.id)).toBe(1);
  });

  it("renaming is audited with before and after", async () => {
    const { actor, user } = await createUser("REPORTER", { name: "Old Name" });
    await updateProfile(actor, { name: "New Name" });
    expect(await db().auditEvent.findFirstOrThrow({ where: { action: "user.profile_update", entityId: user.id } })).toMatchObject({
      data: { from: { name: "Old Name" }, to: { name: "New Name" } },
    });
  });

  it("renaming expires every public page that prints the name: stories, their listings, search and feeds", async () => {
    const { actor } = await createUser("EDITOR", { name: "Byline Before" });
    const section = await createSection();
    const story = await createStory(actor, {
      intent: "publish",
      values: storyValues({ sectionId: section.id, bylines: [{ userId: actor.id, name: "", title: "" }] }),
    });
    const { tags } = await updateProfile(actor, { name: "Byline After" });
    expect(tags).toEqual(
      expect.arrayContaining([
        cacheTags.story(story.slug),
        cacheTags.section(section.slug),
        cacheTags.author(actor.id),
        cacheTags.frontPage,
        cacheTags.search,
        cacheTags.feeds,
      ]),
    );
  });
});

describe("account emails", () => {
  it("sends the invitation link through the configured transport", async () => {
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
    const email = {
      kind: "invite" as const,
      to: "new@newsroom.test",
      link: "http://localhost/invite/abc",
      role: "EDITOR" as const,
      invitedBy: "Morgan Reyes",
      expiresAt: new Date("2026-12-08T22:12:00Z"),
      timeZone: "America/New_York",
    };
    expect(await sendAccountEmail(email, transport)).toBe("sent");
    expect(composeAccountEmail(email).text).toContain("http://localhost/invite/abc");
    expect(composeAccountEmail(email).text).toContain("Dec. 8, 2026, 5:12 p.m.");
    expect(await sendAccountEmail(email)).toBe("not-configured");
  });
});
