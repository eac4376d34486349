import { getPagesSitemap, xmlResponse } from "@/lib/sitemaps/sitemaps";

// Built per request from the cached document (tagged cacheTags.sitemaps): a build must not need the database.
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  return xmlResponse(await getPagesSitemap());
}
