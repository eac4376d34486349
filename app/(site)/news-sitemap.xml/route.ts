import { getNewsSitemap, xmlResponse } from "@/lib/sitemaps/sitemaps";

// Built per request from the cached document (tagged cacheTags.sitemaps, and expiring every few
// minutes so that stories leave it at two days old): a build must not need the database.
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  return xmlResponse(await getNewsSitemap());
}
