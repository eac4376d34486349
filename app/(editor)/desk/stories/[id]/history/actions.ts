"use server";

import { z } from "zod";
import { textField } from "@/lib/text/storable";
import { requireActor } from "@/lib/auth/actor";
import { expireTags, parseInput, runAction, type ActionResult } from "@/lib/actions";
import { restoreRevision } from "@/lib/revisions/restore";
import { takeDownVersion } from "@/lib/history/takedown";
import type { SavedStory } from "../../actions";

// A public POST endpoint like every server action: restoreRevision authorizes against the loaded story.

const restoreSchema = z.object({
  storyId: textField().uuid(),
  revisionId: textField().uuid(),
  baseVersion: z.number().int().positive(),
});

export async function restoreRevisionAction(input: unknown): Promise<ActionResult<SavedStory>> {
  return runAction("restoreRevision", async () => {
    const actor = await requireActor();
    const { storyId, revisionId, baseVersion } = parseInput(restoreSchema, input);
    const result = await restoreRevision(actor, { storyId, revisionId, baseVersion });
    await expireTags(result.tags);
    return { storyId: result.storyId, version: result.version, status: result.status, slug: result.slug };
  });
}

const takedownSchema = z.object({ storyId: textField().uuid(), sequence: z.number().int().positive(), reason: textField().max(2000) });

/** A legal takedown of one published version: admins only (checked in takeDownVersion); a tombstone stays. */
export async function takeDownVersionAction(input: unknown): Promise<ActionResult> {
  return runAction("takeDownVersion", async () => {
    const actor = await requireActor();
    const { storyId, sequence, reason } = parseInput(takedownSchema, input);
    const result = await takeDownVersion(actor, { storyId, sequence, reason });
    await expireTags(result.tags);
    return null;
  });
}
