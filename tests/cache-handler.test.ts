// The production cache handler (server/server-cache-handler.mjs) over Next's own file-system cache:
// an entry computed by a render that began before an expiry of its tags is not kept, so that it
// cannot pass for the state after the write; an entry begun after it is.
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

type Handler = {
  get: (key: string, ctx: object) => Promise<{ value: { data: unknown } } | null>;
  set: (key: string, data: object, ctx: object) => Promise<void>;
  revalidateTag: (tags: string | string[]) => Promise<void>;
};

const EXPIRE_HERE = Symbol.for("newsroom.expire-tags-here");
const CHANGED = Symbol.for("newsroom.next-cache-changed");
let dir = "";
let handler: Handler;
let counter = 0;

beforeAll(async () => {
  delete process.env.REDIS_URL;
  dir = await mkdtemp(path.join(os.tmpdir(), "newsroom-cache-handler-"));
  const { default: NewsroomCacheHandler } = (await import("../server/server-cache-handler.mjs")) as { default: new (ctx: object) => Handler };
  handler = new NewsroomCacheHandler({
    fs: { readFile, stat: (file: string) => stat(file), existsSync },
    flushToDisk: false,
    serverDistDir: dir,
    revalidatedTags: [],
    maxMemoryCacheSize: 10 * 1024 * 1024,
  });
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Times are kept in milliseconds: steps meant to be apart are made a millisecond apart. */
const nextMillisecond = () => new Promise((resolve) => setTimeout(resolve, 2));

/** What unstable_cache asks for and stores: a data entry with its tags. */
function dataEntry(tags: string[]) {
  const key = `entry-${++counter}`;
  const ctx = { kind: "FETCH", tags, softTags: [] };
  return {
    lookup: () => handler.get(key, ctx),
    store: (data: unknown) =>
      handler.set(
        key,
        { kind: "FETCH", data: { body: JSON.stringify(data), headers: {}, status: 200, url: "" }, revalidate: false, tags },
        { fetchCache: true, tags },
      ),
  };
}

describe("the production cache handler", () => {
  it("keeps an entry whose render began after the last expiry of its tags", async () => {
    const entry = dataEntry(["story:harbor"]);
    await handler.revalidateTag("story:harbor");
    await nextMillisecond();
    expect(await entry.lookup()).toBeNull();
    await entry.store({ headline: "Harbor reopens" });
    expect((await entry.lookup())?.value.data).toMatchObject({ body: JSON.stringify({ headline: "Harbor reopens" }) });
  });

  it("refuses an entry whose render began before an expiry of one of its tags, and keeps the next one", async () => {
    const entry = dataEntry(["story:ferry", "sections"]);
    expect(await entry.lookup()).toBeNull(); // a render starts, reads the rows before the write commits
    await nextMillisecond();
    await handler.revalidateTag("story:ferry"); // the write commits and expires the story
    await entry.store({ note: "old" }); // the render finishes after the expiry
    await nextMillisecond();
    expect(await entry.lookup()).toBeNull(); // so the next request renders again
    await entry.store({ note: "new" });
    expect((await entry.lookup())?.value.data).toMatchObject({ body: JSON.stringify({ note: "new" }) });
  });

  it("keeps an entry when only other tags were expired while it was made", async () => {
    const entry = dataEntry(["story:bridge"]);
    expect(await entry.lookup()).toBeNull();
    await handler.revalidateTag("story:elsewhere");
    await entry.store({ headline: "Bridge" });
    expect(await entry.lookup()).not.toBeNull();
  });

  it("expires for the rest of the process, and tells the server's page copy, through the registered expiry", async () => {
    let changes = 0;
    (globalThis as Record<symbol, unknown>)[CHANGED] = () => changes++;
    const entry = dataEntry(["front-page"]);
    expect(await entry.lookup()).toBeNull();
    await entry.store({ lead: "Before" });
    expect(await entry.lookup()).not.toBeNull();
    const expire = (globalThis as Record<symbol, unknown>)[EXPIRE_HERE] as (request: { tags: string[] }) => Promise<void>;
    await nextMillisecond();
    await expire({ tags: ["front-page"] });
    expect(changes).toBeGreaterThan(0);
    expect(await entry.lookup()).toBeNull();
  });

  it("treats every entry as stale when told everything is", async () => {
    const entry = dataEntry(["feeds"]);
    expect(await entry.lookup()).toBeNull();
    await entry.store({ items: 1 });
    expect(await entry.lookup()).not.toBeNull();
    const expire = (globalThis as Record<symbol, unknown>)[EXPIRE_HERE] as (request: { tags: string[]; everything: boolean }) => Promise<void>;
    await nextMillisecond();
    await expire({ tags: [], everything: true });
    expect(await entry.lookup()).toBeNull();
  });
});
