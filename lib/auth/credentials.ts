import "server-only";
import { z } from "zod";
import { textField } from "@/lib/text/storable";
import { db } from "@/lib/db";
import { decoyHash, verifyPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/audit/record";
import { clearFailures, guardedAttempt, SIGN_IN_LIMITS, type Lockout } from "@/lib/auth/rate-limit";
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
 * - "locked": too many attempts for this account or this address; tried again at `until`.
 * - "unavailable": the check could not be made (the database is down); nothing was counted.
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
  | { kind: "locked"; until: Date }
  | { kind: "unavailable" };

type Context = { ip: string | null };

async function lockedOut(lockout: Lockout, email: string, userId: string | null, ip: string | null, reason: string): Promise<SignInOutcome> {
  await recordAudit(db(), {
    actorId: userId,
    action: "auth.lockout",
    entityType: "user",
    entityId: userId,
    data: { email, reason, until: lockout.until.toISOString() },
    ip,
  });
  return { kind: "locked", until: lockout.until };
}

/**
 * Checks a sign-in. Each password and each code is checked only after the attempt has been reserved
 * against the limits (lib/auth/rate-limit.ts), so that requests sent at once get no more guesses than
 * requests sent one by one; a locked account or address is refused before its password is checked,
 * so guesses made while locked out learn nothing, whether right or wrong.
 *
 * When the database cannot be reached the answer is "unavailable" (the person is told so, not that
 * their password is wrong), and nothing is counted against anyone.
 */
export async function authorizeCredentials(raw: unknown, context: Context = { ip: null }): Promise<SignInOutcome> {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return { kind: "invalid" };
  try {
    return await checkCredentials(parsed.data, context);
  } catch (error) {
    console.error("[auth] sign-in could not be checked", error);
    return { kind: "unavailable" };
  }
}

async function checkCredentials({ email, password, code }: z.output<typeof credentialsSchema>, { ip }: Context): Promise<SignInOutcome> {
  let failedUserId: string | null = null;
  const passwordCheck = await guardedAttempt({ account: email, ip }, async () => {
    const user = await db().user.findUnique({
      where: { email },
      select: { id: true, name: true, email: true, active: true, sessionVersion: true, passwordHash: true, totpEnabledAt: true },
    });
    const passwordOk = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
    if (!user || !passwordOk || !user.active) {
      const reason = !user ? "unknown_email" : !passwordOk ? "wrong_password" : "inactive";
      failedUserId = user?.id ?? null;
      await recordAudit(db(), {
        actorId: failedUserId,
        action: "auth.sign_in_failed",
        entityType: "user",
        entityId: failedUserId,
        data: { email, reason },
        ip,
      });
      return null;
    }
    return user;
  });
  if (passwordCheck.kind === "locked") return { kind: "locked", until: passwordCheck.lockout.until };
  if (passwordCheck.kind === "wrong") {
    if (passwordCheck.lockout) return lockedOut(passwordCheck.lockout, email, failedUserId, ip, `${SIGN_IN_LIMITS.account.points} failed sign-ins`);
    return { kind: "invalid" };
  }
  const account = passwordCheck.value;

  let method = "password";
  if (account.totpEnabledAt) {
    if (!code) return { kind: "two-factor-required" };
    const codeCheck = await guardedAttempt({ totp: account.id, ip }, async () => {
      if (looksLikeTotpCode(code)) return (await consumeTotpCode(db(), account.id, code)) ? "password+totp" : null;
      return (await consumeRecoveryCode(db(), account.id, code)).ok ? "password+recovery_code" : null;
    });
    if (codeCheck.kind === "locked") return { kind: "locked", until: codeCheck.lockout.until };
    if (codeCheck.kind === "wrong") {
      await recordAudit(db(), { actorId: account.id, action: "auth.two_factor_failed", entityType: "user", entityId: account.id, data: { email }, ip });
      if (codeCheck.lockout) return lockedOut(codeCheck.lockout, email, account.id, ip, `${SIGN_IN_LIMITS.totp.points} wrong two-factor codes`);
      return { kind: "two-factor-invalid" };
    }
    method = codeCheck.value;
  }

  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: account.id }, data: { lastSignInAt: new Date() } });
    const remaining = method === "password+recovery_code" ? await tx.recoveryCode.count({ where: { userId: account.id, usedAt: null } }) : undefined;
    await recordAudit(tx, {
      actorId: account.id,
      action: "auth.sign_in",
      entityType: "user",
      entityId: account.id,
      data: { method, ...(remaining !== undefined ? { recoveryCodesLeft: remaining } : {}) },
      ip,
    });
  });
  await clearFailures({ account: email, totp: account.id });
  return { kind: "ok", user: { id: account.id, name: account.name, email: account.email, sessionVersion: account.sessionVersion } };
}

// next-auth passes a thrown error's message to the sign-in form as `error`; these are the messages.
export const SIGN_IN_ERRORS = {
  twoFactorRequired: "TwoFactorRequired",
  twoFactorInvalid: "TwoFactorInvalid",
  lockedPrefix: "Locked:",
  unavailable: "Unavailable",
} as const;
