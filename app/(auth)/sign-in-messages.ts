import { formatApTime } from "@/lib/time/ap-style";

// What the sign-in forms say for each answer of the server (lib/auth/credentials.ts, SIGN_IN_ERRORS).

export const WRONG_CREDENTIALS = "That email and password do not match an active account. Check both and try again.";
export const WRONG_CODE = "That code is not right, or it was already used. Wait for your app to show the next code, or use a recovery code.";
export const CODE_NEEDED = "Your account uses two-factor sign-in. Type the 6-digit code from your authenticator app, or one of your recovery codes.";
export const UNAVAILABLE =
  "Sign-in is unavailable right now: the newsroom cannot reach its database. Nothing was counted against your account; try again in a few minutes.";
export const OFFLINE = "The newsroom could not be reached. Check your connection and try again.";

/** "Too many attempts. Try again at 5:12 p.m. (in 15 minutes)." in the reader's own time zone. */
export function lockoutMessage(untilMs: number, now = Date.now()): string {
  const minutes = Math.max(1, Math.ceil((untilMs - now) / 60_000));
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  return `Too many attempts. Try again at ${formatApTime(new Date(untilMs), zone)} (in ${minutes === 1 ? "1 minute" : `${minutes} minutes`}).`;
}

export type SignInAnswer = { kind: "ok" } | { kind: "code-needed" } | { kind: "error"; message: string };

/** Reads next-auth's answer to signIn("credentials", { redirect: false }). */
export function readSignInAnswer(result: { ok: boolean; error?: string | null } | undefined): SignInAnswer {
  if (result?.ok && !result.error) return { kind: "ok" };
  const error = result?.error ?? "";
  if (error === "TwoFactorRequired") return { kind: "code-needed" };
  if (error === "TwoFactorInvalid") return { kind: "error", message: WRONG_CODE };
  if (error === "Unavailable") return { kind: "error", message: UNAVAILABLE };
  if (error.startsWith("Locked:")) return { kind: "error", message: lockoutMessage(Number(error.slice("Locked:".length))) };
  return { kind: "error", message: WRONG_CREDENTIALS };
}
