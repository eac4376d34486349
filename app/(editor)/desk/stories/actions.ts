"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { requireActor } from "@/lib/auth/actor";
import { expireTags, parseInput, runAction, type ActionResult } from "@/lib/actions";
import { addStoryUpdate, deleteStory, saveStory, unpublishStory } from "@/lib/stories/mutations";
import { createPreviewLink } from "@/lib/stories/preview";
import { leavePresence, touchPresence, type Presence } from "@/lib/stories/presence";
import { getStoryForEditor, searchStoriesToRelate, type StoryEditorData } from "@/lib/stories/editor-queries";
import { storyInputSchema, storyIntentSchema, storyUpdateNoteSchema } from "@/lib/stories/schemas";
import type { StoryStatus } from "@/lib/generated/prisma/enums";

// Server actions are public POST endpoints: each parses its input and names its actor; the lib
// function it calls authorizes against the loaded story.

const saveSchema = z.object({
  storyId: z.string().uuid().nullable(),
  baseVersion: z.number().int().positive().nullable(),
  intent: storyIntentSchema,
  values: z.unknown(),
  /** Background saves while typing: coalesced revisions, never on published stories. */
  autosave: z.boolean().optional(),
});

export type SavedStory = { storyId: string; version: number; status: StoryStatus; slug: string };

export async function saveStoryAction(input: unknown): Promise<ActionResult<SavedStory>> {
  return runAction("saveStory", async () => {
    const actor = await requireActor();
    const { storyId, baseVersion, intent, values: rawValues, autosave } = parseInput(saveSchema, input);
    // Parsed on its own so that field errors are keyed by the form's field names.
    const values = parseInput(storyInputSchema, rawValues);
    const result = await saveStory(actor, { storyId, baseVersion, values, intent, autosave });
    await expireTags(result.tags);
    return { storyId: result.storyId, version: result.version, status: result.status, slug: result.slug };
  });
}

const storyRefSchema = z.object({ storyId: z.string().uuid(), baseVersion: z.number().int().positive() });

export async function unpublishStoryAction(input: unknown): Promise<ActionResult<SavedStory>> {
  return runAction("unpublishStory", async () => {
    const actor = await requireActor();
    const { storyId, baseVersion } = parseInput(storyRefSchema, input);
    const result = await unpublishStory(actor, storyId, baseVersion);
    await expireTags(result.tags);
    return { storyId: result.storyId, version: result.version, status: result.status, slug: result.slug };
  });
}

const addUpdateSchema = storyUpdateNoteSchema.extend({ storyId: z.string().uuid() });

export async function addStoryUpdateAction(input: unknown): Promise<ActionResult<{ updateId: string }>> {
  return runAction("addStoryUpdate", async () => {
    const actor = await requireActor();
    const { storyId, note } = parseInput(addUpdateSchema, input);
    const result = await addStoryUpdate(actor, storyId, note);
    await expireTags(result.tags);
    return { updateId: result.updateId };
  });
}

export async function deleteStoryAction(input: unknown): Promise<ActionResult> {
  const result = await runAction("deleteStory", async () => {
    const actor = await requireActor();
    const { storyId } = parseInput(z.object({ storyId: z.string().uuid() }), input);
    await deleteStory(actor, storyId);
    return null;
  });
  if (result.ok) redirect("/desk");
  return result;
}

export async function createPreviewLinkAction(input: unknown): Promise<ActionResult<{ path: string; expiresAt: string }>> {
  return runAction("createPreviewLink", async () => {
    const actor = await requireActor();
    const { storyId } = parseInput(z.object({ storyId: z.string().uuid() }), input);
    return createPreviewLink(actor, storyId);
  });
}

const storyIdSchema = z.object({ storyId: z.string().uuid() });

/** Polled while a story is open: records presence, reports who else is there and the current version. */
export async function touchPresenceAction(input: unknown): Promise<ActionResult<Presence>> {
  return runAction("touchPresence", async () => {
    const actor = await requireActor();
    const { storyId } = parseInput(storyIdSchema, input);
    return touchPresence(actor, storyId);
  });
}

export async function leavePresenceAction(input: unknown): Promise<ActionResult> {
  return runAction("leavePresence", async () => {
    const actor = await requireActor();
    const { storyId } = parseInput(storyIdSchema, input);
    await leavePresence(actor, storyId);
    return null;
  });
}

/** The story as it stands now, for comparing with what this person has in the form after a conflict. */
export async function getLatestStoryAction(input: unknown): Promise<ActionResult<Pick<StoryEditorData, "version" | "status" | "values">>> {
  return runAction("getLatestStory", async () => {
    const actor = await requireActor();
    const { storyId } = parseInput(storyIdSchema, input);
    const story = await getStoryForEditor(actor, storyId);
    return { version: story.version, status: story.status, values: story.values };
  });
}

/** For the related-stories picker: published headlines matching what was typed. */
export async function searchStoriesToRelateAction(input: unknown): Promise<ActionResult<{ id: string; headline: string }[]>> {
  return runAction("searchStoriesToRelate", async () => {
    await requireActor();
    const { q, storyId } = parseInput(z.object({ q: z.string().max(200), storyId: z.string().uuid().nullable() }), input);
    return searchStoriesToRelate(q, storyId);
  });
}
