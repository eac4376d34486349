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
//
// A hit is the most frequent thing this server does, so everything that does not depend on the
// request is worked out once, when a page is stored: the response headers (as the response layer
// set them, less the nonce's), and where the placeholder sits in the body, so that a hit copies the
// body and writes the nonce at those places instead of searching it.
//
// Compressed copies: a client that accepts gzip (nginx asks for it; so does every browser) gets the
// page compressed once per entry and kept, instead of once per request. A compressed copy carries
// one nonce, chosen when it is made, for as long as the entry lives (a minute at most, and only until
// the next change anywhere in Next's cache). That nonce is still unknown to anyone before the bytes it
// covers are fixed, which is what a nonce is for: content cannot be written to match it; a shared
// cache in front (nginx, a CDN) serves one nonce to many readers in the same way.
//
// Search pages (/search?q=...) are dynamic: Next renders every one, at 15 to 25 ms of CPU, most of
// it React turning the page into HTML and flight data. They are kept in a cache of their own, with
// a small byte budget: each query string is a new entry, so a flood of made-up queries can only push
// out other search pages (never a story page), and nothing is written to disk. They are emptied with
// every change, like the rest, so a publish shows in search at once.
import { gzipSync } from "node:zlib";
import type { IncomingMessage, OutgoingHttpHeaders } from "node:http";

const CHANGED = Symbol.for("newsroom.next-cache-changed");

/** Longest a page is kept without Next being asked: a bound on any expiry this process did not see. */
const MAX_AGE_MS = 60_000;
/** Next's Cache-Control for a page it keeps until a write expires it (revalidate = false): a year. */
const UNTIL_EXPIRED = /(?:^|[\s,])s-maxage=31536000(?:$|[\s,])/;
/** Headers a hit sets itself (they depend on the request, the nonce or the encoding). */
const PER_RESPONSE = new Set([
  "content-security-policy",
  "strict-transport-security",
  "content-length",
  "content-encoding",
  "x-accel-expires",
  "transfer-encoding",
  "date",
  "connection",
  "keep-alive",
]);

export type CachedPage = {
  status: number;
  /** Final response headers as flat name/value pairs, without those in PER_RESPONSE. */
  headers: string[];
  /** The body as Next wrote it, with the placeholder nonce. */
  body: Buffer;
  /** Byte offsets of every placeholder in `body`. */
  offsets: number[];
  storedAt: number;
  gzip?: { body: Buffer; nonce: string };
};

/** Whether the request's Accept-Encoding takes gzip (and does not refuse it with q=0). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding || !acceptEncoding.includes("gzip")) return false;
  return !/(?:^|,)\s*gzip\s*;\s*q=0(?:\.0*)?\s*(?:,|$)/i.test(acceptEncoding);
}

/** Every cache made in this process: the cache handler's change report empties them all. */
const everyCache = new Set<PageCache>();

/** Whether a request's address is the search page's (any query). */
export const isSearchPage = (url: string) => url === "/search" || url.startsWith("/search?");

export class PageCache {
  private generation = 0;
  private readonly pages = new Map<string, CachedPage>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {
    everyCache.add(this);
    (globalThis as Record<symbol, unknown>)[CHANGED] = () => {
      for (const cache of everyCache) cache.clear();
    };
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
    if (
      h.rsc ||
      h["next-router-state-tree"] ||
      h["next-router-prefetch"] ||
      h["next-router-segment-prefetch"] ||
      h["next-action"] ||
      h["x-prerender-revalidate"]
    )
      return null;
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

  /**
   * Whether a rendered search page may be kept: a plain page with no cookie set. It depends only on
   * its address and on what Next's cache holds (results, sections, settings), and is kept only if
   * nothing in that cache changed while it was rendered.
   */
  static keepableSearch(status: number, headers: OutgoingHttpHeaders): boolean {
    return status === 200 && !headers["set-cookie"];
  }

  /** Keeps a response: `headers` are the final ones the response layer sent, `body` Next's bytes. */
  store(key: string, token: number, placeholder: string, page: { status: number; headers: OutgoingHttpHeaders; body: Buffer }): void {
    if (token !== this.generation || page.body.length > this.maxBytes / 4) return;
    const offsets: number[] = [];
    for (let at = page.body.indexOf(placeholder); at !== -1; at = page.body.indexOf(placeholder, at + placeholder.length)) offsets.push(at);
    // No placeholder left is a site page without Next's scripts whose own carry no nonce: the
    // response layer keeps only pages rendered with the placeholder (a build-time page has none).
    const headers: string[] = [];
    for (const [name, value] of Object.entries(page.headers)) {
      if (value === undefined || PER_RESPONSE.has(name)) continue;
      for (const one of Array.isArray(value) ? value : [value]) headers.push(name, String(one));
    }
    const old = this.pages.get(key);
    if (old) this.drop(key, old);
    this.pages.set(key, { status: page.status, headers, body: page.body, offsets, storedAt: Date.now() });
    this.bytes += page.body.length;
    for (const [oldest, entry] of this.pages) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest, entry);
    }
  }

  /** The body with `nonce` at every placeholder: one copy of the body, no search. */
  static withNonce(page: CachedPage, nonce: string): Buffer {
    const out = Buffer.allocUnsafe(page.body.length);
    page.body.copy(out);
    for (const at of page.offsets) out.write(nonce, at, "latin1");
    return out;
  }

  /** The entry's compressed copy, made on first use; counted against the cache's size. */
  gzipped(key: string, page: CachedPage, nonce: () => string): { body: Buffer; nonce: string } {
    if (page.gzip) return page.gzip;
    const chosen = nonce();
    page.gzip = { body: gzipSync(PageCache.withNonce(page, chosen)), nonce: chosen };
    if (this.pages.get(key) === page) this.bytes += page.gzip.body.length;
    return page.gzip;
  }

  private drop(key: string, page: CachedPage): void {
    this.pages.delete(key);
    this.bytes -= page.body.length + (page.gzip?.body.length ?? 0);
  }
}
