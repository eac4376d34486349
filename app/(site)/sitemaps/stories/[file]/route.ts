import { getStorySitemap, xmlResponse } from "@/lib/sitemaps/sitemaps";

// Built per request from the cached document (tagged cacheTags.sitemaps): a build must not need the database.
export const dynamic = "force-dynamic";

/** /sitemaps/stories/3.xml is the third story sitemap; any other name is not one of ours. */
export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }): Promise<Response> {
  const match = /^([1-9]\d{0,5})\.xml$/.exec((await params).file);
  return xmlResponse(match ? await getStorySitemap(Number(match[1])) : null);
}
