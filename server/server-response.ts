// The production server's response layer: it sits between Next's request handler and the socket,
// sets the headers of server-policy.ts once the status and content type are known, and
// swaps the placeholder nonce in HTML (and RSC) bodies for this response's own (server-nonce.ts),
// sends the site's pages without Next's JavaScript (server-static-html.ts), and sends the reader's
// 404s as the site's server-rendered not-found page (server-not-found.ts).
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import path from "node:path";
import { addNonceToScripts, freshNonce, NonceRewriter } from "./server-nonce";
import type { NotFoundPage } from "./server-not-found";
import { acceptsGzip, PageCache, type CachedPage } from "./server-page-cache";
import { promisesNoFrameworkScripts, withoutFrameworkScripts } from "./server-static-html";
import {
  cacheControlFor,
  contentSecurityPolicy,
  headersForPath,
  pathKind,
  PUBLIC_CACHE_CONTROL,
  SECURITY_HEADERS,
  sharedCacheExpiry,
  STRICT_TRANSPORT_SECURITY,
  withVary,
} from "./server-policy";

export type ResponseOptions = {
  placeholder: string;
  /** HTML pages Next rendered at build time, by the SHA-256 of their bytes (see trustedPrerenders). */
  prerendered: Map<string, string>;
  https: boolean;
  dev: boolean;
  /** Called with an HTML response's body as Next sent it (placeholder and all) and its final headers, when `keep` accepts Next's status and headers. */
  capture?: { keep: (status: number, headers: OutgoingHttpHeaders) => boolean; done: (status: number, headers: OutgoingHttpHeaders, body: Buffer) => void };
  /** The page a reader's HTML 404 is sent as, in place of Next's (server-not-found.ts); null: Next's is sent. */
  notFoundPage?: () => Promise<NotFoundPage | null>;
};

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

/**
 * A fallback: the cache handler keeps its entries apart per secret, so Next renders even the pages
 * `next build` rendered ahead of any request (the static not-found and error pages) again on
 * demand, with the placeholder. Should one of those build-time pages be served all the same, it
 * carries no nonce at all. They come from the code alone (the build has no database), so their
 * scripts may be given this response's nonce. Each is recognised by its exact bytes, and nothing
 * else is ever given a nonce it did not render with: the returned templates hold the placeholder in
 * every script element, replaced per response like any other page.
 */
export function trustedPrerenders(distDir: string, placeholder: string): Map<string, string> {
  const templates = new Map<string, string>();
  const manifestFile = path.join(distDir, "prerender-manifest.json");
  if (!existsSync(manifestFile)) return templates;
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as {
    routes: Record<string, { srcRoute?: string | null; initialRevalidateSeconds?: number | false }>;
  };
  for (const [route, entry] of Object.entries(manifest.routes)) {
    // Static routes only (no parameters, never revalidated): rendered once, by the build.
    if (entry.srcRoute !== route || entry.initialRevalidateSeconds !== false) continue;
    const file = path.join(distDir, "server", "app", route === "/" ? "index.html" : `${route}.html`);
    if (!existsSync(file)) continue;
    const html = readFileSync(file);
    if (html.includes(placeholder)) continue; // rendered by this server, nothing to add
    templates.set(sha256(html), addNonceToScripts(html.toString("utf8"), placeholder));
  }
  return templates;
}

/** A hit's policy, around its nonce: built once. */
const [POLICY_BEFORE, POLICY_AFTER] = contentSecurityPolicy("\0").split("\0");

/**
 * Answers from the server's copy of a page (server-page-cache.ts), without Next: the headers the
 * response layer gave the page when it was stored, this response's own ones (policy and nonce,
 * expiry, length, HSTS), and the body with the nonce written in place, or its compressed copy.
 */
export function sendKeptPage(req: IncomingMessage, res: ServerResponse, cache: PageCache, key: string, page: CachedPage, https: boolean): void {
  let body: Buffer;
  let nonce: string;
  const headers = page.headers.slice();
  if (acceptsGzip(req.headers["accept-encoding"])) {
    ({ body, nonce } = cache.gzipped(key, page, freshNonce));
    headers.push("content-encoding", "gzip");
  } else {
    nonce = freshNonce();
    body = PageCache.withNonce(page, nonce);
  }
  headers.push("content-security-policy", POLICY_BEFORE + nonce + POLICY_AFTER, "x-accel-expires", sharedCacheExpiry(), "content-length", String(body.length));
  if (https) headers.push("strict-transport-security", STRICT_TRANSPORT_SECURITY);
  res.writeHead(page.status, headers);
  res.end(req.method === "HEAD" ? undefined : body);
}

type WriteCallback = (error?: Error | null) => void;

