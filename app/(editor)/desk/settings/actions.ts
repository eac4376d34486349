"use server";

import { requireActor } from "@/lib/auth/actor";
import { expireTags, parseInput, runAction, type ActionResult } from "@/lib/actions";
import { updateSiteSettings } from "@/lib/settings/mutations";
import { siteSettingsInputSchema } from "@/lib/settings/schemas";

// A public POST endpoint like every server action: updateSiteSettings checks "settings.manage".
export async function updateSiteSettingsAction(input: unknown): Promise<ActionResult<{ changed: string[] }>> {
  return runAction("updateSiteSettings", async () => {
    const actor = await requireActor();
    const values = parseInput(siteSettingsInputSchema, input);
    const result = await updateSiteSettings(actor, values);
    await expireTags(result.tags);
    return { changed: result.changed };
  });
}
