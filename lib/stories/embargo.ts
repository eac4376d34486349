import "server-only";
import { db } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { canEditStory, type StoryWriteResult } from "@/lib/stories/mutations";
import { databaseNow } from "@/lib/stories/visibility";
import { updateStoryAtVersion } from "@/lib/stories/versioned-update";
import { enqueuePublish } from "@/lib/scheduling/queue";
import { EMBARGO_FIELD, embargoInForce } from "@/lib/stories/embargo-rules";

// Hard embargoes. A story may carry "Embargoed until <moment>": until then no reader sees it (the rule
// in lib/stories/visibility.ts) and nobody can publish it; Publish turns into a schedule at the lift,
// and a schedule for an earlier time is refused. The scheduler (lib/scheduling/schedule.ts) lifts it
// at the moment, by the database's clock, and publishes what an editor approved.
//
// Who may do what: anyone who may edit the story may embargo it or hold it longer; ending it sooner
// (an earlier lift, a lift now, no embargo) lets the story out early, which is an editor's call
// (story.embargo.shorten).

type EmbargoChange = "set" | "changed" | "lifted" | "removed";

/**
 * Sets, moves, lifts or removes a story's embargo, based on `baseVersion`. `until` null removes it; a
 * moment already past lifts it at once. A scheduled story waiting for the lift follows it: holding the
 * embargo longer moves its publication to the new lift, ending it sooner brings its publication forward
 * to the new lift (or now). Nothing readers see changes here (an embargoed story is not public), so
 * there are no tags to expire: the publication at the lift expires them.
 */
export async function setEmbargo(
  actor: Actor,
  params: { storyId: string; baseVersion: number; until: Date | null },
): Promise<StoryWriteResult & { change: EmbargoChange; embargoUntil: Date | null; publishAt: Date | null }> {
  const { storyId, baseVersion, until } = params;
  if (until && Number.isNaN(until.getTime())) {
    throw new InvalidError("Choose when the embargo ends.", { [EMBARGO_FIELD]: ["Enter a date and time, like 2026-12-03 9:00 a.m."] });
  }
  const result = await db().$transaction(async (tx) => {
    const story = await tx.story.findUnique({
      where: { id: storyId },
      select: { id: true, slug: true, status: true, version: true, createdById: true, embargoUntil: true, scheduledAt: true },
    });
    if (!story) throw new NotFoundError("This story no longer exists; it may have been deleted.");
    if (!canEditStory(actor, story)) throw new ForbiddenError("Only people who may edit this story can change its embargo.");
    const now = await databaseNow(tx);
    const current = embargoInForce(story.embargoUntil, now);
    if (story.status === "PUBLISHED" && !current) {
      throw new InvalidError(
        "This story is already published: readers have seen it, so an embargo cannot hold it back. Unpublish it first if it must come down.",
      );
    }
    if (until) {
      const yearAhead = new Date(now);
      yearAhead.setFullYear(yearAhead.getFullYear() + 1);
      if (until > yearAhead) throw new InvalidError("That time is too far ahead.", { [EMBARGO_FIELD]: ["Embargoes end at most a year ahead."] });
    }
    const liftsNow = until !== null && until.getTime() <= now.getTime();
    if (!current && (until === null || liftsNow)) {
      throw new InvalidError(until === null ? "This story has no embargo." : "That time has already passed.", {
        [EMBARGO_FIELD]: [until === null ? "There is no embargo to remove." : "Choose a time in the future for the embargo to end."],
      });
    }
    const change: EmbargoChange = !current ? "set" : until === null ? "removed" : liftsNow ? "lifted" : "changed";
    const sooner = current !== null && (until === null || until < current);
    if (sooner && !can(actor, "story.embargo.shorten")) {
      throw new ForbiddenError("Only an editor can end an embargo sooner. You may hold the story longer.", {
        [EMBARGO_FIELD]: ["Only an editor can make the embargo end earlier or remove it."],
      });
    }
    // A lift now clears the field (the audit event keeps the moment), so that nothing lifts it twice.
    const stored = liftsNow ? null : until;
    // A scheduled story goes live at the later of its time and the lift. One waiting for the old lift
    // (Publish pressed while embargoed) waits for the new one instead.
    let scheduledAt = story.scheduledAt;
    if (story.status === "SCHEDULED" && scheduledAt) {
      const newLift = stored ?? now;
      if (scheduledAt < newLift || (sooner && current && scheduledAt.getTime() === current.getTime())) scheduledAt = newLift;
    }
    const version = await updateStoryAtVersion(tx, {
      storyId,
      baseVersion,
      currentVersion: story.version,
      data: { embargoUntil: stored, scheduledAt },
      message: "Someone else saved this story after you opened it, so the embargo was not changed. Reload to see the latest version, then try again.",
    });
    await recordAudit(tx, {
      actor,
      action: `story.embargo.${change}`,
      entityType: "story",
      entityId: storyId,
      data: {
        from: current?.toISOString() ?? null,
        to: stored?.toISOString() ?? null,
        ...(liftsNow ? { at: now.toISOString() } : {}),
        ...(scheduledAt?.getTime() !== story.scheduledAt?.getTime() ? { scheduledAt: scheduledAt?.toISOString() ?? null } : {}),
        version,
      },
    });
    const publishAt = story.status === "SCHEDULED" ? scheduledAt : null;
    return { storyId, slug: story.slug, version, status: story.status, tags: [], change, embargoUntil: stored, publishAt };
  });

  // After the commit, as scheduling does: the story's one waiting job moves to when it may go live. A
  // story no one has approved still gets a wake-up at the lift, so the lift is recorded on time.
  const wakeAt = result.publishAt ?? result.embargoUntil;
  if (wakeAt) {
    try {
      await enqueuePublish(storyId, wakeAt);
    } catch (error) {
      console.error(
        `[scheduler] Story ${storyId}'s embargo is saved, but its job at ${wakeAt.toISOString()} could not be queued; the catch-up will see to it.`,
        error,
      );
    }
  }
  return result;
}
