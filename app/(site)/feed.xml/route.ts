import { feedResponse } from "@/lib/feeds/feeds";

// Built per request from the cached document (tagged cacheTags.feeds): a build must not need the database.
export const dynamic = "force-dynamic";

export function GET(): Promise<Response> {
  return feedResponse({ kind: "site" }, "rss");
}
