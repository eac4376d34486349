import "server-only";
import { z } from "zod";
import { textField } from "@/lib/text/storable";
import { db } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { publicTags } from "@/lib/stories/public-tags";

// Live coverage of a breaking story: while it is on, the story page runs the update log at the top
// and refreshes it by itself. Turning it on or off is an editor's call about a published story; it
// is not story content, so it writes no revision and does not bump the version an open form is based on.

export const storyLiveInputSchema = z.object({
  storyId: textField().uuid(),
  live: z.boolean(),
});

/** `changed` is false when the story already was as asked (two editors clicking at once): nothing is written. */
export type StoryLiveResult = { storyId: string; live: boolean; changed: boolean; tags: string[] };

export async function setStoryLive(actor: Actor, params: { storyId: string; live: boolean }): Promise<StoryLiveResult> {
  if (!can(actor, "story.update.add")) throw new ForbiddenError("Only editors can start or end live coverage.");
  return db().$transaction(async (tx) => {
    const story = await tx.story.findUnique({
      where: { id: params.storyId },
      select: { id: true, slug: true, status: true, section: { select: { slug: true } } },
    });
    if (!story) throw new NotFoundError("This story no longer exists; it may have been deleted.");
    // Ending is always allowed, so that a story unpublished mid-coverage can still be switched off.
    if (params.live && story.status !== "PUBLISHED") {
      throw new InvalidError("Only a published story can have live coverage. Publish the story first.");
    }
    // Conditional on the current value, so that a race writes one audit event, not two.
    const updated = await tx.story.updateMany({ where: { id: story.id, live: !params.live }, data: { live: params.live } });
    if (updated.count === 0) return { storyId: story.id, live: params.live, changed: false, tags: [] };
    await recordAudit(tx, {
      actor,
      action: params.live ? "story.live.start" : "story.live.end",
      entityType: "story",
      entityId: story.id,
      data: { slug: story.slug },
    });
    const tags = story.status === "PUBLISHED" ? await publicTags(tx, story.id, [story.slug], [story.section?.slug]) : [];
    return { storyId: story.id, live: params.live, changed: true, tags };
  });
}
