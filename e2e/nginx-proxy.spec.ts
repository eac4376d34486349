import { readdirSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { renderNginxSite } from "../deploy/nginx/render";
import { NGINX, startNginx, type RunningNginx } from "../scripts/lib/nginx";
import { signIn, startStory, uniqueHeadline } from "./fixtures";

// The production recipe, for real: Debian's nginx with deploy/nginx/newsroom.conf.template in front
// of the production server that the rest of the suite uses.

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SEEDED_STORY = "/stories/alder-river-floods-downtown-as-it-crests-near-record";

test.describe.configure({ mode: "serial" });
test.skip(!NGINX, "nginx is not installed (Debian: apt-get install -y nginx; .ci/run installs it): skipping the reverse-proxy tests.");

let nginx: RunningNginx | undefined;
let dir = "";
let proxy = "";

type Reply = { status: number; headers: http.IncomingHttpHeaders; raw: string[]; body: Buffer };

/** One request with exactly these headers (no automatic decompression or redirects). */
function get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, raw: res.rawHeaders, body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

test.beforeAll(async () => {
  const origin = new URL(test.info().project.use.baseURL!);
  nginx = await startNginx((folder, port) =>
    renderNginxSite({
      NEWSROOM_UPSTREAMS: `server 127.0.0.1:${origin.port};`,
      NEWSROOM_LISTEN: `127.0.0.1:${port}`,
      NEWSROOM_STATIC_DIR: path.join(ROOT, ".next", "static"),
      NEWSROOM_CACHE_DIR: path.join(folder, "cache"),
    }),
  );
  dir = nginx.dir;
  proxy = nginx.url;
});

test.afterAll(async () => {
  await nginx?.stop();
});

test("nginx keeps a public page for a moment and answers the second request itself", async () => {
  // A query string of its own, so that no earlier request filled this entry.
  const url = `${proxy}${SEEDED_STORY}?nginx=${Date.now()}`;
  const first = await get(url);
  expect(first.status).toBe(200);
  expect(first.headers["x-cache-status"]).toBe("MISS");
  expect(first.headers["cache-control"]).toBe("public, max-age=0, s-maxage=1, must-revalidate");
  // nginx does not pass the origin's expiry on to clients.
  expect(first.headers["x-accel-expires"]).toBeUndefined();
  // A copy lives until the end of the second it was made in; after that nginx still answers with it
  // while it fetches the next one (STALE, UPDATING). Within a second, it is a plain HIT.
  let hit = false;
  for (let i = 0; !hit && i < 10; i++) {
    const again = await get(url);
    expect(["HIT", "STALE", "UPDATING"]).toContain(again.headers["x-cache-status"]);
    hit = again.headers["x-cache-status"] === "HIT";
  }
  expect(hit).toBe(true);
});

/** nginx's cache file for `url` (it holds the key, the origin's status line and headers, and the body), if any. */
function cacheFileFor(url: string): Buffer | undefined {
  // $host carries no port.
  const key = `KEY: http://127.0.0.1${new URL(url).pathname}${new URL(url).search}|`;
  const files = readdirSync(path.join(dir, "cache"), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  for (const entry of files) {
    try {
      const data = readFileSync(path.join(entry.parentPath, entry.name));
      if (data.includes(key)) return data;
    } catch {
      // replaced while being read
    }
  }
  return undefined;
}

test("nginx keeps the origin's compressed page: gzip for those who ask, the same copy unpacked for those who do not", async () => {
  const url = `${proxy}${SEEDED_STORY}?gzip=${Date.now()}`;
  // The very first copy is the origin's first render, uncompressed; a later one comes from the
  // origin's own copy, compressed once. Each round: a browser's request, then a plain one, with
  // nginx's stored copy read before and after it.
  await expect
    .poll(
      async () => {
        const browser = await get(url, { "accept-encoding": "gzip, deflate, br" });
        if (browser.headers["content-encoding"] !== "gzip" || !zlib.gunzipSync(browser.body).toString("utf8").includes("<h1")) return "no gzip";
        const before = cacheFileFor(url);
        const plain = await get(url);
        const after = cacheFileFor(url);
        if (!before || !after || !before.equals(after)) return "the copy changed meanwhile";
        const split = before.indexOf("\r\n\r\n");
        if (!/\r\nContent-Encoding: gzip\r\n/i.test(before.subarray(0, split).toString("latin1"))) return "nginx keeps an uncompressed copy";
        if (!["HIT", "STALE", "UPDATING"].includes(String(plain.headers["x-cache-status"]))) return `plain request: ${plain.headers["x-cache-status"]}`;
        if (plain.headers["content-encoding"] !== undefined) return "plain request got an encoding";
        return zlib.gunzipSync(before.subarray(split + 4)).equals(plain.body) ? "plain bytes of the compressed copy" : "plain bytes from elsewhere";
      },
      { timeout: 30_000, intervals: [200, 500, 1000] },
    )
    .toBe("plain bytes of the compressed copy");
});

test("nginx compresses pages and passes the newsroom, sign-in and signed-in readers straight through", async () => {
  const page = await get(`${proxy}${SEEDED_STORY}`, { "accept-encoding": "gzip" });
  expect(page.headers["content-encoding"]).toBe("gzip");
  expect(zlib.gunzipSync(page.body).toString("utf8")).toContain("<h1");

  const signedIn = await get(`${proxy}${SEEDED_STORY}`, { cookie: "newsroom.session=anything" });
  expect(signedIn.headers["x-cache-status"]).toBe("BYPASS");
  for (const privatePath of ["/signin", "/desk", "/api/health"]) {
    const reply = await get(`${proxy}${privatePath}`);
    expect(reply.headers["x-cache-status"], privatePath).toBeUndefined();
    expect(reply.headers["cache-control"], privatePath).toBe("private, no-store");
  }
});

test("nginx serves build assets from disk with a long lifetime", async () => {
  const html = (await get(`${proxy}${SEEDED_STORY}`)).body.toString("utf8");
  const asset = /\/_next\/static\/[^"]+\.(?:js|css)/.exec(html)?.[0];
  expect(asset).toBeTruthy();
  const reply = await get(`${proxy}${asset}`);
  expect(reply.status).toBe(200);
  expect(reply.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  // nginx's own ETag for a file on disk: its modification time and size, in hex.
  const file = statSync(path.join(ROOT, ".next", asset!.replace(/^\/_next\//, "")));
  expect(reply.headers.etag).toBe(`"${Math.floor(file.mtimeMs / 1000).toString(16)}-${file.size.toString(16)}"`);
  expect(reply.headers["x-cache-status"]).toBeUndefined();
});

test("a redirect's Location passes through nginx as one unmerged value", async () => {
  const runtime = JSON.parse(readFileSync(path.join(process.env.E2E_DATA_DIR!, "runtime.json"), "utf8")) as { databaseUrl: string };
  const db = new pg.Client({ connectionString: runtime.databaseUrl });
  await db.connect();
  const oldSlug = `alder-river-old-${Date.now()}`;
  try {
    await db.query(`INSERT INTO "Redirect" ("fromSlug", "storyId") SELECT $1, id FROM "Story" WHERE slug = $2`, [oldSlug, SEEDED_STORY.split("/").pop()]);
  } finally {
    await db.end();
  }
  for (let i = 0; i < 2; i++) {
    const reply = await get(`${proxy}/stories/${oldSlug}`);
    expect(reply.status).toBe(308);
    // Next may repeat the header (vercel/next.js#82117); each copy must stay whole, never "a, a".
    const values = reply.raw.filter((_, index) => index % 2 === 1 && reply.raw[index - 1].toLowerCase() === "location");
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) expect(value).toBe(SEEDED_STORY);
  }
});

test("an edit shows through nginx", async ({ page }) => {
  // How soon (within a second of the origin) is measured by `npm run bench`; this proves that it does.
  await signIn(page, "editor");
  const headline = uniqueHeadline("Harbor tunnel closes overnight");
  await startStory(page, { headline, section: "Metro", body: "Crews will inspect the tunnel's lights." });
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Published at" })).toBeVisible();
  const slug = await page.getByLabel("Slug").inputValue();
  const viaNginx = `${proxy}/stories/${slug}`;
  // Readers have the page, and nginx a copy of it.
  await expect.poll(async () => (await get(viaNginx)).status, { timeout: 30_000 }).toBe(200);
  await expect.poll(async () => (await get(viaNginx)).headers["x-cache-status"], { timeout: 30_000 }).toBe("HIT");

  const note = `The tunnel reopens at 5 a.m., notice ${Date.now()}.`;
  await page.getByRole("button", { name: "Add update" }).click();
  await page.getByLabel("Update note").fill(note);
  await page.getByRole("button", { name: "Add update" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Update added" })).toBeVisible();
  await expect
    .poll(async () => (await get(viaNginx)).body.toString("utf8").includes(note), { timeout: 30_000, message: "the update reached readers through nginx" })
    .toBe(true);
});
