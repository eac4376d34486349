import "server-only";
import { db } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import { mediaStore } from "@/lib/media/storage";
import { renditionContentType } from "@/lib/media/formats";
import { publicStoriesUsing } from "@/lib/media/public-tags";

// Who may fetch a rendition (GET /media/<file>): anyone while a publicly visible story uses its photo
// (the one visibility rule, lib/stories/visibility.ts, through publicStoriesUsing), cached by everyone
// for a year; otherwise only a signed-in member of the newsroom, cached by no one; otherwise nobody,
// with the same 404 as a file that does not exist, so that a reader cannot tell a draft's photo from
// nothing. Originals never go out here.

export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";
const PRIVATE_CACHE_CONTROL = "private, no-store";
const FILE = /^[0-9a-f]{64}\.(avif|webp|jpg)$/;

const notFound = () =>
  new Response("Not found\n", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": PRIVATE_CACHE_CONTROL, "X-Content-Type-Options": "nosniff" },
  });

/** The answer to GET or HEAD /media/<file>; `actor` is asked for only when the photo is not public. */
export async function mediaResponse(file: string, method: "GET" | "HEAD", actor: () => Promise<Actor | null>): Promise<Response> {
  if (!FILE.test(file)) return notFound();
  const rendition = await db().mediaRendition.findUnique({ where: { file }, select: { mediaId: true, byteSize: true } });
  if (!rendition) return notFound();
  const isPublic = (await publicStoriesUsing(db(), rendition.mediaId)).length > 0;
  if (!isPublic) {
    const who = await actor();
    if (!who || !can(who, "story.read")) return notFound();
  }
  const bytes = method === "GET" ? await mediaStore().get(file) : null;
  if (method === "GET" && !bytes) {
    console.error(`[media] Rendition ${file} is in the database but not in the media store.`);
    return notFound();
  }
  const headers = {
    "Content-Type": renditionContentType(file) ?? "application/octet-stream",
    "Content-Length": String(bytes?.length ?? rendition.byteSize),
    "Cache-Control": isPublic ? IMMUTABLE_CACHE_CONTROL : PRIVATE_CACHE_CONTROL,
    "X-Content-Type-Options": "nosniff",
    // What a private answer depends on: a shared cache that ignored no-store must still not mix them.
    ...(isPublic ? {} : { Vary: "Cookie" }),
  };
  return new Response(method === "GET" ? new Uint8Array(bytes!) : null, { status: 200, headers });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The uploaded original, as a download for the newsroom only (it keeps every byte, GPS position included). */
export async function originalResponse(mediaId: string, actor: Actor | null): Promise<Response> {
  if (!actor || !can(actor, "media.upload") || !UUID.test(mediaId)) return notFound();
  const media = await db().media.findUnique({ where: { id: mediaId }, select: { originalKey: true, originalName: true, mimeType: true } });
  const bytes = media && (await mediaStore().get(media.originalKey));
  if (!media || !bytes) return notFound();
  const name = media.originalName.replace(/["\\\r\n]/g, "_");
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: {
      "Content-Type": media.mimeType,
      "Content-Length": String(bytes.length),
      "Content-Disposition": `attachment; filename="${name.replace(/[^\x20-\x7e]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "Cache-Control": PRIVATE_CACHE_CONTROL,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
