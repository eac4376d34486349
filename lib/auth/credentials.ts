import "server-only";
import { z } from "zod";
import { textField } from "@/lib/text/storable";
import { db } from "@/lib/db";
import { decoyHash, verifyPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/audit/record";
import { clearFailures, currentLockout, recordFailure, SIGN_IN_LIMITS, type Lockout } from "@/lib/auth/rate-limit";
import { consumeRecoveryCode, consumeTotpCode, looksLikeTotpCode } from "@/lib/auth/totp";

const credentialsSchema = z.object({
  email: textField().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024), // hashed, never stored: kept as typed
  code: textField().trim().max(40).optional().default(""),
});

export type SignedInUser = { id: string; name: string; email: string; sessionVersion: number };

/**
 * How a sign-in attempt ended. Everything that is not "ok" creates no session.
 * - "invalid": a wrong password, an unknown email or a deactivated account, all alike, so nothing
 *   hints whether an email exists.
 * - "two-factor-required": the password was right and the account has two-factor sign-in; the form
 *   asks for a code and sends email, password and code again. Nothing is remembered between the two
 *   steps, so the second cannot be skipped: a session is created only by a request that carries a
 *   right password and a right code together.
 * - "two-factor-invalid": the password was right, the code was not (or was used before).
 * - "locked": too many failures for this account or this address; tried again at `until`.
 *
 * Saying "enter your code" only after a right password does tell someone who guessed the password
 * that the guess was right. The alternatives are worse: asking everybody for a code (or for a code on
 * every failure) tells which accounts have two-factor sign-in, or confuses the many people without
 * it. What limits the harm: password guesses are capped per account and per address before anyone
 * gets that far, the guessed password alone still opens nothing, wrong codes are capped too, and
 * every failure and lockout is in the audit log for admins.
 */
export type SignInOutcome =
  | { kind: "ok"; user: SignedInUser }
  | { kind: "invalid" }
  | { kind: "two-factor-required" }
  | { kind: "two-factor-invalid" }
  | { kind: "locked"; until: Date };

type Context = { ip: string | null };

async function lockedOut(lockout: Lockout, email: string, userId: string | null, ip: string | null, reason: string): Promise<SignInOutcome> {
  await recordAudit(db(), { actorId: userId, action: "auth.lockout", entityType: "user", entityId: userId, data: { email, reason, until: lockout.until.toISOString() }, ip });
  return { kind: "locked", until: lockout.until };
}

export async function authorizeCredentials(raw: unknown, { ip }: Context = { ip: null }): Promise<SignInOutcome> {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return { kind: "invalid" };
  const { email, password, code } = parsed.data;

  // A locked account or address is refused before its password is checked: guesses made while
  // locked out learn nothing, whether right or wrong.
  const locked = await currentLockout({ account: email, ip });
  if (locked) return { kind: "locked", until: locked.until };

  const user = await db().user.findUnique({
    where: { email },
    select: { id: true, name: true, email: true, active: true, sessionVersion: true, passwordHash: true, totpEnabledAt: true },
  });
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
  if (!user || !passwordOk || !user.active) {
    const reason = !user ? "unknown_email" : !passwordOk ? "wrong_password" : "inactive";
    await recordAudit(db(), { actorId: user?.id ?? null, action: "auth.sign_in_failed", entityType: "user", entityId: user?.id ?? null, data: { email, reason }, ip });
    const lockout = await recordFailure({ account: email, ip });
    if (lockout) return lockedOut(lockout, email, user?.id ?? null, ip, `${SIGN_IN_LIMITS.account.points} failed sign-ins`);
    return { kind: "invalid" };
  }

  let method = "password";
  if (user.totpEnabledAt) {
    if (!code) return { kind: "two-factor-required" };
    const codeLocked = await currentLockout({ totp: user.id });
    if (codeLocked) return { kind: "locked", until: codeLocked.until };
    if (looksLikeTotpCode(code) ? await consumeTotpCode(db(), user.id, code) : (await consumeRecoveryCode(db(), user.id, code)).ok) {
      method = looksLikeTotpCode(code) ? "password+totp" : "password+recovery_code";
    } else {
      await recordAudit(db(), { actorId: user.id, action: "auth.two_factor_failed", entityType: "user", entityId: user.id, data: { email }, ip });
      const lockout = await recordFailure({ totp: user.id, ip });
      if (lockout) return lockedOut(lockout, email, user.id, ip, `${SIGN_IN_LIMITS.totp.points} wrong two-factor codes`);
      return { kind: "two-factor-invalid" };
    }
  }

  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
    const remaining = method === "password+recovery_code" ? await tx.recoveryCode.count({ where: { userId: user.id, usedAt: null } }) : undefined;
    await recordAudit(tx, { actorId: user.id, action: "auth.sign_in", entityType: "user", entityId: user.id, data: { method, ...(remaining !== undefined ? { recoveryCodesLeft: remaining } : {}) }, ip });
  });
  await clearFailures({ account: email, totp: user.id });
  return { kind: "ok", user: { id: user.id, name: user.name, email: user.email, sessionVersion: user.sessionVersion } };
}

// next-auth passes a thrown error's message to the sign-in form as `error`; these are the messages.
export const SIGN_IN_ERRORS = {
  twoFactorRequired: "TwoFactorRequired",
  twoFactorInvalid: "TwoFactorInvalid",
  lockedPrefix: "Locked:",
} as const;
