import "server-only";
import type { Actor } from "@/lib/auth/permissions";
import { can } from "@/lib/auth/permissions";
import { ingestMedia } from "@/lib/media/ingest";
import { MAX_UPLOAD_BYTES, sizeRefusal } from "@/lib/media/formats";

// The upload endpoint's work (POST /desk/media/upload): one file per request, its bytes as the body
// and its name in the X-File-Name header (percent-encoded), so that the browser can report each
// file's progress. Answers JSON: { ok: true, media } or { ok: false, message } with 4xx.

const json = (status: number, body: object) => Response.json(body, { status, headers: { "Cache-Control": "private, no-store" } });

const TOO_LARGE = "This file is larger than 40 MB, the limit per photo. Export a smaller JPEG and upload that.";

/** The body, read up to the limit: null once it passes the limit (the rest is not read). */
async function readLimited(request: Request): Promise<Buffer | null> {
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_UPLOAD_BYTES) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function decodedName(header: string | null): string {
  try {
    return header ? decodeURIComponent(header) : "";
  } catch {
    return header ?? "";
  }
}

/** A browser's form or script on another site may not post photos with a newsroom member's cookie. */
function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return true; // not a browser's cross-site request (browsers send Origin on every POST)
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export async function handleUpload(request: Request, actor: Actor | null): Promise<Response> {
  if (!actor) return json(401, { ok: false, message: "Your session has ended. Sign in again, then upload the photo again." });
  if (!can(actor, "media.upload")) return json(403, { ok: false, message: "You may not upload photos." });
  if (!sameOrigin(request)) return json(403, { ok: false, message: "Uploads are accepted only from the newsroom's own pages." });
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > MAX_UPLOAD_BYTES) return json(413, { ok: false, message: TOO_LARGE });
  const bytes = await readLimited(request);
  if (!bytes) return json(413, { ok: false, message: TOO_LARGE });
  const refusal = sizeRefusal(bytes.length);
  if (refusal) return json(bytes.length ? 413 : 400, { ok: false, message: refusal });
  const result = await ingestMedia(actor, { bytes, fileName: decodedName(request.headers.get("x-file-name")) });
  return result.ok ? json(201, result) : json(422, result);
}
