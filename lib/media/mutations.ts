import "server-only";
import { db, type Tx } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { fromLocalInput } from "@/lib/time/local-input";
import { readSiteSettings } from "@/lib/settings/site";
import { mediaStore } from "@/lib/media/storage";
import { publicTagsOfMedia } from "@/lib/media/public-tags";
import { enqueueMediaProcessing } from "@/lib/scheduling/queue";
import type { MediaMetadataValues } from "@/lib/media/schemas";

// The library's writes: a photo's metadata and focal point, processing it again, deleting it.
// Reporters edit the photos they uploaded; editors ("media.manage") anyone's, and only they delete.
// Each write is one transaction with its audit event and returns the cache tags of the public
// stories that show the photo.

const FIELDS = ["caption", "altText", "photographer", "photographerTitle", "creditLine", "source", "copyrightNotice"] as const;

async function loadForWrite(tx: Tx, actor: Actor, mediaId: string) {
  const media = await tx.media.findUnique({
    where: { id: mediaId },
    select: {
      id: true,
      version: true,
      uploadedById: true,
      focalX: true,
      focalY: true,
      originalKey: true,
      takenAt: true,
      ...Object.fromEntries(FIELDS.map((f) => [f, true])),
    },
  });
  if (!media) throw new NotFoundError("This photo no longer exists; someone may have deleted it. Reload the library.");
  const own = actor.kind === "user" && media.uploadedById === actor.id;
  if (!can(actor, "media.manage") && !(own && can(actor, "media.upload")))
    throw new ForbiddenError("Only editors may change photos that someone else uploaded. Ask an editor, or upload your own.");
  return media as typeof media & Record<(typeof FIELDS)[number], string>;
}

export type MediaWriteResult = { version: number; tags: string[]; refocused: boolean };

export async function updateMediaMetadata(actor: Actor, values: MediaMetadataValues): Promise<MediaWriteResult> {
  const { timeZone } = await readSiteSettings();
  let takenAt: Date | null = null;
  if (values.takenAt) {
    takenAt = fromLocalInput(values.takenAt, timeZone);
    if (!takenAt || takenAt.getUTCFullYear() < 1826 || takenAt.getTime() > Date.now() + 86400_000)
      throw new InvalidError("Some fields need attention before this can be saved.", { takenAt: ["Enter a real date and time taken, not in the future."] });
  }
  const focalX = Math.round(values.focalX * 10) / 1000;
  const focalY = Math.round(values.focalY * 10) / 1000;
  const result = await db().$transaction(async (tx) => {
    const media = await loadForWrite(tx, actor, values.mediaId);
    if (media.version !== values.baseVersion)
      throw new ConflictError("Someone else changed this photo's details since you opened it. Reload to see theirs; copy what you typed first.", media.version);
    const changed: string[] = FIELDS.filter((f) => media[f] !== values[f]);
    if ((media.takenAt?.getTime() ?? null) !== (takenAt?.getTime() ?? null)) changed.push("takenAt");
    const refocused = Math.abs(media.focalX - focalX) > 1e-9 || Math.abs(media.focalY - focalY) > 1e-9;
    if (refocused) changed.push("focalPoint");
    const updated = await tx.media.updateMany({
      where: { id: media.id, version: values.baseVersion },
      data: { ...Object.fromEntries(FIELDS.map((f) => [f, values[f]])), takenAt, focalX, focalY, version: { increment: 1 } },
    });
    if (updated.count !== 1) throw new ConflictError("Someone else changed this photo's details at the same moment. Reload to see theirs.", media.version + 1);
    await recordAudit(tx, { actor, action: "media.update", entityType: "media", entityId: media.id, data: { changed } });
    return { version: media.version + 1, tags: await publicTagsOfMedia(tx, media.id), refocused };
  });
  // New crops around the new point, off the request; the job expires the pages again once they exist.
  if (result.refocused) await enqueueMediaProcessing(values.mediaId);
  return result;
}

/** Queues a photo's renditions again (one that failed, or whose job was lost). */
export async function reprocessMedia(actor: Actor, mediaId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    await loadForWrite(tx, actor, mediaId);
    await tx.media.update({ where: { id: mediaId }, data: { status: "PROCESSING", failure: "" } });
    await recordAudit(tx, { actor, action: "media.reprocess", entityType: "media", entityId: mediaId });
  });
  await enqueueMediaProcessing(mediaId);
}

/** Deletes a photo no story uses, its renditions and its original; refused, with the stories, when one does. */
export async function deleteMedia(actor: Actor, mediaId: string): Promise<{ tags: string[] }> {
  if (!can(actor, "media.manage")) throw new ForbiddenError("Only editors may delete photos.");
  const files = await db().$transaction(async (tx) => {
    const media = await loadForWrite(tx, actor, mediaId);
    // Locks the photo's row so that no story starts using it between the check and the delete.
    await tx.$queryRaw`SELECT id FROM "Media" WHERE id = ${mediaId}::uuid FOR UPDATE`;
    const users = await tx.story.findMany({
      where: { OR: [{ media: { some: { mediaId } } }, { leadMediaId: mediaId }] },
      select: { headline: true },
      orderBy: { updatedAt: "desc" },
      take: 20,
    });
    if (users.length)
      throw new InvalidError(
        `This photo is used by ${users.length === 1 ? "a story" : `${users.length} stories`} and cannot be deleted: ${users.map((s) => `“${s.headline || "Untitled"}”`).join(", ")}. Take it out of ${users.length === 1 ? "that story" : "them"} first.`,
      );
    const renditions = await tx.mediaRendition.findMany({ where: { mediaId }, select: { file: true } });
    await tx.media.delete({ where: { id: mediaId } });
    await recordAudit(tx, { actor, action: "media.delete", entityType: "media", entityId: mediaId, data: { caption: media.caption.slice(0, 200) } });
    return [media.originalKey, ...renditions.map((r) => r.file)];
  });
  // After the commit: a file left behind by a failure here is harmless, a row without its file is not.
  for (const key of files)
    await mediaStore()
      .delete(key)
      .catch((error) => console.error(`[media] Could not delete ${key}.`, error));
  return { tags: [] };
}
