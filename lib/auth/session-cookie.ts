import "server-only";
import { cookies } from "next/headers";
import { decode, encode } from "next-auth/jwt";
import { authSecret } from "@/lib/env";
import { sessionCookie, SESSION_MAX_AGE_SECONDS } from "@/lib/auth/options";

/**
 * After a password change bumps the account's session version (ending every other session), this
 * re-issues the current request's session cookie at the new version, so the person who changed it
 * stays signed in. Only server code that has just made that change calls it: a session cannot
 * promote itself. Returns false when there is no readable session cookie (then they sign in again).
 */
export async function reissueSessionCookie(userId: string, sessionVersion: number): Promise<boolean> {
  const secret = authSecret();
  if (!secret) return false;
  const { name, options } = sessionCookie();
  try {
    const store = await cookies();
    const current = store.get(name)?.value;
    if (!current) return false;
    const token = await decode({ token: current, secret });
    if (!token || token.sub !== userId) return false;
    const value = await encode({ token: { ...token, sessionVersion }, secret, maxAge: SESSION_MAX_AGE_SECONDS });
    store.set(name, value, { ...options, maxAge: SESSION_MAX_AGE_SECONDS });
    return true;
  } catch (error) {
    // Not in a request, or a cookie that does not decode: the person signs in again.
    console.warn("[auth] could not re-issue the session cookie after a password change", error instanceof Error ? error.message : error);
    return false;
  }
}

/** Removes this request's session cookie (after signing out); outside a request there is none to remove. */
export async function clearSessionCookie(): Promise<void> {
  const { name, options } = sessionCookie();
  try {
    (await cookies()).delete({ name, ...options });
  } catch {
    // Not in a request: nothing to remove.
  }
}
