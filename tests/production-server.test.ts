import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { addNonceToScripts, freshNonce, NonceRewriter, placeholderNonce } from "../server/server-nonce";
import { acceptsGzip, isSearchPage, PageCache } from "../server/server-page-cache";
import {
  cacheControlFor,
  contentSecurityPolicy,
  headersForPath,
  isDecodablePath,
  parseTrustProxy,
  pathKind,
  PUBLIC_CACHE_CONTROL,
  sharedCacheExpiry,
  withVary,
} from "../server/server-policy";
import { decorateResponse, sendKeptPage } from "../server/server-response";
import { NO_FRAMEWORK_SCRIPTS_MARKER } from "../server/server-static-html";
import { UNDECODABLE_ADDRESSES } from "./support/undecodable-addresses";
import type { NotFoundPage } from "../server/server-not-found";
import { guardActionBody, isServerActionRequest } from "../server/server-action-body";

// The production server's own pieces (server/server*.ts), against a real HTTP server and client.

const placeholder = placeholderNonce("a test secret that is long enough for next-auth");

describe("the nonce placeholder", () => {
  it("is the length of a fresh nonce, and fits Next's nonce pattern", () => {
    expect(placeholder).toHaveLength(freshNonce().length);
    expect(placeholder).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(placeholderNonce("another secret of the same deployment size")).not.toBe(placeholder);
  });

  it("is replaced everywhere in a body, including where a chunk boundary splits it", () => {
    const nonce = freshNonce();
    const body = `<script nonce="${placeholder}">a</script><p>${placeholder}</p><script nonce="${placeholder}">b</script>`;
    for (let cut = 1; cut < body.length; cut += 3) {
      const rewriter = new NonceRewriter(Buffer.from(placeholder), Buffer.from(nonce));
      const out = Buffer.concat([rewriter.push(Buffer.from(body.slice(0, cut))), rewriter.push(Buffer.from(body.slice(cut))), rewriter.end()]).toString();
      expect(out).toBe(body.split(placeholder).join(nonce));
    }
  });

  it("never changes the buffer it was given (Next may be holding it in its cache)", () => {
    const input = Buffer.from(`x${placeholder}y`);
    new NonceRewriter(Buffer.from(placeholder), Buffer.from(freshNonce())).push(input);
    expect(input.toString()).toBe(`x${placeholder}y`);
  });

  it("is added to the scripts and script preloads of a page rendered at build time", () => {
    const html = '<link rel="preload" as="script" href="/a.js"/><link rel="stylesheet" href="/s.css"/><script src="/b.js" async=""></script><script>x</script>';
    expect(addNonceToScripts(html, "N")).toBe(
      '<link nonce="N" rel="preload" as="script" href="/a.js"/><link rel="stylesheet" href="/s.css"/><script nonce="N" src="/b.js" async=""></script><script nonce="N">x</script>',
    );
  });
});

