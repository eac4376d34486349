import "server-only";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/permissions";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { canReadStory } from "@/lib/stories/mutations";

/** Someone counts as having a story open while their editor has checked in within this long. */
export const PRESENCE_WINDOW_MS = 45_000;

export type Presence = { others: string[]; version: number; lastSavedBy: string | null };

/**
 * Records that the actor has the story open and says who else does, and which version is current,
 * so that an editor can tell before saving that someone else has saved in between.
 */
export async function touchPresence(actor: Actor, storyId: string, now = new Date()): Promise<Presence> {
  const story = await db().story.findUnique({ where: { id: storyId }, select: { version: true, status: true, createdById: true } });
  if (!story) throw new NotFoundError("This story no longer exists; it may have been deleted.");
  // Presence tells the story's version and who saved it last: only for those who may open the story.
  if (!canReadStory(actor, story)) throw new ForbiddenError("You cannot open this story in the newsroom.");
  await db().storyPresence.upsert({
    where: { storyId_userId: { storyId, userId: actor.id } },
    create: { storyId, userId: actor.id, seenAt: now },
    update: { seenAt: now },
  });
  const [others, lastRevision] = await Promise.all([
    db().storyPresence.findMany({
      where: { storyId, userId: { not: actor.id }, seenAt: { gt: new Date(now.getTime() - PRESENCE_WINDOW_MS) } },
      orderBy: { seenAt: "desc" },
      select: { user: { select: { name: true } } },
    }),
    db().revision.findFirst({ where: { storyId }, orderBy: { createdAt: "desc" }, select: { author: { select: { name: true } } } }),
  ]);
  return { others: others.map((o) => o.user.name), version: story.version, lastSavedBy: lastRevision?.author?.name ?? null };
}

/** The actor closed the story (or left the page). */
export async function leavePresence(actor: Actor, storyId: string): Promise<void> {
  await db().storyPresence.deleteMany({ where: { storyId, userId: actor.id } });
}
