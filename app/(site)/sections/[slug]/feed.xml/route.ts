import { feedResponse } from "@/lib/feeds/feeds";

// Built per request from the cached document (tagged with the feeds and the section): a build must not need the database.
export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { slug } = await params;
  return feedResponse({ kind: "section", slug }, "rss");
}
