// What the production server decides for each request and response, kept apart from the server's
// plumbing so that it can be read (and tested) as policy: who the client is, which Cache-Control a
// response carries, and the Content-Security-Policy.
import type { IncomingMessage } from "node:http";
import proxyAddr from "proxy-addr";

/** The request header lib/http/client-ip.ts reads. Always overwritten: a client's own value never gets through. */
export const CLIENT_IP_HEADER = "x-newsroom-client-ip";

export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * NEWSROOM_TRUST_PROXY: unset (or "off") trusts no proxy, so the client is the socket's peer. A
 * number trusts that many proxy hops in front of this server; anything else is a comma-separated
 * list of addresses, CIDR ranges or the names "loopback", "linklocal" and "uniquelocal" of proxies
 * whose X-Forwarded-For is believed (the rules of proxy-addr, the module Express uses).
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? "").trim();
  if (text === "" || text === "off" || text === "false" || text === "0") return () => false;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return (_address, hop) => hop < hops;
  }
  try {
    return proxyAddr.compile(
      text
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean),
    );
  } catch (error) {
    throw new Error(
      `NEWSROOM_TRUST_PROXY must be a number of hops or a list of addresses, CIDR ranges, "loopback", "linklocal" or "uniquelocal"; got "${text}" (${error instanceof Error ? error.message : error}).`,
    );
  }
}

/** The client's address: the socket's peer, or, past proxies we trust, the address they forwarded. */
export function clientAddress(request: IncomingMessage, trust: TrustProxy): string {
  return proxyAddr(request, trust);
}

/** Whether the request came through a trusted proxy that says the client used HTTPS. */
export function forwardedHttps(request: IncomingMessage, trust: TrustProxy): boolean {
  const peer = request.socket.remoteAddress;
  if (!peer || !trust(peer, 0)) return false;
  const proto = request.headers["x-forwarded-proto"];
  return typeof proto === "string" && proto.split(",")[0].trim().toLowerCase() === "https";
}

/**
 * What kind of response a path gives, for caching and framing. "media" (a photo's rendition,
 * app/media/[file]/route.ts) keeps the Cache-Control its route chose: immutable and public only while
 * a public story uses the photo, "private, no-store" for the newsroom's eyes; never the public
 * pages' one-second default, which would let a shared cache keep a private answer.
 */
export type PathKind = "static" | "media" | "private" | "public";

/** The newsroom, sign-in, API routes and previews: each response is one person's, never shared. */
const PRIVATE_AREAS = ["/desk", "/signin", "/api", "/preview", "/invite", "/reset"];

/** Addresses that carry a secret (a signed preview, a one-time link): never indexed, never sent on as a referrer. */
const SECRET_LINK_AREAS = ["/preview/", "/invite/", "/reset/"];

/** Headers a response gets because of where it is: the secret-link pages' extra privacy. */
export function headersForPath(url: string | undefined): [string, string][] {
  const path = (url ?? "/").split("?", 1)[0];
  if (!SECRET_LINK_AREAS.some((area) => path.startsWith(area))) return [];
  return [
    ["X-Robots-Tag", "noindex, nofollow"],
    ["Referrer-Policy", "no-referrer"],
  ];
}

export function pathKind(method: string | undefined, url: string | undefined): PathKind {
  const path = (url ?? "/").split("?", 1)[0];
  if (path.startsWith("/_next/static/")) return "static";
  if (path.startsWith("/media/") && (method === "GET" || method === "HEAD")) return "media";
  // A server action is a POST to a public path; its response is one person's.
  if (method !== "GET" && method !== "HEAD") return "private";
  if (PRIVATE_AREAS.some((area) => path === area || path.startsWith(`${area}/`))) return "private";
  return "public";
}

/**
 * Public pages: a browser asks again every time (max-age=0), a shared cache (nginx, a CDN) may keep a
 * page one second (s-maxage=1) and must not serve it past that without asking (must-revalidate). A
 * publish therefore shows everywhere within a second, while a story that every reader opens at once
 * costs the origin one render per second per cache. Next's own cache lifetime for ISR pages (a year)
 * is for Next's cache only and must not reach a CDN that nobody purges.
 */
export const PUBLIC_CACHE_CONTROL = "public, max-age=0, s-maxage=1, must-revalidate";
export const PRIVATE_CACHE_CONTROL = "private, no-store";

