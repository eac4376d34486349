import "server-only";
import { db } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { ForbiddenError, InvalidError } from "@/lib/errors";
import { cacheTags } from "@/lib/cache/tags";
import { SETTINGS_DEFAULTS } from "@/lib/settings/site";
import type { SiteSettingsValues } from "@/lib/settings/schemas";

/**
 * Saves the site settings (admins only) with an audit event of what changed, and returns the cache
 * tag to expire: every public page reads the settings (the site name is in every title and masthead).
 */
export async function updateSiteSettings(actor: Actor, values: SiteSettingsValues): Promise<{ tags: string[]; changed: string[] }> {
  if (!can(actor, "settings.manage")) throw new ForbiddenError("Only admins can change the site settings.");
  return db().$transaction(async (tx) => {
    // Serializes two admins saving at once, so each audit event's "from" is what the other saved.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('site-settings'))`;
    const before =
      (await tx.siteSettings.findUnique({ where: { id: 1 }, select: { siteName: true, timeZone: true, defaultSectionId: true } })) ?? SETTINGS_DEFAULTS;
    if (values.defaultSectionId && !(await tx.section.findUnique({ where: { id: values.defaultSectionId }, select: { id: true } }))) {
      throw new InvalidError("That section no longer exists.", { defaultSectionId: ["That section no longer exists. Choose another."] });
    }
    const changed = (Object.keys(values) as (keyof SiteSettingsValues)[]).filter((key) => before[key] !== values[key]);
    if (changed.length === 0) return { tags: [], changed };
    await tx.siteSettings.upsert({ where: { id: 1 }, create: { id: 1, ...values }, update: values });
    await recordAudit(tx, {
      actor,
      action: "settings.update",
      entityType: "settings",
      entityId: "1",
      data: Object.fromEntries(changed.map((key) => [key, { from: before[key], to: values[key] }])),
    });
    return { tags: [cacheTags.settings], changed };
  });
}
