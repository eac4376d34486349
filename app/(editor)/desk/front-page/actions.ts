"use server";

import { requireActor } from "@/lib/auth/actor";
import { expireTags, parseInput, runAction, type ActionResult } from "@/lib/actions";
import { getFrontPageForDesk, searchStoriesToPin, type FrontPageForDesk } from "@/lib/front-page/editor-queries";
import { saveFrontPage } from "@/lib/front-page/mutations";
import { frontPageLayoutSchema, pinSearchSchema } from "@/lib/front-page/schemas";

// Server actions are public POST endpoints: each parses its input and names its actor; the lib
// function it calls checks "frontpage.manage" itself.

/**
 * Saves the whole layout (every pin) against the version the editor saw, and returns the layout as
 * readers now see it, so that the screen shows it (and its new version) in the same update as "saved".
 */
export async function saveFrontPageAction(input: unknown): Promise<ActionResult<FrontPageForDesk>> {
  return runAction("saveFrontPage", async () => {
    const actor = await requireActor();
    const values = parseInput(frontPageLayoutSchema, input);
    const result = await saveFrontPage(actor, values);
    await expireTags(result.tags);
    return getFrontPageForDesk(actor);
  });
}

/** For the story picker: published headlines matching what was typed (in the section, for a section's slot). */
export async function searchStoriesToPinAction(input: unknown): Promise<ActionResult<{ id: string; headline: string }[]>> {
  return runAction("searchStoriesToPin", async () => {
    const actor = await requireActor();
    const { q, sectionId } = parseInput(pinSearchSchema, input);
    return searchStoriesToPin(actor, q, sectionId);
  });
}