let expirySecond = -1;
let expiryValue = "";
/**
 * X-Accel-Expires for nginx, beside PUBLIC_CACHE_CONTROL: "@" and the current second (Unix time).
 * nginx counts whole seconds and keeps a copy while the clock has not passed the second it was told,
 * so a copy lives until the end of the second it was made in, never longer: a publish shows through
 * nginx within a second, where s-maxage=1 alone would mean one to two. nginx does not pass the header
 * on to clients. The origin and nginx must share a clock (NTP).
 */
export function sharedCacheExpiry(now = Date.now()): string {
  const second = Math.floor(now / 1000);
  if (second !== expirySecond) {
    expirySecond = second;
    expiryValue = `@${second}`;
  }
  return expiryValue;
}

/** A Vary value with `name` added (once). */
export function withVary(current: number | string | string[] | undefined, name: string): string {
  const names = (Array.isArray(current) ? current.join(",") : String(current ?? ""))
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  if (!names.some((part) => part.toLowerCase() === name.toLowerCase())) names.push(name);
  return names.join(", ");
}

/** Statuses of public pages that a shared cache may keep for a second: pages, redirects, not-found. */
const CACHEABLE_STATUS = new Set([200, 203, 204, 300, 301, 308, 404, 410]);

/** The Cache-Control a response leaves with, from its kind, its status and what Next chose. */
export function cacheControlFor(kind: PathKind, status: number, fromNext: string | undefined): string | undefined {
  if (kind === "static") return fromNext; // Next sends "public, max-age=31536000, immutable" for hashed assets
  if (kind === "private") return PRIVATE_CACHE_CONTROL;
  if (kind === "media") return fromNext?.startsWith("public, max-age=31536000, immutable") ? fromNext : PRIVATE_CACHE_CONTROL;
  if (CACHEABLE_STATUS.has(status)) return PUBLIC_CACHE_CONTROL;
  return fromNext ?? PRIVATE_CACHE_CONTROL;
}

/**
 * The Content-Security-Policy. Scripts run only with this response's nonce ('strict-dynamic' lets
 * the scripts Next loads run too); 'self' is the fallback for browsers without nonces. Styles: the
 * stylesheet is a file, but React and the editor set style attributes, which only 'unsafe-inline'
 * allows in style-src; styles cannot run script.
 */
/** The origin of MEDIA_PUBLIC_BASE_URL (a CDN for photos), if one is configured and is a URL. */
export function mediaOriginOf(base: string | undefined): string | undefined {
  try {
    return base ? new URL(base).origin : undefined;
  } catch {
    return undefined;
  }
}

const MEDIA_ORIGIN = mediaOriginOf(process.env.MEDIA_PUBLIC_BASE_URL);

export function contentSecurityPolicy(nonce: string, mediaOrigin = MEDIA_ORIGIN): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    // Photos come from this site's /media route, or from the CDN in front of the media bucket.
    mediaOrigin ? `img-src 'self' data: ${mediaOrigin}` : "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Headers every response carries (moved here from next.config.js: one place, and no per-request route matching in Next). */
export const SECURITY_HEADERS: [string, string][] = [
  ["X-Content-Type-Options", "nosniff"],
  ["Referrer-Policy", "strict-origin-when-cross-origin"],
  ["Permissions-Policy", "camera=(), microphone=(), geolocation=()"],
  ["X-Frame-Options", "DENY"],
];

/** Sent only over HTTPS. Two years, as browsers' preload lists ask; without includeSubDomains, which is the newsroom's call. */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000";

/**
 * Whether the request's path is valid percent-encoded UTF-8 ("/stories/%FF", "/%E0%A4%A", "/%",
 * an encoded lone surrogate "%ED%A0%80" or an overlong "%C0%AF" are not). No page can be named by
 * such a path. Next's router meets it as a DecodeError while matching the route's params and then
 * tries to render the Pages Router's /400 page, which an App Router app does not have, so it answers
 * a bare 500; the server answers 400 itself before Next sees the request.
 */
export function isDecodablePath(url: string | undefined): boolean {
  const path = (url ?? "/").split(/[?#]/, 1)[0];
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** The page for an undecodable address: plain, cacheable by nobody, with the security headers. */
export const BAD_PATH_PAGE =
  '<!doctype html><html lang="en"><meta charset="utf-8"><title>Bad address</title><main><h1>Bad address</h1><p>This address has a broken %-escape, so it names no page here. Check the link, or start from <a href="/">the front page</a>.</p></main></html>\n';