describe("the response layer", () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function serve(url: string, respond: (res: http.ServerResponse) => void) {
    server = http.createServer((req, res) => {
      decorateResponse(req, res, { placeholder, prerendered: new Map(), https: false, dev: false });
      respond(res);
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${url}`);
    return { response, body: await response.text() };
  }

  it("streams a page in pieces with this response's nonce in place of the placeholder, matching its policy", async () => {
    const { response, body } = await serve("/stories/x", (res) => {
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.setHeader("Cache-Control", "s-maxage=31536000");
      res.flushHeaders();
      const page = `<html><script nonce="${placeholder}">1</script>${"<p>text</p>".repeat(500)}<script nonce="${placeholder}">2</script></html>`;
      const third = Math.floor(page.length / 3);
      res.write(page.slice(0, third));
      res.write(Buffer.from(page.slice(third, 2 * third)));
      setTimeout(() => res.end(page.slice(2 * third)), 10);
    });
    const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy")!)![1];
    expect(body).not.toContain(placeholder);
    expect(body.match(new RegExp(`nonce="${nonce}"`, "g"))).toHaveLength(2);
    expect(body).toContain("<p>text</p>".repeat(500));
    expect(response.headers.get("cache-control")).toBe(PUBLIC_CACHE_CONTROL);
  });

  it("keeps the newsroom's responses private", async () => {
    const { response } = await serve("/desk", (res) => {
      res.setHeader("Content-Type", "text/html");
      res.end("<p>desk</p>");
    });
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });
});

describe("a reader's 404", () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** "Next" answers every address with an empty 404 shell; the not-found page is `page` (null: not to be had). */
  async function serve(page: NotFoundPage | null) {
    let asked = 0;
    server = http.createServer((req, res) => {
      decorateResponse(req, res, {
        placeholder,
        prerendered: new Map(),
        https: false,
        dev: false,
        notFoundPage: async () => {
          asked++;
          return page;
        },
      });
      res.statusCode = req.url === "/feed.xml" ? 200 : 404;
      res.setHeader("Content-Type", req.url?.startsWith("/live") ? "application/json" : "text/html; charset=utf-8");
      res.setHeader("x-nextjs-cache", "MISS");
      res.write(`<!DOCTYPE html><html id="__next_error__"><head><script src="/_next/static/chunks/a.js" nonce="${placeholder}"></script></head>`);
      setTimeout(() => res.end(`<body><div hidden=""></div><script nonce="${placeholder}">self.__next_f.push([1,""])</script></body></html>`), 5);
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, asked: () => asked };
  }

  const sitePage = (nonce: string) =>
    Buffer.from(`<!DOCTYPE html><html lang="en"><head></head><body><h1>Page not found</h1><p nonce="${nonce}"></p></body></html>`);

  it("is the site's not-found page with status 404, its policy, noindex and the public Cache-Control", async () => {
    const policy = contentSecurityPolicy("abcdefghijklmnopqrstuv");
    const { base } = await serve({ contentType: "text/html; charset=utf-8", policy, body: sitePage("abcdefghijklmnopqrstuv") });
    for (const path of ["/stories/gone", "/no/such/address"]) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(404);
      expect(await response.text()).toBe(sitePage("abcdefghijklmnopqrstuv").toString());
      expect(response.headers.get("content-security-policy")).toBe(policy);
      expect(response.headers.get("x-robots-tag")).toBe("noindex");
      expect(response.headers.get("cache-control")).toBe(PUBLIC_CACHE_CONTROL);
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("x-nextjs-cache")).toBeNull();
    }
    const head = await fetch(`${base}/stories/gone`, { method: "HEAD" });
    expect(head.status).toBe(404);
    expect(Number(head.headers.get("content-length"))).toBe(sitePage("abcdefghijklmnopqrstuv").length);
  });

  it("is Next's own when the page cannot be had, and never replaces the newsroom's, a JSON answer or a page found", async () => {
    const { base, asked } = await serve(null);
    const fallback = await fetch(`${base}/stories/gone`);
    const nonce = /'nonce-([^']+)'/.exec(fallback.headers.get("content-security-policy")!)![1];
    expect(fallback.status).toBe(404);
    expect(await fallback.text()).toContain(`<script nonce="${nonce}">self.__next_f`);
    expect(asked()).toBe(1);
    for (const path of ["/desk/stories/x", "/live.json", "/feed.xml"]) {
      const response = await fetch(`${base}${path}`);
      expect(await response.text()).toContain("__next_error__");
    }
    expect((await fetch(`${base}/stories/gone`, { method: "POST" })).status).toBe(404);
    expect(asked()).toBe(1);
  });
});

/**
 * A server whose first response for a URL comes from "Next" (`render`, through the response layer)
 * and is kept; later ones from the copy. Closed after each test.
 */
let keepingServer: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (keepingServer ? keepingServer.close(() => resolve()) : resolve())));
async function startKeeping(render: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const cache = new PageCache(1024 * 1024);
  let rendered = 0;
  keepingServer = http.createServer((req, res) => {
    const key = cache.keyFor(req)!;
    const kept = cache.get(key);
    if (kept) return sendKeptPage(req, res, cache, key, kept, false);
    const token = cache.begin();
    decorateResponse(req, res, {
      placeholder,
      prerendered: new Map(),
      https: false,
      dev: false,
      capture: { keep: PageCache.keepable, done: (status, headers, body) => cache.store(key, token, placeholder, { status, headers, body }) },
    });
    rendered++;
    render(req, res);
  });
  const server = keepingServer;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { cache, base, rendered: () => rendered, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("the server's copy of a page", () => {
  const page = `<html><head><script nonce="${placeholder}">1</script></head><body>${"<p>story</p>".repeat(300)}<script nonce="${placeholder}">2</script></body></html>`;
  const nonceOf = (response: Response) => /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy")!)![1];

  const start = () =>
    startKeeping((_req, res) => {
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.setHeader("Cache-Control", "s-maxage=31536000");
      res.setHeader("x-nextjs-cache", "HIT");
      res.setHeader("Vary", "rsc");
      res.end(page);
    });

  it("answers again with the headers the page first left with and a nonce of its own, written at every placeholder", async () => {
    const { base, rendered } = await start();
    const first = await fetch(`${base}/stories/a`, { headers: { "accept-encoding": "identity" } });
    const firstBody = await first.text();
    const second = await fetch(`${base}/stories/a`, { headers: { "accept-encoding": "identity" } });
    const secondBody = await second.text();
    expect(rendered()).toBe(1);
    expect(nonceOf(second)).not.toBe(nonceOf(first));
    expect(secondBody).toBe(page.split(placeholder).join(nonceOf(second)));
    expect(firstBody).toBe(page.split(placeholder).join(nonceOf(first)));
    const comparable = (response: Response) => [...response.headers].filter(([name]) => !["content-security-policy", "date", "x-accel-expires"].includes(name));
    expect(comparable(second)).toEqual(comparable(first));
    expect(second.headers.get("vary")).toBe("rsc, Accept-Encoding");
    expect(second.headers.get("x-accel-expires")).toMatch(/^@\d{10}$/);
  });

  it("compresses a kept page once and serves that copy to every client that accepts gzip, with the nonce it was made with", async () => {
    const { base, cache } = await start();
    await (await fetch(`${base}/stories/b`)).arrayBuffer();
    const raw = (headers: Record<string, string>) =>
      new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        http
          .get(`${base}/stories/b`, { headers }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          })
          .on("error", reject);
      });
    const one = await raw({ "accept-encoding": "gzip, deflate, br" });
    const two = await raw({ "accept-encoding": "gzip" });
    expect(one.headers["content-encoding"]).toBe("gzip");
    expect(two.body.equals(one.body)).toBe(true);
    const nonce = /'nonce-([^']+)'/.exec(String(one.headers["content-security-policy"]))![1];
    expect(gunzipSync(one.body).toString()).toBe(page.split(placeholder).join(nonce));
    const plain = await raw({ "accept-encoding": "gzip;q=0, identity" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe(page.split(placeholder).join(/'nonce-([^']+)'/.exec(String(plain.headers["content-security-policy"]))![1]));
    // Any change in Next's cache empties the copy, compressed bytes included.
    cache.clear();
    expect(cache.get("/stories/b")).toBeUndefined();
  });

  it("reads Accept-Encoding as HTTP does", () => {
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip("gzip, deflate, br, zstd")).toBe(true);
    expect(acceptsGzip("br;q=1.0, gzip;q=0.8")).toBe(true);
    expect(acceptsGzip("gzip;q=0")).toBe(false);
    expect(acceptsGzip("deflate, gzip; q=0.0")).toBe(false);
    expect(acceptsGzip("identity")).toBe(false);
  });
});

describe("the site's pages without Next's JavaScript", () => {
  // The shape of what Next writes for a page of the site: its scripts, their preloads and the flight
  // data, around the site's own data blocks and script.
  const head = (marker: string) =>
    `<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/><link rel="preload" href="/_next/static/media/serif.woff2" as="font" crossorigin="" nonce="${placeholder}" type="font/woff2"/>` +
    `<link rel="stylesheet" href="/_next/static/chunks/site.css" nonce="${placeholder}" data-precedence="next"/><link rel="preload" as="script" fetchPriority="low" nonce="${placeholder}" href="/_next/static/chunks/runtime.js"/>` +
    `<script src="/_next/static/chunks/react.js" async="" nonce="${placeholder}"></script>${marker}<script src="/_next/static/chunks/polyfills.js" noModule="" nonce="${placeholder}"></script><title>Harbor</title></head>`;
  const body =
    `<body><main><script type="application/ld+json">{"headline":"Harbor \\u003c/script\\u003e"}</script><h1>Harbor reopens</h1>${"<p>story</p>".repeat(200)}` +
    `<script type="application/json">[{"id":1}]</script><script src="/live-updates.js" defer="" nonce="${placeholder}"></script></main>` +
    `<script src="/_next/static/chunks/runtime.js" id="_R_" async="" nonce="${placeholder}"></script><script nonce="${placeholder}">(self.__next_f=self.__next_f||[]).push([0])</script>` +
    `<script nonce="${placeholder}">self.__next_f.push([1,"0:[\\"$\\",\\"h1\\",null,{\\"children\\":\\"Harbor reopens\\"}]"])</script></body></html>`;
  const sitePage = head(NO_FRAMEWORK_SCRIPTS_MARKER) + body;
  const lighter = (nonce: string) =>
    `<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/><link rel="preload" href="/_next/static/media/serif.woff2" as="font" crossorigin="" nonce="${nonce}" type="font/woff2"/>` +
    `<link rel="stylesheet" href="/_next/static/chunks/site.css" nonce="${nonce}" data-precedence="next"/><title>Harbor</title></head>` +
    `<body><main><script type="application/ld+json">{"headline":"Harbor \\u003c/script\\u003e"}</script><h1>Harbor reopens</h1>${"<p>story</p>".repeat(200)}` +
    `<script type="application/json">[{"id":1}]</script><script src="/live-updates.js" defer="" nonce="${nonce}"></script></main></body></html>`;
  const nonceOf = (response: Response) => /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy")!)![1];

  /** Next's part: `page` in three writes (the first inside the head), kept in a page cache like the server's. */
  const start = (page: string, status = 200) =>
    startKeeping((req, res) => {
      res.statusCode = status;
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.setHeader("Cache-Control", "s-maxage=31536000");
      res.setHeader("x-nextjs-cache", "MISS");
      if (req.method === "HEAD") {
        // Next answers a HEAD with the page's length and no body.
        res.setHeader("Content-Length", Buffer.byteLength(page));
        return res.end();
      }
      res.write(page.slice(0, 120));
      res.write(page.slice(120, 900));
      setTimeout(() => res.end(page.slice(900)), 5);
    });

  it("leave without Next's scripts, preloads and flight data, keeping the site's data blocks and script under this response's nonce", async () => {
    const { base } = await start(sitePage);
    const response = await fetch(`${base}/stories/harbor`, { headers: { "accept-encoding": "identity" } });
    const text = await response.text();
    expect(text).toBe(lighter(nonceOf(response)));
    expect(Number(response.headers.get("content-length"))).toBe(Buffer.byteLength(text));
    // Next's own length would be the heavier page's.
    const head = await fetch(`${base}/stories/other`, { method: "HEAD" });
    expect(head.headers.get("content-length")).toBeNull();
  });

  it("are kept without them, so that every later reader gets the lighter page with a nonce of its own", async () => {
    const { base, rendered } = await start(sitePage);
    const first = await fetch(`${base}/stories/harbor`, { headers: { "accept-encoding": "identity" } });
    await first.arrayBuffer();
    const second = await fetch(`${base}/stories/harbor`, { headers: { "accept-encoding": "identity" } });
    expect(await second.text()).toBe(lighter(nonceOf(second)));
    expect(nonceOf(second)).not.toBe(nonceOf(first));
    expect(rendered()).toBe(1);
  });

  it("are kept even when nothing left in them carries the nonce", async () => {
    const bare = sitePage.replace(/<link rel="(?:preload|stylesheet)" href="[^"]*"[^>]*>/g, "").replace(/<script src="\/live-updates\.js"[^>]*><\/script>/, "");
    const { base, rendered } = await start(bare);
    await (await fetch(`${base}/tags/harbor`)).arrayBuffer();
    const again = await (await fetch(`${base}/tags/harbor`, { headers: { "accept-encoding": "identity" } })).text();
    expect(again).not.toContain("/_next/static/chunks/");
    expect(again).not.toContain(placeholder);
    expect(rendered()).toBe(1);
  });

  it("keep everything when the page does not promise it, fails, or waits on script to finish a part", async () => {
    const newsroom = head("") + body;
    const pending = sitePage.replace("<main>", '<main><!--$?--><template id="B:0"></template><p>Loading</p><!--/$-->');
    for (const [page, status] of [
      [newsroom, 200],
      [sitePage, 500],
      [pending, 200],
    ] as const) {
      const { base, close } = await start(page, status);
      const response = await fetch(`${base}/stories/x`);
      expect(await response.text()).toBe(page.split(placeholder).join(nonceOf(response)));
      await close();
    }
  });
});

describe("the server's copy of search pages", () => {
  const body = (n: number) => Buffer.from(`<html><script nonce="${placeholder}"></script>${"x".repeat(n)}</html>`);
  const keep = (cache: PageCache, key: string, n: number) =>
    cache.store(key, cache.begin(), placeholder, { status: 200, headers: { "content-type": "text/html" }, body: body(n) });

  it("tells search addresses from the rest", () => {
    expect(["/search", "/search?q=council", "/search?q=a&page=2"].every(isSearchPage)).toBe(true);
    expect(["/searching", "/stories/search", "/", "/search/x"].some(isSearchPage)).toBe(false);
  });

  it("keeps a rendered search page unless it sets a cookie or is not a plain page", () => {
    expect(PageCache.keepableSearch(200, { "cache-control": "private, no-store" })).toBe(true);
    expect(PageCache.keepableSearch(200, { "set-cookie": ["a=b"] })).toBe(false);
    expect(PageCache.keepableSearch(404, {})).toBe(false);
  });

  it("holds a flood of new queries in its own budget, and empties with every other cache on a change", () => {
    const pages = new PageCache(1024 * 1024);
    const searches = new PageCache(64 * 1024);
    keep(pages, "/stories/a", 1000);
    for (let i = 0; i < 200; i++) keep(searches, `/search?q=word+${i}`, 4000);
    expect(pages.get("/stories/a")).toBeDefined();
    expect(searches.get("/search?q=word+199")).toBeDefined();
    expect(searches.get("/search?q=word+0")).toBeUndefined();
    // What the cache handler calls on every write to Next's cache and every expiry.
    (globalThis as Record<symbol, () => void>)[Symbol.for("newsroom.next-cache-changed")]();
    expect(pages.get("/stories/a")).toBeUndefined();
    expect(searches.get("/search?q=word+199")).toBeUndefined();
    // A page rendered across a change is not kept.
    const token = searches.begin();
    searches.clear();
    searches.store("/search?q=late", token, placeholder, { status: 200, headers: {}, body: body(10) });
    expect(searches.get("/search?q=late")).toBeUndefined();
  });
});

describe("addresses Next cannot decode", () => {
  it.each([...UNDECODABLE_ADDRESSES, "/a%2"])("%s is refused before Next sees it", (url) => {
    expect(isDecodablePath(url)).toBe(false);
  });
  it.each(["/", "/stories/a%00b", "/stories/caf%C3%A9", "/search?q=%FF", "/search?q=%", "/stories/a#%", "/%F0%9F%93%B0"])(
    "%s goes on to Next (the query and fragment are Next's to read)",
    (url) => {
      expect(isDecodablePath(url)).toBe(true);
    },
  );
});

describe("policy", () => {
  it("tells nginx to keep a copy until the end of the current second, and adds a Vary name once", () => {
    expect(sharedCacheExpiry(1_796_000_000_999)).toBe("@1796000000");
    expect(sharedCacheExpiry(1_796_000_001_000)).toBe("@1796000001");
    expect(withVary("rsc, next-router-state-tree", "Accept-Encoding")).toBe("rsc, next-router-state-tree, Accept-Encoding");
    expect(withVary("accept-encoding", "Accept-Encoding")).toBe("accept-encoding");
    expect(withVary(undefined, "Accept-Encoding")).toBe("Accept-Encoding");
  });

  it("trusts X-Forwarded-For only from proxies it was told about", () => {
    const none = parseTrustProxy(undefined);
    expect(none("127.0.0.1", 0)).toBe(false);
    const loopback = parseTrustProxy("loopback");
    expect(loopback("127.0.0.1", 0)).toBe(true);
    expect(loopback("203.0.113.9", 0)).toBe(false);
    const twoHops = parseTrustProxy("2");
    expect([twoHops("198.51.100.1", 0), twoHops("198.51.100.2", 1), twoHops("198.51.100.3", 2)]).toEqual([true, true, false]);
    expect(() => parseTrustProxy("not an address")).toThrow(/NEWSROOM_TRUST_PROXY/);
  });

  it("gives shared caches a second for public pages and nothing of the newsroom", () => {
    expect(pathKind("GET", "/stories/a?x=1")).toBe("public");
    expect(pathKind("POST", "/stories/a")).toBe("private");
    expect(pathKind("GET", "/desk/stories/1")).toBe("private");
    expect(pathKind("GET", "/designs")).toBe("public");
    expect(pathKind("GET", "/_next/static/chunks/a.js")).toBe("static");
    expect(pathKind("GET", "/media/ab.jpg")).toBe("media");
    expect(pathKind("POST", "/media/ab.jpg")).toBe("private");
    // A photo keeps its route's answer: immutable only when the route said so, otherwise never shared.
    expect(cacheControlFor("media", 200, "public, max-age=31536000, immutable")).toBe("public, max-age=31536000, immutable");
    expect(cacheControlFor("media", 200, "private, no-store")).toBe("private, no-store");
    expect(cacheControlFor("media", 200, undefined)).toBe("private, no-store");
    expect(cacheControlFor("media", 404, "public, max-age=0, s-maxage=1")).toBe("private, no-store");
    expect(cacheControlFor("public", 200, "s-maxage=31536000")).toBe(PUBLIC_CACHE_CONTROL);
    expect(cacheControlFor("public", 500, undefined)).toBe("private, no-store");
    expect(cacheControlFor("static", 200, "public, max-age=31536000, immutable")).toBe("public, max-age=31536000, immutable");
  });

  it("keeps pages behind secret links private, unindexed and out of referrers", () => {
    for (const url of ["/preview/abc", "/invite/abc", "/reset/abc?x=1"]) {
      expect(pathKind("GET", url)).toBe("private");
      expect(Object.fromEntries(headersForPath(url))).toEqual({ "X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "no-referrer" });
    }
    expect(headersForPath("/stories/invite")).toEqual([]);
  });
});

describe("server-action bodies", () => {
  // A real HTTP server with the guard in front of a stand-in for Next that echoes the body it reads.
  let server: http.Server | null = null;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function start(): Promise<string> {
    server = http.createServer((req, res) =>
      isServerActionRequest(req)
        ? guardActionBody(req, res, async (replay) => {
            const chunks: Buffer[] = [];
            for await (const chunk of replay) chunks.push(chunk as Buffer);
            res.end(Buffer.concat(chunks));
          })
        : res.end("not an action"),
    );
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/desk`;
  }
  /** As Next's client posts an action: its arguments as text, or a form (which sets its own type). */
  const post = (url: string, body: BodyInit) =>
    fetch(url, {
      method: "POST",
      body,
      headers: { "next-action": "0123abcd", ...(body instanceof FormData ? {} : { "content-type": "text/plain;charset=UTF-8" }) },
      duplex: "half",
    } as RequestInit);

  it("answers 413 to a body over 2 MB, declared or streamed, and 400 to one that is not UTF-8, not JSON or nested absurdly deep", async () => {
    const url = await start();
    expect((await post(url, Buffer.alloc(10 * 1024 * 1024, 0x61))).status).toBe(413);
    const streamed = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 12; i++) controller.enqueue(new Uint8Array(256 * 1024).fill(0x61));
        controller.close();
      },
    });
    expect((await post(url, streamed)).status).toBe(413);
    const notUtf8 = await post(url, Buffer.from([0x5b, 0x22, 0xff, 0xfe, 0x22, 0x5d]));
    expect([notUtf8.status, await notUtf8.text()]).toEqual([400, "Request body is not valid UTF-8."]);
    expect((await post(url, '["unterminated')).status).toBe(400);
    expect((await post(url, `${"[".repeat(100_000)}${"]".repeat(100_000)}`)).status).toBe(400);
  });

  it("hands every other body to the app byte for byte", async () => {
    const url = await start();
    const args = JSON.stringify([{ storyId: "x", values: { headline: 'Quotes " and [brackets] ünïcode' } }]);
    const ok = await post(url, args);
    expect([ok.status, await ok.text()]).toEqual([200, args]);
    const form = new FormData();
    form.set("csrf", "a");
    expect((await post(url, form)).status).toBe(200);
  });
});
