"use server";

import { requireActor } from "@/lib/auth/actor";
import { expireTags, parseInput, runAction, type ActionResult } from "@/lib/actions";
import { cancelSchedule, scheduleStory } from "@/lib/scheduling/schedule";
import { cancelScheduleInputSchema, scheduleStoryInputSchema } from "@/lib/scheduling/schemas";
import { getSiteSettings } from "@/lib/settings/site";
import { zonedTimeToUtc } from "@/lib/time/zoned";
import type { SavedStory } from "./actions";

// Scheduling is publishing later: the same permission, checked by the lib function against the
// loaded story. The time typed is wall-clock time in the newsroom's zone, whatever the browser's.

export async function scheduleStoryAction(input: unknown): Promise<ActionResult<SavedStory>> {
  return runAction("scheduleStory", async () => {
    const actor = await requireActor();
    const { storyId, baseVersion, publishAt } = parseInput(scheduleStoryInputSchema, input);
    const { timeZone } = await getSiteSettings();
    const result = await scheduleStory(actor, { storyId, baseVersion, publishAt: zonedTimeToUtc(publishAt, timeZone) });
    await expireTags(result.tags);
    return { storyId: result.storyId, version: result.version, status: result.status, slug: result.slug };
  });
}

export async function cancelScheduleAction(input: unknown): Promise<ActionResult<SavedStory>> {
  return runAction("cancelSchedule", async () => {
    const actor = await requireActor();
    const { storyId, baseVersion } = parseInput(cancelScheduleInputSchema, input);
    const result = await cancelSchedule(actor, { storyId, baseVersion });
    await expireTags(result.tags);
    return { storyId: result.storyId, version: result.version, status: result.status, slug: result.slug };
  });
}
