// Old addresses of imported stories that Next never gets to see as such: WordPress's "/?p=123" (the
// front page, to Next) and permalinks with their trailing slash ("/2016/12/13/slug/", which Next
// would first redirect to the address without it: a second hop). The production server answers them
// here with a 301 to the story, from the same redirect table and through the same visibility rule as
// the catch-all page (app/(site)/[...missing]/page.tsx), which answers the other shapes. Anything not
// found goes on to Next as usual.
import type { IncomingMessage, ServerResponse } from "node:http";
import pg from "pg";
import { oldAddressKey } from "../lib/import/old-address-key";
import { PUBLICLY_VISIBLE_SQL } from "../lib/stories/visibility-rule";

const LOOKUP = `SELECT s."slug" FROM "PathRedirect" r JOIN "Story" s ON s."id" = r."storyId" WHERE r."path" = $1 AND ${PUBLICLY_VISIBLE_SQL}`;

/** Which requests may be an old address this server answers: GET or HEAD of "/?p=N", "/?page_id=N" or a path ending in "/". */
export function oldAddressCandidate(method: string | undefined, url: string | undefined): string | null {
  if ((method !== "GET" && method !== "HEAD") || !url) return null;
  const [pathname, search = ""] = url.split("?", 2);
  const query = search ? `?${search}` : "";
  const isIdQuery = pathname === "/" && /(?:^|&)(?:p|page_id)=\d/.test(search);
  if (!isIdQuery && !(pathname.length > 1 && pathname.endsWith("/"))) return null;
  // Our own addresses never end in "/", and Next's files are not old addresses.
  if (pathname.startsWith("/_next/") || pathname.startsWith("/api/")) return null;
  return oldAddressKey(pathname, query);
}

export class OldAddresses {
  private pool: pg.Pool | null;

  constructor(databaseUrl: string | undefined) {
    this.pool = databaseUrl ? new pg.Pool({ connectionString: databaseUrl, max: 2, allowExitOnIdle: true }) : null;
    this.pool?.on("error", (error) => console.error("[server] old-address lookup pool:", error.message));
  }

  /** Answers the request with a 301 and returns true when it is a known old address of a public story. */
  async answer(req: IncomingMessage, res: ServerResponse, extraHeaders: [string, string][]): Promise<boolean> {
    const key = this.pool && oldAddressCandidate(req.method, req.url);
    if (!key || key.length > 2048) return false;
    try {
      const { rows } = await this.pool!.query<{ slug: string }>(LOOKUP, [key]);
      if (!rows[0]) return false;
      res.writeHead(301, [["Location", `/stories/${rows[0].slug}`], ["Cache-Control", "public, max-age=300"], ...extraHeaders]);
      res.end();
      return true;
    } catch (error) {
      // The database being away is Next's to report: the request goes on as if unknown.
      console.error("[server] old-address lookup failed:", error instanceof Error ? error.message : String(error));
      return false;
    }
  }

  async close(): Promise<void> {
    await this.pool?.end();
    this.pool = null;
  }
}
