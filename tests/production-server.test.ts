import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { addNonceToScripts, freshNonce, NonceRewriter, placeholderNonce } from "../server/server-nonce";
import { acceptsGzip, isSearchPage, PageCache } from "../server/server-page-cache";
import {
  cacheControlFor,
  headersForPath,
  isDecodablePath,
  parseTrustProxy,
  pathKind,
  PUBLIC_CACHE_CONTROL,
  sharedCacheExpiry,
  withVary,
} from "../server/server-policy";
import { decorateResponse, sendKeptPage } from "../server/server-response";
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

describe("the server's copy of a page", () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  const page = `<html><head><script nonce="${placeholder}">1</script></head><body>${"<p>story</p>".repeat(300)}<script nonce="${placeholder}">2</script></body></html>`;
  const nonceOf = (response: Response) => /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy")!)![1];

  /** A server whose first response for a URL comes from "Next" (through the response layer) and is kept; later ones from the copy. */
  async function start() {
    const cache = new PageCache(1024 * 1024);
    let rendered = 0;
    server = http.createServer((req, res) => {
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
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.setHeader("Cache-Control", "s-maxage=31536000");
      res.setHeader("x-nextjs-cache", "HIT");
      res.setHeader("Vary", "rsc");
      res.end(page);
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { cache, base, rendered: () => rendered };
  }

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
  it.each([
    "/stories/%FF",
    "/stories/%C0%AF",
    "/stories/%ED%A0%80",
    "/stories/%E0%A4%A",
    "/stories/%",
    "/%E0%A4%A",
    "/sections/metro/page/%FF",
    "/api/auth/%FF",
    "/a%2",
  ])("%s is refused before Next sees it", (url) => {
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
