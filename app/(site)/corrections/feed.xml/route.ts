import { getLatestCorrections } from "@/lib/updates/public";
import { correctionsFeedXml } from "@/lib/updates/feed";
import { getSiteSettings } from "@/lib/settings/site";
import { siteOrigin } from "@/lib/env";
import { handleErrors } from "@/lib/http/json-route";

// Built per request from cached data (tagged cacheTags.corrections): a build must not need the database.
export const dynamic = "force-dynamic";

export const GET = handleErrors("corrections/feed.xml", async (): Promise<Response> => {
  const [corrections, { siteName }] = await Promise.all([getLatestCorrections(), getSiteSettings()]);
  return new Response(correctionsFeedXml({ origin: siteOrigin(), siteName, corrections }), {
    headers: { "Content-Type": "application/rss+xml; charset=utf-8" },
  });
});
