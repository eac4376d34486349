import "server-only";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/permissions";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/audit/record";
import { clientIp } from "@/lib/http/client-ip";
import { staffRenameTags } from "@/lib/users/rename-tags";
import { ExpectedError, InvalidError } from "@/lib/errors";
import { clearFailures, guardedAttempt, type AttemptKeys, type Lockout } from "@/lib/auth/rate-limit";
import { checkTotpCode, consumeRecoveryCode, consumeTotpCode, looksLikeTotpCode, newTotpSecret, replaceRecoveryCodes } from "@/lib/auth/totp";
import { roleRequiresTwoFactor } from "@/lib/auth/two-factor-policy";
import { passwordProblem } from "@/lib/users/schemas";

// What people change on their own account (/desk/profile). The actor is always the account itself;
// a password or two-factor check guards each change a stolen, unlocked session should not make.

export class TooManyAttemptsError extends ExpectedError {
  constructor(readonly lockout: Lockout) {
    const minutes = Math.max(1, Math.ceil((lockout.until.getTime() - Date.now()) / 60_000));
    super(`Too many wrong attempts. Try again in ${minutes === 1 ? "1 minute" : `${minutes} minutes`}.`);
  }
}

async function loadSelf(actorId: string) {
  return db().user.findUniqueOrThrow({
    where: { id: actorId },
    select: { id: true, name: true, email: true, role: true, passwordHash: true, totpEnabledAt: true, totpPendingSecret: true, sessionVersion: true },
  });
}

/**
 * Runs a password or code check within a limit (lib/auth/rate-limit.ts: reserved before it is checked),
 * answering a wrong one with `wrong` as the field's message and a used-up limit with the wait.
 */
async function checkWithinLimit<T>(keys: AttemptKeys, check: () => Promise<T | null>, wrong: { field: string; message: string }): Promise<T> {
  const outcome = await guardedAttempt(keys, check);
  if (outcome.kind === "right") return outcome.value;
  if (outcome.lockout) throw new TooManyAttemptsError(outcome.lockout);
  throw new InvalidError(wrong.message, { [wrong.field]: [wrong.message] });
}

/** Checks the account's password; every try counts against the account's sign-in limit until it is right. */
async function assertPassword(user: { email: string; passwordHash: string }, password: string, field: string) {
  await checkWithinLimit({ account: user.email }, async () => ((await verifyPassword(user.passwordHash, password)) ? true : null), {
    field,
    message: "That is not your current password.",
  });
}

/** Changes the name shown in bylines and the newsroom; the pages that show it are returned to expire. */
export async function updateProfile(actor: Actor, values: { name: string }): Promise<{ tags: string[] }> {
  const ip = await clientIp();
  return db().$transaction(async (tx) => {
    const current = await tx.user.findUniqueOrThrow({ where: { id: actor.id }, select: { name: true } });
    if (current.name === values.name) return { tags: [] };
    await tx.user.update({ where: { id: actor.id }, data: { name: values.name } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "user.profile_update",
      entityType: "user",
      entityId: actor.id,
      data: { from: { name: current.name }, to: { name: values.name } },
      ip,
    });
    return { tags: await staffRenameTags(tx, actor.id) };
  });
}

/**
 * Changes one's own password, given the current one. Every other session of the account ends (the
 * session version moves on); the caller re-issues this session's cookie at the new version.
 */
export async function changeOwnPassword(
  actor: Actor,
  values: { currentPassword: string; password: string; confirmPassword: string },
): Promise<{ sessionVersion: number }> {
  const ip = await clientIp();
  const user = await loadSelf(actor.id);
  await assertPassword(user, values.currentPassword, "currentPassword");
  const problem = passwordProblem(values.password, user.email);
  if (problem) throw new InvalidError("Choose a different new password.", { password: [problem] });
  if (values.password !== values.confirmPassword)
    throw new InvalidError("The two new passwords differ.", { confirmPassword: ["Type the same new password twice."] });
  if (values.password === values.currentPassword)
    throw new InvalidError("Choose a different new password.", { password: ["The new password is the same as the current one."] });
  const passwordHash = await hashPassword(values.password);
  return db().$transaction(async (tx) => {
    const updated = await tx.user.update({
      where: { id: actor.id },
      data: { passwordHash, sessionVersion: { increment: 1 } },
      select: { sessionVersion: true },
    });
    await recordAudit(tx, { actorId: actor.id, action: "user.password_change", entityType: "user", entityId: actor.id, ip });
    return { sessionVersion: updated.sessionVersion };
  });
}

