"use server";

import { requireActor } from "@/lib/auth/actor";
import { expireTags, parseInput, runAction, type ActionResult } from "@/lib/actions";
import { setEmbargo } from "@/lib/stories/embargo";
import { setEmbargoInputSchema } from "@/lib/scheduling/schemas";
import { getSiteSettings } from "@/lib/settings/site";
import { zonedTimeToUtc } from "@/lib/time/zoned";
import type { SavedStory } from "./actions";

// The story form's "Embargoed until" control. The lib function authorizes against the loaded story:
// holding a story longer is anyone's who may edit it, ending the embargo sooner an editor's.

export type EmbargoResult = SavedStory & { embargoUntil: string | null; scheduledAt: string | null };

export async function setEmbargoAction(input: unknown): Promise<ActionResult<EmbargoResult>> {
  return runAction("setEmbargo", async () => {
    const actor = await requireActor();
    const { storyId, baseVersion, embargoUntil } = parseInput(setEmbargoInputSchema, input);
    const { timeZone } = await getSiteSettings();
    const result = await setEmbargo(actor, { storyId, baseVersion, until: embargoUntil ? zonedTimeToUtc(embargoUntil, timeZone) : null });
    await expireTags(result.tags);
    return {
      storyId: result.storyId,
      version: result.version,
      status: result.status,
      slug: result.slug,
      embargoUntil: result.embargoUntil?.toISOString() ?? null,
      scheduledAt: result.publishAt?.toISOString() ?? null,
    };
  });
}
