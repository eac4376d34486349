import { revalidateTag } from "next/cache";
import { expireTagsEverywhere } from "@/lib/cache/expire";
import { MAX_TAG_EXPIRY_BYTES, INTERNAL_SIGNATURE_HEADER, readTagExpiry } from "@/lib/cache/internal-signature";
import { handleErrors } from "@/lib/http/json-route";

// Expires cache tags for work done outside a request (scheduled publication): only this server's own
// jobs can call it, with a body signed by lib/cache/internal-signature.ts.
export const dynamic = "force-dynamic";

export const POST = handleErrors("internal/revalidate", async (request: Request) => {
  // Refuse an oversized body before reading it, when the sender says how big it is.
  if (Number(request.headers.get("content-length") ?? 0) > MAX_TAG_EXPIRY_BYTES) {
    return Response.json({ ok: false }, { status: 413 });
  }
  const check = readTagExpiry(await request.text(), request.headers.get(INTERNAL_SIGNATURE_HEADER));
  if (!check.ok) return Response.json({ ok: false }, { status: check.status });

  // Complete on every instance before the answer, as for a server action (lib/cache/expire.ts).
  await expireTagsEverywhere(check.tags);
  for (const tag of check.tags) revalidateTag(tag, { expire: 0 });
  return Response.json({ ok: true, expired: check.tags.length });
});
