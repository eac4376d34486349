import "server-only";
import { db, type Tx } from "@/lib/db";
import type { Actor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { bodyImages, bodySchema, type BodyDoc } from "@/lib/body/story-body";
import { photosMissingForPublication, syncStoryMedia, type StoryPhotoFields } from "@/lib/media/story-photos";
import { writeRevision } from "@/lib/revisions/write";
import { updateStoryAtVersion } from "@/lib/stories/versioned-update";
import { listingTags, publicTags } from "@/lib/stories/public-tags";
import { recordPublishedVersion } from "@/lib/history/record";
import { canEditStory, missingForPublication, type StoryWriteResult } from "@/lib/stories/mutations";
import { readSnapshot, type StorySnapshot } from "@/lib/revisions/queries";
import { Prisma } from "@/lib/generated/prisma/client";

// Restoring is a new save whose content comes from an old revision: history is only ever appended
// to, so a restore can itself be undone by restoring the revision before it.

const CONFLICT_MESSAGE =
  "Someone else saved this story after you opened its history, so nothing was restored. Reload to see the latest revisions, then try again.";

const TAKEN_SLUG_MESSAGE = "Another story took this revision's slug while it was being restored. Nothing was changed; try again.";

/**
 * Puts an old revision's content back (not its status: restoring never publishes or unpublishes),
 * based on `baseVersion` like any save. What the revision names that no longer exists (a section, a
 * staff member, a related story) is left out, and its slug is kept only if no other story has it now.
 */
export async function restoreRevision(actor: Actor, params: { storyId: string; revisionId: string; baseVersion: number }): Promise<StoryWriteResult> {
  const { storyId, revisionId, baseVersion } = params;
  try {
    return await db().$transaction(async (tx) => {
      const current = await tx.story.findUnique({
        where: { id: storyId },
        select: { id: true, slug: true, status: true, createdById: true, version: true, firstPublishedAt: true, section: { select: { slug: true } } },
      });
      if (!current) throw new NotFoundError("This story no longer exists; it may have been deleted.");
      // Authorize first: a refused actor learns nothing about the revision.
      if (!canEditStory(actor, current)) {
        throw new ForbiddenError(
          current.createdById === actor.id
            ? "This story is published or scheduled; only an editor can restore an earlier version now."
            : "You can restore only stories you created.",
        );
      }
      // Checked again by the guarded update below; checked here too so that a stale page hears about
      // the conflict rather than about what the revision lacks.
      if (current.version !== baseVersion) throw new ConflictError(CONFLICT_MESSAGE, current.version);
      const revision = await tx.revision.findFirst({ where: { id: revisionId, storyId }, select: { id: true, snapshot: true } });
      if (!revision) throw new NotFoundError("That revision does not belong to this story, or no longer exists.");
      const snapshot = readSnapshot(revision.id, revision.snapshot);
      const body = bodySchema.safeParse(snapshot.body);
      if (!body.success) throw new InvalidError("This revision's body cannot be read, so it was not restored. Nothing was changed.");

      const content = await restorableContent(tx, storyId, current.slug, snapshot);
      const photos = await restorablePhotos(tx, storyId, snapshot, body.data);
      const missing =
        current.status === "PUBLISHED" ? [...missingForPublication({ ...content, body: photos.body }), ...(await photosMissingForPublication(tx, photos))] : [];
      if (missing.length) {
        throw new InvalidError(`This story is published, and this revision lacks what a published story needs: ${missing.join(", ")}. Nothing was changed.`);
      }

      const version = await updateStoryAtVersion(tx, {
        storyId,
        baseVersion,
        currentVersion: current.version,
        data: {
          slug: content.slug,
          headline: snapshot.headline,
          dek: snapshot.dek,
          body: photos.body,
          creditLine: snapshot.creditLine,
          sectionId: content.sectionId,
          leadMediaId: photos.leadMediaId,
          leadAlt: photos.leadAlt,
          leadCaption: photos.leadCaption,
          leadCredit: photos.leadCredit,
          leadDecorative: photos.leadDecorative,
        },
        message: CONFLICT_MESSAGE,
      });

      if (content.slug !== current.slug) {
        // As a save does: the slug taken wins over another story's old address, and an address
        // readers have seen keeps working.
        await tx.redirect.deleteMany({ where: { fromSlug: content.slug } });
        if (current.firstPublishedAt) {
          await tx.redirect.upsert({ where: { fromSlug: current.slug }, create: { fromSlug: current.slug, storyId }, update: { storyId } });
        }
      }
      const listedBefore = current.status === "PUBLISHED" ? await listingTags(tx, storyId) : [];
      await tx.byline.deleteMany({ where: { storyId } });
      await tx.relatedStory.deleteMany({ where: { storyId } });
      await tx.byline.createMany({
        data: content.bylines.map((b, position) => ({ storyId, position, userId: b.userId, name: b.userId ? null : b.name, title: b.title })),
      });
      await tx.relatedStory.createMany({ data: content.relatedIds.map((relatedId, position) => ({ storyId, relatedId, position })) });
      // Snapshots written before stories had tags carry none: those leave the current tags alone.
      const snapshotTags = (revision.snapshot as { tags?: unknown }).tags;
      if (Array.isArray(snapshotTags)) {
        const ids = snapshotTags.filter((id): id is string => typeof id === "string");
        const existing = new Set((await tx.tag.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((t) => t.id));
        await tx.storyTag.deleteMany({ where: { storyId } });
        await tx.storyTag.createMany({ data: ids.filter((id) => existing.has(id)).map((tagId, position) => ({ storyId, tagId, position })) });
      }

      await syncStoryMedia(tx, storyId, photos);

      await writeRevision(tx, storyId, version, "RESTORE", actor);
      if (current.status === "PUBLISHED") await recordPublishedVersion(tx, storyId);
      await recordAudit(tx, { actor, action: "story.restore", entityType: "story", entityId: storyId, data: { fromRevisionId: revision.id, version } });

      const tags =
        current.status === "PUBLISHED"
          ? await publicTags(tx, storyId, [current.slug, content.slug], [current.section?.slug, content.sectionSlug], listedBefore)
          : [];
      return { storyId, slug: content.slug, version, status: current.status, tags };
    });
  } catch (error) {
    // Another story took the slug between the check and the write.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new InvalidError(TAKEN_SLUG_MESSAGE);
    throw error;
  }
}

/**
 * The snapshot's photos that are still in the library: its lead (a snapshot from before photos keeps
 * the story's current lead), and its body without the photos deleted since.
 */
async function restorablePhotos(tx: Tx, storyId: string, snapshot: StorySnapshot, body: BodyDoc): Promise<StoryPhotoFields> {
  const fromSnapshot = snapshot.leadMediaId !== undefined;
  const lead = fromSnapshot
    ? { ...snapshot, leadMediaId: snapshot.leadMediaId ?? null }
    : await tx.story.findUniqueOrThrow({
        where: { id: storyId },
        select: { leadMediaId: true, leadAlt: true, leadCaption: true, leadCredit: true, leadDecorative: true },
      });
  const ids = [lead.leadMediaId, ...bodyImages(body).map((image) => image.attrs.mediaId)].filter((id): id is string => Boolean(id));
  const existing = new Set((await tx.media.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((m) => m.id));
  const leadMediaId = lead.leadMediaId && existing.has(lead.leadMediaId) ? lead.leadMediaId : null;
  return {
    leadMediaId,
    leadAlt: leadMediaId ? lead.leadAlt : "",
    leadCaption: leadMediaId ? lead.leadCaption : "",
    leadCredit: leadMediaId ? lead.leadCredit : "",
    leadDecorative: leadMediaId ? lead.leadDecorative : false,
    body: { ...body, content: body.content.filter((block) => block.type !== "image" || existing.has(block.attrs.mediaId)) },
  };
}

/** The snapshot's references that still exist, and the slug the story may have. */
async function restorableContent(tx: Tx, storyId: string, currentSlug: string, snapshot: StorySnapshot) {
  const staffIds = snapshot.bylines.flatMap((b) => (b.userId ? [b.userId] : []));
  const section = snapshot.sectionId ? await tx.section.findUnique({ where: { id: snapshot.sectionId }, select: { id: true, slug: true } }) : null;
  const staff = await tx.user.findMany({ where: { id: { in: staffIds } }, select: { id: true } });
  const related = await tx.story.findMany({ where: { id: { in: snapshot.related.filter((id) => id !== storyId) } }, select: { id: true } });
  const slugHolder = await tx.story.findUnique({ where: { slug: snapshot.slug }, select: { id: true } });
  const staffLeft = new Set(staff.map((u) => u.id));
  const relatedLeft = new Set(related.map((s) => s.id));
  return {
    slug: slugHolder && slugHolder.id !== storyId ? currentSlug : snapshot.slug,
    headline: snapshot.headline,
    sectionId: section?.id ?? null,
    sectionSlug: section?.slug,
    bylines: snapshot.bylines
      .filter((b) => (b.userId ? staffLeft.has(b.userId) : b.name))
      .map((b) => ({ userId: b.userId, name: b.name ?? "", title: b.title })),
    relatedIds: snapshot.related.filter((id) => relatedLeft.has(id)),
  };
}
