import "server-only";
import { db } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { cacheTags } from "@/lib/cache/tags";
import { ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";

// A legal takedown of one published version: the content is withheld from the public history, but
// the row, its digest and its place in the chain stay, with the reason shown instead. Only admins
// may do it, since it removes part of the public record.

export const TAKEDOWN_REASON_MIN = 3;
export const TAKEDOWN_REASON_MAX = 500;

export async function takeDownVersion(actor: Actor, params: { storyId: string; sequence: number; reason: string }): Promise<{ tags: string[] }> {
  if (!can(actor, "history.takedown")) throw new ForbiddenError("Only admins can take down a published version.");
  const reason = params.reason.trim();
  if (reason.length < TAKEDOWN_REASON_MIN || reason.length > TAKEDOWN_REASON_MAX) {
    throw new InvalidError("Give the reason readers will see.", {
      reason: [`Write a reason of ${TAKEDOWN_REASON_MIN} to ${TAKEDOWN_REASON_MAX} characters; readers see it in place of the version.`],
    });
  }
  return db().$transaction(async (tx) => {
    const version = await tx.publishedVersion.findUnique({
      where: { storyId_sequence: { storyId: params.storyId, sequence: params.sequence } },
      select: { id: true, takenDownAt: true, story: { select: { slug: true } } },
    });
    if (!version) throw new NotFoundError("That version of the story does not exist.");
    if (version.takenDownAt) throw new InvalidError("This version has already been taken down.");
    await tx.publishedVersion.update({
      where: { id: version.id },
      // The digest stays: the next version's link still proves what was here, without showing it.
      data: { takenDownAt: new Date(), takedownReason: reason, snapshot: Prisma.DbNull },
    });
    await recordAudit(tx, {
      actor,
      action: "story.version.takedown",
      entityType: "story",
      entityId: params.storyId,
      data: { sequence: params.sequence, reason },
    });
    return { tags: [cacheTags.story(version.story.slug)] };
  });
}
