"use server";

import { z } from "zod";
import { textField } from "@/lib/text/storable";
import { requireActor } from "@/lib/auth/actor";
import { expireTags, parseInput, runAction, type ActionResult } from "@/lib/actions";
import { createSection, deleteSection, moveSection, updateSection } from "@/lib/sections/mutations";
import { sectionInputSchema, sectionMoveDirectionSchema } from "@/lib/sections/schemas";
import { deleteTag, renameTag } from "@/lib/tags/mutations";
import { tagRenameSchema } from "@/lib/tags/schemas";

// Server actions are public POST endpoints: each parses its input and names its actor; the lib
// function it calls checks "section.manage" itself.

const sectionRefSchema = z.object({ sectionId: textField().uuid() });
const tagRefSchema = z.object({ tagId: textField().uuid() });
const sectionUpdateSchema = sectionRefSchema.extend({ values: z.unknown() });
const tagRenameRefSchema = tagRefSchema.extend({ values: z.unknown() });

export async function createSectionAction(input: unknown): Promise<ActionResult<{ sectionId: string }>> {
  return runAction("createSection", async () => {
    const actor = await requireActor();
    const values = parseInput(sectionInputSchema, input);
    const result = await createSection(actor, values);
    await expireTags(result.tags);
    return { sectionId: result.sectionId };
  });
}

export async function updateSectionAction(input: unknown): Promise<ActionResult<{ name: string; slug: string }>> {
  return runAction("updateSection", async () => {
    const actor = await requireActor();
    const { sectionId, values: rawValues } = parseInput(sectionUpdateSchema, input);
    // Parsed on its own so that field errors are keyed by the form's field names.
    const values = parseInput(sectionInputSchema, rawValues);
    const result = await updateSection(actor, sectionId, values);
    await expireTags(result.tags);
    return { name: values.name, slug: result.slug };
  });
}

export async function moveSectionAction(input: unknown): Promise<ActionResult> {
  return runAction("moveSection", async () => {
    const actor = await requireActor();
    const { sectionId, direction } = parseInput(sectionRefSchema.extend({ direction: sectionMoveDirectionSchema }), input);
    const result = await moveSection(actor, sectionId, direction);
    await expireTags(result.tags);
    return null;
  });
}

export async function deleteSectionAction(input: unknown): Promise<ActionResult> {
  return runAction("deleteSection", async () => {
    const actor = await requireActor();
    const { sectionId } = parseInput(sectionRefSchema, input);
    const result = await deleteSection(actor, sectionId);
    await expireTags(result.tags);
    return null;
  });
}

export async function renameTagAction(input: unknown): Promise<ActionResult<{ merged: boolean }>> {
  return runAction("renameTag", async () => {
    const actor = await requireActor();
    const { tagId, values: rawValues } = parseInput(tagRenameRefSchema, input);
    const values = parseInput(tagRenameSchema, rawValues);
    const result = await renameTag(actor, tagId, values);
    await expireTags(result.tags);
    return { merged: result.mergedInto !== null };
  });
}

export async function deleteTagAction(input: unknown): Promise<ActionResult> {
  return runAction("deleteTag", async () => {
    const actor = await requireActor();
    const { tagId } = parseInput(tagRefSchema, input);
    const result = await deleteTag(actor, tagId);
    await expireTags(result.tags);
    return null;
  });
}
