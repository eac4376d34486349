import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { env } from "@/lib/env";

// A background job cannot expire Next's cache itself (revalidateTag needs a request), so it asks the
// web server to, over HTTP: POST /api/internal/revalidate. The request is signed with the secret every
// server of the site already shares, so that nobody else can empty the caches; it carries the time it
// was sent, so that a captured request cannot be replayed for long.

export const INTERNAL_SIGNATURE_HEADER = "x-newsroom-signature";

/** How old a signed request may be; generous for clocks a little apart, short for a replay. */
const MAX_AGE_MS = 5 * 60 * 1000;

/** Well above what 100 tags of 255 characters take; checked before hashing anything bigger. */
export const MAX_TAG_EXPIRY_BYTES = 64 * 1024;

const tagExpirySchema = z.object({
  tags: z.array(z.string().min(1).max(255)).max(100),
  sentAt: z.number().int(),
});

function sign(body: string): string {
  return createHmac("sha256", env().NEXTAUTH_SECRET).update(body).digest("hex");
}

/** Hex HMAC-SHA256 of the raw body under NEXTAUTH_SECRET, compared in constant time. */
export function isValidSignature(body: string, signature: string | null): boolean {
  if (!signature || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  return timingSafeEqual(Buffer.from(signature, "hex"), Buffer.from(sign(body), "hex"));
}

/** The body and signature header of a request asking the server to expire these tags. */
export function signTagExpiry(tags: string[], now = new Date()): { body: string; signature: string } {
  const body = JSON.stringify({ tags, sentAt: now.getTime() });
  return { body, signature: sign(body) };
}

export type TagExpiryCheck = { ok: true; tags: string[] } | { ok: false; status: 400 | 401 | 413 };

/** The tags of a signed, fresh, well-formed request, or the HTTP status refusing it. */
export function readTagExpiry(body: string, signature: string | null, now = new Date()): TagExpiryCheck {
  if (Buffer.byteLength(body) > MAX_TAG_EXPIRY_BYTES) return { ok: false, status: 413 };
  if (!isValidSignature(body, signature)) return { ok: false, status: 401 };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, status: 400 };
  }
  const parsed = tagExpirySchema.safeParse(json);
  if (!parsed.success) return { ok: false, status: 400 };
  if (Math.abs(now.getTime() - parsed.data.sentAt) > MAX_AGE_MS) return { ok: false, status: 401 };
  return { ok: true, tags: parsed.data.tags };
}