/** Wraps `res` so that whatever Next writes leaves with this server's headers and a fresh nonce. */
export function decorateResponse(req: IncomingMessage, res: ServerResponse, options: ResponseOptions): void {
  const kind = pathKind(req.method, req.url);
  const nonce = freshNonce();
  const writeHead = res.writeHead;
  // Node's overloads, called through one loose signature.
  const write = res.write as (this: ServerResponse, ...args: unknown[]) => boolean;
  const end = res.end as (this: ServerResponse, ...args: unknown[]) => ServerResponse;
  const flushHeaders = res.flushHeaders;

  let decided = false;
  let rewriter: NonceRewriter | null = null;
  /**
   * Body held back while an HTML page has not yet shown a placeholder (it may be a build-time page)
   * or whether it is one of the site's pages; all of it, when it is one: it leaves without Next's
   * scripts, which only the whole page shows.
   */
  let held: Buffer[] | null = null;
  /** Whether this page leaves without Next's scripts: null while its head has not shown it. */
  let siteOnly: boolean | null = false;
  let headSent = false;
  /** The body as Next wrote it, when options.capture wants it; with the headers Next set. */
  let raw: Buffer[] | null = null;
  let rawHeaders: OutgoingHttpHeaders | null = null;
  /** Next's body of a reader's 404, held while the site's not-found page is fetched (sent only if that fails). */
  let replaced: Buffer[] | null = null;

  const decide = () => {
    if (decided) return;
    decided = true;
    const type = String(res.getHeader("content-type") ?? "");
    const html = type.startsWith("text/html");
    const keep = html && options.capture !== undefined && req.method === "GET" && options.capture.keep(res.statusCode, res.getHeaders());
    const cacheControl = cacheControlFor(kind, res.statusCode, res.getHeader("cache-control") as string | undefined);
    if (cacheControl) res.setHeader("Cache-Control", cacheControl);
    if (cacheControl === PUBLIC_CACHE_CONTROL) res.setHeader("X-Accel-Expires", sharedCacheExpiry());
    // A kept page is served compressed to clients that accept gzip (server-page-cache.ts).
    if (html && options.capture) res.setHeader("Vary", withVary(res.getHeader("vary"), "Accept-Encoding"));
    for (const [name, value] of headersForPath(req.url)) res.setHeader(name, value);
    for (const [name, value] of SECURITY_HEADERS) if (!res.hasHeader(name)) res.setHeader(name, value);
    if (options.https) res.setHeader("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
    if (keep) {
      // The headers as they leave (the per-response ones are set again on every hit).
      rawHeaders = res.getHeaders();
      raw = [];
    }
    // Next's development server evaluates modules and injects scripts of its own: no policy there.
    if (options.dev) return;
    if (html && res.statusCode === 404 && kind === "public" && options.notFoundPage) replaced = [];
    if (html) res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
    // Flight data (client navigations) may carry the nonce as well as HTML does.
    if (html || type.startsWith("text/x-component")) {
      if (res.getHeader("content-encoding")) {
        // A compressed body cannot be searched; this server compresses after rewriting instead.
        throw new Error("Next compressed a page itself: set `compress: false` in next.config.js (NEWSROOM_COMPRESS=on compresses in the server).");
      }
      rewriter = new NonceRewriter(Buffer.from(options.placeholder), Buffer.from(nonce));
      held = html ? [] : null;
      // An error page keeps its scripts: it is the one client component a reader can be shown.
      siteOnly = html && res.statusCode < 500 ? null : false;
    }
  };

  /** Node's own writeHead, once: for HTML it waits until the body's first placeholder or its end. */
  const sendHead = () => {
    if (headSent) return;
    headSent = true;
    writeHead.call(res, res.statusCode);
  };

  res.writeHead = function (
    this: ServerResponse,
    status: number,
    reason?: string | OutgoingHttpHeaders | unknown[],
    headers?: OutgoingHttpHeaders | unknown[],
  ) {
    if (typeof reason !== "string") {
      headers = reason as OutgoingHttpHeaders | unknown[] | undefined;
      reason = undefined;
    }
    res.statusCode = status;
    if (reason) res.statusMessage = reason;
    if (Array.isArray(headers)) {
      for (let i = 0; i + 1 < headers.length; i += 2) res.setHeader(String(headers[i]), headers[i + 1] as string);
    } else if (headers) {
      for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
    }
    decide();
    if (!rewriter) sendHead();
    return res;
  } as typeof res.writeHead;

  res.flushHeaders = function () {
    decide();
    if (!rewriter) {
      sendHead();
      return flushHeaders.call(res);
    }
    // An HTML head waits for the body's first placeholder (or its end); see `held`.
  };

  const toBuffer = (chunk: unknown, encoding?: BufferEncoding): Buffer =>
    Buffer.isBuffer(chunk)
      ? chunk
      : chunk instanceof Uint8Array
        ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
        : Buffer.from(String(chunk), encoding);

  res.write = function (this: ServerResponse, chunk: unknown, encoding?: BufferEncoding | WriteCallback, callback?: WriteCallback) {
    if (typeof encoding === "function") {
      callback = encoding;
      encoding = undefined;
    }
    decide();
    if (replaced) {
      replaced.push(toBuffer(chunk, encoding as BufferEncoding | undefined));
      if (callback) process.nextTick(callback);
      return true;
    }
    if (!rewriter) return write.call(res, chunk, encoding, callback);
    const input = toBuffer(chunk, encoding as BufferEncoding | undefined);
    raw?.push(input);
    const out = rewriter.push(input);
    if (held) {
      held.push(out);
      if (siteOnly === null) siteOnly = promisesNoFrameworkScripts(Buffer.concat(held).toString("latin1"));
      if (!rewriter.seen || siteOnly !== false) {
        if (callback) process.nextTick(callback);
        return true;
      }
      const all = Buffer.concat(held);
      held = null;
      sendHead();
      return write.call(res, all, callback);
    }
    sendHead();
    if (out.length === 0) {
      if (callback) process.nextTick(callback);
      return true;
    }
    return write.call(res, out, callback);
  } as typeof res.write;

  res.end = function (this: ServerResponse, chunk?: unknown, encoding?: BufferEncoding | WriteCallback, callback?: WriteCallback) {
    if (typeof chunk === "function") {
      callback = chunk as WriteCallback;
      chunk = undefined;
    } else if (typeof encoding === "function") {
      callback = encoding;
      encoding = undefined;
    }
    decide();
    if (replaced) {
      const next = replaced;
      if (chunk !== undefined && chunk !== null) next.push(toBuffer(chunk, encoding as BufferEncoding | undefined));
      replaced = null;
      void options.notFoundPage!().then((page) => {
        if (page) return sendNotFoundPage(page, callback);
        // Next's own 404, as it would have left.
        for (const part of next) res.write(part);
        res.end(callback);
      });
      return res;
    }
    if (!rewriter) return end.call(res, chunk, encoding, callback);
    const input = chunk === undefined || chunk === null ? null : toBuffer(chunk, encoding as BufferEncoding | undefined);
    if (input) raw?.push(input);
    const last = input ? rewriter.push(input) : Buffer.alloc(0);
    let body = Buffer.concat([...(held ?? []), last, rewriter.end()]);
    if (held && !rewriter.seen && body.length > 0) {
      const template = options.prerendered.get(sha256(body));
      if (template) body = Buffer.from(template.split(options.placeholder).join(nonce));
    }
    let kept = raw && rawHeaders && rewriter.seen ? Buffer.concat(raw) : null;
    if (held && siteOnly !== false) {
      const lighter = withoutFrameworkScripts(body.toString("utf8"));
      if (lighter !== null) {
        body = Buffer.from(lighter);
        // The same change to Next's own bytes (the nonce has the placeholder's length and shape).
        const lighterKept = kept && withoutFrameworkScripts(kept.toString("utf8"));
        kept = lighterKept ? Buffer.from(lighterKept) : null;
      }
    }
    if (held && req.method !== "HEAD") res.setHeader("Content-Length", body.length);
    // A HEAD has no body to show whether it is a site page: Next's length may be the heavier page's.
    else if (held && siteOnly !== false) res.removeHeader("Content-Length");
    held = null;
    sendHead();
    // A page with no placeholder was rendered with no nonce (at build time): left to `prerendered`.
    if (kept) options.capture!.done(res.statusCode, rawHeaders!, kept);
    return end.call(res, body.length ? body : undefined, callback);
  } as typeof res.end;

  /** The site's not-found page with status 404, the headers `decide` gave the response, and the page's own policy. */
  const sendNotFoundPage = (page: NotFoundPage, callback?: WriteCallback) => {
    if (res.destroyed) return;
    // Next's headers about its own render of the page no longer describe this one.
    for (const name of res.getHeaderNames()) if (name.startsWith("x-nextjs-")) res.removeHeader(name);
    res.setHeader("Content-Type", page.contentType);
    if (page.policy) res.setHeader("Content-Security-Policy", page.policy);
    res.setHeader("X-Robots-Tag", "noindex");
    res.setHeader("Content-Length", page.body.length);
    sendHead();
    end.call(res, req.method === "HEAD" ? undefined : page.body, callback);
  };
}
