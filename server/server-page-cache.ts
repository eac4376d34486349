// The server's copy of finished public pages, in front of Next's handler.
//
// A story page that Next serves from its cache still costs most of a millisecond of Next's routing
// and response plumbing per request. This keeps the bytes Next sent (placeholder nonce and all) for
// pages Next itself holds until a write expires them (revalidate = false), and serves them again
// with a fresh nonce. It is emptied whenever anything in Next's cache changes: the cache handler
// (server-cache-handler.mjs) reports every set and every tag expiry, and a response is kept only if
// nothing changed while it was being made. So it is never a request behind Next's own cache: the
// first request after a publish goes to Next.
// Only for one process with Next's file-system cache: with a shared cache (REDIS_URL) another
// instance's expiry is not seen here, so the server does not use it then.
import type { IncomingMessage, OutgoingHttpHeaders } from "node:http";

const CHANGED = Symbol.for("newsroom.next-cache-changed");

/** Longest a page is kept without Next being asked: a bound on any expiry this process did not see. */
const MAX_AGE_MS = 60_000;
/** Next's Cache-Control for a page it keeps until a write expires it (revalidate = false): a year. */
const UNTIL_EXPIRED = /(?:^|[\s,])s-maxage=31536000(?:$|[\s,])/;

export type CachedPage = { status: number; headers: OutgoingHttpHeaders; body: Buffer; storedAt: number };

export class PageCache {
  private generation = 0;
  private readonly pages = new Map<string, CachedPage>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {
    (globalThis as Record<symbol, unknown>)[CHANGED] = () => this.clear();
  }

  clear(): void {
    this.generation++;
    this.pages.clear();
    this.bytes = 0;
  }

  /** The key of a request this cache may answer, or null: plain page loads of public pages only. */
  keyFor(req: IncomingMessage): string | null {
    if (req.method !== "GET" && req.method !== "HEAD") return null;
    const h = req.headers;
    // Client navigations and prefetches (flight data), server actions, Next's revalidation requests.
    if (h.rsc || h["next-router-state-tree"] || h["next-router-prefetch"] || h["next-router-segment-prefetch"] || h["next-action"] || h["x-prerender-revalidate"]) return null;
    // Draft mode bypasses Next's cache, so it bypasses this one.
    if (h.cookie?.includes("__prerender_bypass")) return null;
    return req.url ?? null;
  }

  get(key: string): CachedPage | undefined {
    const page = this.pages.get(key);
    if (!page) return undefined;
    if (Date.now() - page.storedAt > MAX_AGE_MS) {
      this.drop(key, page);
      return undefined;
    }
    // Most recently used last, so that eviction takes the oldest first.
    this.pages.delete(key);
    this.pages.set(key, page);
    return page;
  }

  /** A token to hand back to `store`: the response is kept only if nothing changed in between. */
  begin(): number {
    return this.generation;
  }

  /** Whether a response with these headers from Next may be kept (a page Next holds until expired). */
  static keepable(status: number, headers: OutgoingHttpHeaders): boolean {
    if (status !== 200 || headers["set-cookie"]) return false;
    const state = headers["x-nextjs-cache"];
    if (state !== "HIT" && state !== "MISS") return false;
    return UNTIL_EXPIRED.test(String(headers["cache-control"] ?? ""));
  }

  store(key: string, token: number, page: Omit<CachedPage, "storedAt">): void {
    if (token !== this.generation || page.body.length > this.maxBytes / 4) return;
    const old = this.pages.get(key);
    if (old) this.drop(key, old);
    this.pages.set(key, { ...page, storedAt: Date.now() });
    this.bytes += page.body.length;
    for (const [oldest, entry] of this.pages) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest, entry);
    }
  }

  private drop(key: string, page: CachedPage): void {
    this.pages.delete(key);
    this.bytes -= page.body.length;
  }
}