/** Starts setting up two-factor sign-in: a new secret, kept pending until a first code confirms it. */
export async function startTotpSetup(actor: Actor): Promise<void> {
  const ip = await clientIp();
  await db().$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: actor.id }, select: { totpEnabledAt: true } });
    if (user.totpEnabledAt) throw new InvalidError("Two-factor sign-in is already on.");
    await tx.user.update({ where: { id: actor.id }, data: { totpPendingSecret: newTotpSecret() } });
    await recordAudit(tx, { actorId: actor.id, action: "auth.totp_setup_start", entityType: "user", entityId: actor.id, ip });
  });
}

/** Two-factor codes (and the proofs that stand in for one) count against the two-factor limit. */
async function codeKeys(userId: string): Promise<AttemptKeys> {
  return { totp: userId, ip: await clientIp() };
}

/** Turns two-factor sign-in on after a first correct code; returns the ten recovery codes, shown once. */
export async function confirmTotpSetup(actor: Actor, code: string): Promise<{ recoveryCodes: string[] }> {
  const ip = await clientIp();
  const user = await loadSelf(actor.id);
  if (user.totpEnabledAt) throw new InvalidError("Two-factor sign-in is already on.");
  const pendingSecret = user.totpPendingSecret;
  if (!pendingSecret) throw new InvalidError("Start the setup again: choose “Set up two-factor sign-in”.");
  const step = await checkWithinLimit(await codeKeys(actor.id), () => checkTotpCode(pendingSecret, code, null), {
    field: "code",
    message: "That code does not match. Check that your app's clock is right, and type the 6-digit code it shows now.",
  });
  const recoveryCodes = await db().$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: actor.id, totpPendingSecret: user.totpPendingSecret, totpEnabledAt: null },
      data: { totpSecret: user.totpPendingSecret, totpPendingSecret: null, totpEnabledAt: new Date(), totpLastTimeStep: step },
    });
    if (count !== 1) throw new InvalidError("The setup changed in another window. Reload the page and start again.");
    const codes = await replaceRecoveryCodes(tx, actor.id);
    await recordAudit(tx, { actorId: actor.id, action: "auth.totp_enable", entityType: "user", entityId: actor.id, ip });
    return codes;
  });
  await clearFailures({ totp: actor.id });
  return { recoveryCodes };
}

/**
 * Proves the person at the keyboard holds the account: a current code (never one used before), a
 * recovery code, or the password. Wrong attempts count against the two-factor limit.
 */
async function assertSecondProof(user: { id: string; email: string; passwordHash: string }, proof: string): Promise<"totp" | "recovery_code" | "password"> {
  return checkWithinLimit(
    await codeKeys(user.id),
    async () => {
      if (looksLikeTotpCode(proof)) return (await consumeTotpCode(db(), user.id, proof)) ? ("totp" as const) : null;
      if (/^[a-z0-9]{5}-?[a-z0-9]{5}$/i.test(proof.trim())) return (await consumeRecoveryCode(db(), user.id, proof)).ok ? ("recovery_code" as const) : null;
      return (await verifyPassword(user.passwordHash, proof)) ? ("password" as const) : null;
    },
    { field: "proof", message: "That is not a current code from your app, an unused recovery code, or your password." },
  );
}

/** Turns two-factor sign-in off, given a current code or the password; not while the role requires it. */
export async function disableTotp(actor: Actor, proof: string): Promise<void> {
  const ip = await clientIp();
  const user = await loadSelf(actor.id);
  if (!user.totpEnabledAt) {
    if (user.totpPendingSecret) await db().user.update({ where: { id: actor.id }, data: { totpPendingSecret: null } });
    return;
  }
  if (await roleRequiresTwoFactor(user.role))
    throw new InvalidError("Your role requires two-factor sign-in, so it cannot be turned off. An admin can change that rule on the People page.");
  const method = await assertSecondProof(user, proof);
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.id }, data: { totpSecret: null, totpEnabledAt: null, totpLastTimeStep: null, totpPendingSecret: null } });
    await tx.recoveryCode.deleteMany({ where: { userId: actor.id } });
    await recordAudit(tx, { actorId: actor.id, action: "auth.totp_disable", entityType: "user", entityId: actor.id, data: { provedWith: method }, ip });
  });
  await clearFailures({ totp: actor.id });
}

/** New recovery codes (the old ones stop working), given a current code or the password. */
export async function regenerateRecoveryCodes(actor: Actor, proof: string): Promise<{ recoveryCodes: string[] }> {
  const ip = await clientIp();
  const user = await loadSelf(actor.id);
  if (!user.totpEnabledAt) throw new InvalidError("Turn on two-factor sign-in first.");
  const method = await assertSecondProof(user, proof);
  const recoveryCodes = await db().$transaction(async (tx) => {
    const codes = await replaceRecoveryCodes(tx, actor.id);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "auth.recovery_codes_regenerate",
      entityType: "user",
      entityId: actor.id,
      data: { provedWith: method },
      ip,
    });
    return codes;
  });
  await clearFailures({ totp: actor.id });
  return { recoveryCodes };
}
