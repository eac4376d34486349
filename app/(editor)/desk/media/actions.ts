"use server";

import { requireActor } from "@/lib/auth/actor";
import { expireTags, parseInput, runAction, type ActionResult } from "@/lib/actions";
import { deleteMedia, reprocessMedia, updateMediaMetadata } from "@/lib/media/mutations";
import { mediaMetadataSchema, mediaRefSchema } from "@/lib/media/schemas";

// Server actions are public POST endpoints: each parses its input and names its actor; the lib
// function checks "media.upload" (own photos) or "media.manage" itself.

export async function updateMediaMetadataAction(input: unknown): Promise<ActionResult<{ version: number; refocused: boolean }>> {
  return runAction("updateMediaMetadata", async () => {
    const actor = await requireActor();
    const values = parseInput(mediaMetadataSchema, input);
    const result = await updateMediaMetadata(actor, values);
    await expireTags(result.tags);
    return { version: result.version, refocused: result.refocused };
  });
}

export async function reprocessMediaAction(input: unknown): Promise<ActionResult> {
  return runAction("reprocessMedia", async () => {
    const actor = await requireActor();
    const { mediaId } = parseInput(mediaRefSchema, input);
    await reprocessMedia(actor, mediaId);
    return null;
  });
}

export async function deleteMediaAction(input: unknown): Promise<ActionResult> {
  return runAction("deleteMedia", async () => {
    const actor = await requireActor();
    const { mediaId } = parseInput(mediaRefSchema, input);
    const result = await deleteMedia(actor, mediaId);
    await expireTags(result.tags);
    return null;
  });
}
