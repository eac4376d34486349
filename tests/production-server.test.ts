import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { addNonceToScripts, freshNonce, NonceRewriter, placeholderNonce } from "../scripts/server-nonce";
import { cacheControlFor, headersForPath, parseTrustProxy, pathKind, PUBLIC_CACHE_CONTROL } from "../scripts/server-policy";
import { decorateResponse } from "../scripts/server-response";
import { guardActionBody, isServerActionRequest } from "../scripts/server-action-body";

// The production server's own pieces (scripts/server*.ts), against a real HTTP server and client.

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
    expect(addNonceToScripts(html, "N")).toBe('<link nonce="N" rel="preload" as="script" href="/a.js"/><link rel="stylesheet" href="/s.css"/><script nonce="N" src="/b.js" async=""></script><script nonce="N">x</script>');
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

describe("policy", () => {
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
    fetch(url, { method: "POST", body, headers: { "next-action": "0123abcd", ...(body instanceof FormData ? {} : { "content-type": "text/plain;charset=UTF-8" }) }, duplex: "half" } as RequestInit);

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
    const args = JSON.stringify([{ storyId: "x", values: { headline: "Quotes \" and [brackets] ünïcode" } }]);
    const ok = await post(url, args);
    expect([ok.status, await ok.text()]).toEqual([200, args]);
    const form = new FormData();
    form.set("csrf", "a");
    expect((await post(url, form)).status).toBe(200);
  });
});
