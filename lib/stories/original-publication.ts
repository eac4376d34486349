import "server-only";
import { db } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { publicTags } from "@/lib/stories/public-tags";

// An archive story's original publication time: a story printed before it went online, or moved from
// another system, was first published before this system knew it. An admin may move its
// first-publication time back to that moment. Readers then see that time (the byline's date, the
// update log's "This article was originally published at ..."), and its update-log entries may carry
// times from that day; the public history keeps the truth beside it: its first version says when the
// story was originally published and when it first went online (that version's own time).

const FIELD = "firstPublishedAt";

export async function setOriginalPublicationTime(actor: Actor, params: { storyId: string; at: Date }): Promise<{ storyId: string; tags: string[] }> {
  const { storyId, at } = params;
  if (!can(actor, "story.backdate")) throw new ForbiddenError("Only admins can set a story's original publication time.");
  if (Number.isNaN(at.getTime())) throw new InvalidError("Check the original publication time.", { [FIELD]: ["Enter a date and time."] });

  return db().$transaction(async (tx) => {
    const story = await tx.story.findUnique({
      where: { id: storyId },
      select: { slug: true, status: true, firstPublishedAt: true, lastUpdatedAt: true, section: { select: { slug: true } } },
    });
    if (!story) throw new NotFoundError("This story no longer exists; it may have been deleted.");
    if (story.status !== "PUBLISHED" || !story.firstPublishedAt) {
      throw new InvalidError("Only a published story has a publication time to set. Publish it first.");
    }
    const [{ now }] = await tx.$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
    if (at.getTime() > now.getTime()) {
      throw new InvalidError("The original publication time is in the future.", { [FIELD]: ["The original publication time cannot be in the future."] });
    }
    // The first public version's time is when it first went online; without one, the publication time is.
    const firstVersion = await tx.publishedVersion.findFirst({ where: { storyId }, orderBy: { sequence: "asc" }, select: { id: true, publishedAt: true } });
    const firstOnlineAt = firstVersion?.publishedAt ?? story.firstPublishedAt;
    if (at.getTime() > firstOnlineAt.getTime()) {
      throw new InvalidError("The original publication time is after the story went online.", {
        [FIELD]: ["The original publication time must be no later than when the story first went online."],
      });
    }
    const earliestEntry = await tx.storyUpdate.findFirst({ where: { storyId }, orderBy: { occurredAt: "asc" }, select: { occurredAt: true } });
    if (earliestEntry && earliestEntry.occurredAt.getTime() < at.getTime()) {
      throw new InvalidError("An update-log entry is timed before that.", {
        [FIELD]: ["The story cannot have been published after its own updates: an update-log entry is timed earlier. Choose an earlier time."],
      });
    }

    // A story nobody has updated since it was published showed "Updated" at its publication: that
    // moment moves with it, so that readers are not told of an update that never happened.
    const neverUpdated = story.lastUpdatedAt?.getTime() === story.firstPublishedAt.getTime();
    await tx.story.update({ where: { id: storyId }, data: { firstPublishedAt: at, ...(neverUpdated ? { lastUpdatedAt: at } : {}) } });
    if (firstVersion) {
      const backdated = at.getTime() < firstVersion.publishedAt.getTime();
      await tx.publishedVersion.update({ where: { id: firstVersion.id }, data: { originallyPublishedAt: backdated ? at : null } });
    }
    await recordAudit(tx, {
      actor,
      action: "story.backdate",
      entityType: "story",
      entityId: storyId,
      data: { from: story.firstPublishedAt.toISOString(), to: at.toISOString(), firstOnlineAt: firstOnlineAt.toISOString() },
    });
    return { storyId, tags: await publicTags(tx, storyId, [story.slug], [story.section?.slug]) };
  });
}
