import type { Tx } from "@/lib/db/client";
import { ConflictError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";

// No lost work: every change to a story is based on the version the person saw, and the update is
// conditional on that version still being the story's, so that a change based on an old version
// writes nothing and says so (the form then offers to compare the two).

export const STALE_VERSION_MESSAGE = "Someone else saved this story after you opened it. Reload to see the latest version, then try again.";

/**
 * Writes `data` to the story and moves its version on, if the story is still at `baseVersion`;
 * otherwise throws ConflictError with `message` and the version the story is at (`currentVersion`,
 * as loaded in this transaction). Returns the story's new version.
 */
export async function updateStoryAtVersion(
  tx: Tx,
  params: { storyId: string; baseVersion: number; currentVersion: number; data: Prisma.StoryUncheckedUpdateManyInput; message?: string },
): Promise<number> {
  const updated = await tx.story.updateMany({
    where: { id: params.storyId, version: params.baseVersion },
    data: { ...params.data, version: { increment: 1 } },
  });
  if (updated.count === 0) throw new ConflictError(params.message ?? STALE_VERSION_MESSAGE, params.currentVersion);
  return params.baseVersion + 1;
}
