import { revalidateTag } from "next/cache";
import { after } from "next/server";
import { MAX_TAG_EXPIRY_BYTES, INTERNAL_SIGNATURE_HEADER, readTagExpiry } from "@/lib/scheduling/internal-signature";

// Expires cache tags for work done outside a request (scheduled publication): only this server's own
// jobs can call it, with a body signed by lib/scheduling/internal-signature.ts.
export const dynamic = "force-dynamic";

/** As in lib/actions.ts: a render that read the database just before the write can still be cached after the first expiry. */
const SECOND_EXPIRY_MS = 1000;

export async function POST(request: Request) {
  // Refuse an oversized body before reading it, when the sender says how big it is.
  if (Number(request.headers.get("content-length") ?? 0) > MAX_TAG_EXPIRY_BYTES) {
    return Response.json({ ok: false }, { status: 413 });
  }
  const check = readTagExpiry(await request.text(), request.headers.get(INTERNAL_SIGNATURE_HEADER));
  if (!check.ok) return Response.json({ ok: false }, { status: check.status });

  for (const tag of check.tags) revalidateTag(tag, { expire: 0 });
  after(async () => {
    await new Promise((resolve) => setTimeout(resolve, SECOND_EXPIRY_MS));
    for (const tag of check.tags) revalidateTag(tag, { expire: 0 });
  });
  return Response.json({ ok: true, expired: check.tags.length });
}
