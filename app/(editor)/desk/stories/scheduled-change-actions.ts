"use server";

import { requireActor } from "@/lib/auth/actor";
import { expireTags, parseInput, runAction, type ActionResult } from "@/lib/actions";
import { applyHeldChange, cancelScheduledChange, discardHeldChange, scheduleChange } from "@/lib/scheduling/changes";
import { applyHeldChangeInputSchema, originalPublicationInputSchema, scheduledChangeRefSchema, scheduleChangeInputSchema } from "@/lib/scheduling/schemas";
import { setOriginalPublicationTime } from "@/lib/stories/original-publication";
import { storyInputSchema } from "@/lib/stories/schemas";
import { getSiteSettings } from "@/lib/settings/site";
import { zonedTimeToUtc } from "@/lib/time/zoned";
import type { SavedStory } from "./actions";

// Changes to a published story prepared for a set time, and an archive story's original publication
// time. Times typed are wall-clock times in the newsroom's zone. The lib functions authorize.

export async function scheduleChangeAction(input: unknown): Promise<ActionResult<{ changeId: string; runAt: string }>> {
  return runAction("scheduleChange", async () => {
    const actor = await requireActor();
    const { storyId, baseVersion, runAt, values: rawValues } = parseInput(scheduleChangeInputSchema, input);
    // Parsed on its own so that field errors are keyed by the form's field names.
    const values = parseInput(storyInputSchema, rawValues);
    const { timeZone } = await getSiteSettings();
    const result = await scheduleChange(actor, { storyId, baseVersion, values, runAt: zonedTimeToUtc(runAt, timeZone) });
    await expireTags(result.tags);
    return { changeId: result.changeId, runAt: result.runAt.toISOString() };
  });
}

export async function cancelScheduledChangeAction(input: unknown): Promise<ActionResult> {
  return runAction("cancelScheduledChange", async () => {
    const actor = await requireActor();
    const { changeId } = parseInput(scheduledChangeRefSchema, input);
    const result = await cancelScheduledChange(actor, changeId);
    await expireTags(result.tags);
    return null;
  });
}

export async function applyHeldChangeAction(input: unknown): Promise<ActionResult<SavedStory>> {
  return runAction("applyHeldChange", async () => {
    const actor = await requireActor();
    const { changeId, storyVersion } = parseInput(applyHeldChangeInputSchema, input);
    const result = await applyHeldChange(actor, { changeId, storyVersion });
    await expireTags(result.tags);
    return { storyId: result.storyId, version: result.version, status: result.status, slug: result.slug };
  });
}

export async function discardHeldChangeAction(input: unknown): Promise<ActionResult> {
  return runAction("discardHeldChange", async () => {
    const actor = await requireActor();
    const { changeId } = parseInput(scheduledChangeRefSchema, input);
    const result = await discardHeldChange(actor, changeId);
    await expireTags(result.tags);
    return null;
  });
}

export async function setOriginalPublicationTimeAction(input: unknown): Promise<ActionResult> {
  return runAction("setOriginalPublicationTime", async () => {
    const actor = await requireActor();
    const { storyId, firstPublishedAt } = parseInput(originalPublicationInputSchema, input);
    const { timeZone } = await getSiteSettings();
    const result = await setOriginalPublicationTime(actor, { storyId, at: zonedTimeToUtc(firstPublishedAt, timeZone) });
    await expireTags(result.tags);
    return null;
  });
}
