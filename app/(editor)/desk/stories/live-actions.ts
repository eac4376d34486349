"use server";

import { requireActor } from "@/lib/auth/actor";
import { expireTags, parseInput, runAction, type ActionResult } from "@/lib/actions";
import { setStoryLive, storyLiveInputSchema } from "@/lib/stories/live";

// Starts or ends live coverage of a published story. A public POST endpoint like every action:
// it parses, names its actor, and lets lib/stories/live.ts authorize.

export async function setStoryLiveAction(input: unknown): Promise<ActionResult<{ live: boolean }>> {
  return runAction("setStoryLive", async () => {
    const actor = await requireActor();
    const { storyId, live } = parseInput(storyLiveInputSchema, input);
    const result = await setStoryLive(actor, { storyId, live });
    await expireTags(result.tags);
    return { live: result.live };
  });
}
