import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { authSecret } from "@/lib/env";
import { signTokenWith, tokenMac, type Purpose } from "@/lib/newsletters/token-format";

// Signed links in newsletter emails: HMAC-SHA256 with the app's secret (NEXTAUTH_SECRET), so that no
// table of tokens is needed and a link cannot be forged or pointed at another subscriber.
//   confirm:      activates a reader's pending subscriptions; expires after CONFIRM_HOURS.
//   preferences:  the reader's preferences page, in every email; does not expire (an unsubscribe
//                 link must keep working), and is dead once the subscriber is deleted.
//   unsubscribe:  the one-click List-Unsubscribe address of one list (RFC 8058).
//   open:         the open-counting image of one delivery, only when open counting is on.

export const CONFIRM_HOURS = 48;

function secret(): string {
  const value = authSecret();
  if (!value) throw new Error("NEXTAUTH_SECRET is not set: newsletter links cannot be signed.");
  return value;
}

const mac = (payload: string) => tokenMac(secret(), payload);

/** A token for `purpose` over the given parts (ids; no dots), optionally expiring. */
export function signToken(purpose: Purpose, parts: string[], expiresAt?: Date): string {
  return signTokenWith(secret(), purpose, parts, expiresAt);
}

/** The parts a valid, unexpired token of `purpose` carries; null for anything else. */
export function verifyToken(purpose: Purpose, token: unknown, partCount: number, now = new Date()): string[] | null {
  if (typeof token !== "string" || token.length > 400) return null;
  const pieces = token.split(".");
  if (pieces.length !== partCount + 3 || pieces[0] !== purpose) return null;
  const signature = pieces.pop()!;
  const expected = Buffer.from(mac(pieces.join(".")));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const expiry = parseInt(pieces[pieces.length - 1], 36);
  if (!Number.isFinite(expiry) || (expiry !== 0 && expiry * 1000 < now.getTime())) return null;
  return pieces.slice(1, 1 + partCount);
}

/** An address as it is stored and compared: trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * What a suppression stores instead of the address: a SHA-256 of it. Not a keyed hash on purpose,
 * so that rotating NEXTAUTH_SECRET does not forget who asked never to be mailed again; it can only
 * answer "is this address suppressed?" for someone who already has the address.
 */
export function suppressionHash(email: string): string {
  return createHash("sha256")
    .update(`newsroom-suppression:${normalizeEmail(email)}`)
    .digest("hex");
}
