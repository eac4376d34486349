import "server-only";
import { unstable_cache } from "next/cache";
import { db } from "@/lib/db";
import { cacheTags } from "@/lib/cache/tags";

export type SiteSettings = { siteName: string; timeZone: string; defaultSectionId: string | null };

export const SETTINGS_DEFAULTS: SiteSettings = { siteName: "The Metro Ledger", timeZone: "America/New_York", defaultSectionId: null };

/** The settings row, read directly: for the settings form and for writes. */
export async function readSiteSettings(): Promise<SiteSettings> {
  const row = await db().siteSettings.findUnique({ where: { id: 1 }, select: { siteName: true, timeZone: true, defaultSectionId: true } });
  return row ?? SETTINGS_DEFAULTS;
}

/** Site name, newsroom time zone and default section, cached for public pages; saving the settings expires it. */
export const getSiteSettings = unstable_cache(readSiteSettings, ["site-settings"], { tags: [cacheTags.settings] });
