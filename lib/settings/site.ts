import "server-only";
import { unstable_cache } from "next/cache";
import { db } from "@/lib/db";
import { cacheTags } from "@/lib/cache/tags";

export type SiteSettings = { siteName: string; timeZone: string };

const DEFAULTS: SiteSettings = { siteName: "The Metro Ledger", timeZone: "America/New_York" };

/** Site name and newsroom time zone, cached for public pages and invalidated when settings change. */
export const getSiteSettings = unstable_cache(
  async (): Promise<SiteSettings> => {
    const row = await db().siteSettings.findUnique({ where: { id: 1 }, select: { siteName: true, timeZone: true } });
    return row ?? DEFAULTS;
  },
  ["site-settings"],
  { tags: [cacheTags.settings] },
);
