"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { textField } from "@/lib/text/storable";
import { requireActor } from "@/lib/auth/actor";
import { expireTags, parseInput, runAction, type ActionResult } from "@/lib/actions";
import { createStory, deleteStory, unpublishStory, updateStory } from "@/lib/stories/mutations";
import { createPreviewLink } from "@/lib/stories/preview";
import { leavePresence, touchPresence, type Presence } from "@/lib/stories/presence";
import { getStoryForEditor, searchStoriesToRelate, type StoryEditorData } from "@/lib/stories/editor-queries";
import { photoChoices, searchPhotosToUse, type PhotoChoice } from "@/lib/media/picker";
import { storyInputSchema, storyIntentSchema } from "@/lib/stories/schemas";
import type { StoryStatus } from "@/lib/generated/prisma/enums";

// Server actions are public POST endpoints: each parses its input and names its actor; the lib
// function it calls authorizes against the loaded story.

const saveSchema = z
  .object({
    /** Null for a story not saved yet. */
    storyId: textField().uuid().nullable(),
    /** A new story's id, chosen by the browser, so that a retried first save cannot make a second story. */
    newStoryId: textField().uuid().optional(),
    baseVersion: z.number().int().positive().nullable(),
    intent: storyIntentSchema,
    values: z.unknown(),
    /** Background saves while typing: coalesced revisions, never on published stories. */
    autosave: z.boolean().optional(),
  })
  // A save of an existing story is always based on the version the form loaded.
  .refine((input) => input.storyId === null || input.baseVersion !== null, { path: ["baseVersion"] });

/** `notice`: what happened instead of what was asked (Publish on an embargoed story schedules it for the lift). */
export type SavedStory = { storyId: string; version: number; status: StoryStatus; slug: string; notice?: string };

export async function saveStoryAction(input: unknown): Promise<ActionResult<SavedStory>> {
  return runAction("saveStory", async () => {
    const actor = await requireActor();
    const { storyId, newStoryId, baseVersion, intent, values: rawValues, autosave } = parseInput(saveSchema, input);
    // Parsed on its own so that field errors are keyed by the form's field names.
    const values = parseInput(storyInputSchema, rawValues);
    // The schema requires the base version whenever there is a story id.
    const result =
      storyId === null
        ? await createStory(actor, { id: newStoryId, values, intent })
        : await updateStory(actor, { storyId, baseVersion: baseVersion!, values, intent, autosave });
    await expireTags(result.tags);
    return { storyId: result.storyId, version: result.version, status: result.status, slug: result.slug, ...(result.notice ? { notice: result.notice } : {}) };
  });
}

const storyRefSchema = z.object({ storyId: textField().uuid(), baseVersion: z.number().int().positive() });

export async function unpublishStoryAction(input: unknown): Promise<ActionResult<SavedStory>> {
  return runAction("unpublishStory", async () => {
    const actor = await requireActor();
    const { storyId, baseVersion } = parseInput(storyRefSchema, input);
    const result = await unpublishStory(actor, storyId, baseVersion);
    await expireTags(result.tags);
    return { storyId: result.storyId, version: result.version, status: result.status, slug: result.slug };
  });
}

export async function deleteStoryAction(input: unknown): Promise<ActionResult> {
  const result = await runAction("deleteStory", async () => {
    const actor = await requireActor();
    const { storyId } = parseInput(z.object({ storyId: textField().uuid() }), input);
    await deleteStory(actor, storyId);
    return null;
  });
  if (result.ok) redirect("/desk");
  return result;
}

export async function createPreviewLinkAction(input: unknown): Promise<ActionResult<{ path: string; expiresAt: string }>> {
  return runAction("createPreviewLink", async () => {
    const actor = await requireActor();
    const { storyId } = parseInput(z.object({ storyId: textField().uuid() }), input);
    return createPreviewLink(actor, storyId);
  });
}

const storyIdSchema = z.object({ storyId: textField().uuid() });

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
    const { q, storyId } = parseInput(z.object({ q: textField().max(200), storyId: textField().uuid().nullable() }), input);
    return searchStoriesToRelate(q, storyId);
  });
}

/** For the photo picker: library photos matching what was typed (or the newest, for nothing typed). */
export async function searchPhotosToUseAction(input: unknown): Promise<ActionResult<PhotoChoice[]>> {
  return runAction("searchPhotosToUse", async () => {
    const actor = await requireActor();
    const { q } = parseInput(z.object({ q: textField().max(200, "Search with fewer words (at most 200 characters).") }), input);
    return searchPhotosToUse(actor, q);
  });
}

/** The library's current state of the photos the form shows (a photo still processing, say). */
export async function getPhotoChoicesAction(input: unknown): Promise<ActionResult<PhotoChoice[]>> {
  return runAction("getPhotoChoices", async () => {
    const actor = await requireActor();
    const { ids } = parseInput(z.object({ ids: z.array(textField().uuid("Choose the photo from the library.")).max(200, "Too many photos.") }), input);
    return photoChoices(actor, ids);
  });
}
