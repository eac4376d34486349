// Next's cache handler (next.config.js `cacheHandler`). Plain JavaScript: Next loads it itself.
//
// Default (one server): Next's own file-system cache, which tells the production server
// (server/server.ts) whenever anything in it changes, so that the server's copy of finished pages
// (server-page-cache.ts) is never a request behind Next's.
//
// With REDIS_URL (several servers): one cache in Redis shared by every instance, through
// @fortedigital/nextjs-cache-handler (the maintained successor of @neshca/cache-handler, 3.x for
// Next 16) and the official `redis` client. Tag expiries are kept in Redis too, so a publish on one
// instance reaches the pages of all of them. Keys carry the build's id: a new deployment starts
// with an empty cache instead of reading pages that refer to the old build's scripts.
import { createHmac } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import FileSystemCacheModule from "next/dist/server/lib/incremental-cache/file-system-cache.js";

const FileSystemCache = FileSystemCacheModule.default ?? FileSystemCacheModule;

/** Shared with server-page-cache.ts through the global object: Next loads this module on its own. */
const CHANGED = Symbol.for("newsroom.next-cache-changed");
/** Where lib/cache/expire.ts finds this process's expiry (the app's bundles cannot import this file). */
const EXPIRE_HERE = Symbol.for("newsroom.expire-tags-here");

function announceChange() {
  const listener = globalThis[CHANGED];
  if (typeof listener === "function") listener();
}

// Renders that began before an expiry are not kept.
//
// A render (or an unstable_cache function) that read the database just before a write committed can
// finish just after the write's tags were expired. Next stamps what it stores with the time it is
// stored, so such a stale entry would look newer than the expiry and be served until the next write.
// So the handler notes when each entry was found missing (a render or a cached function starts right
// after that), and an entry is stored only if none of its tags was expired since then. What is
// refused is simply rendered again by the next request.

/** A render still unfinished after this long has failed (it never stores anything); its start is forgotten. */
const RENDER_LIMIT_MS = 30_000;
/** When each tag was last expired in this process (by a write here, or one another instance reported). */
const expiredAt = new Map();
/** When everything was last declared stale here (after missed notifications from other instances). */
let everythingExpiredAt = 0;
/** For each key: when renders still in progress found it missing, oldest first. */
const missesInProgress = new Map();

function noteMiss(key, at) {
  const list = missesInProgress.get(key);
  if (list) list.push(at);
  else missesInProgress.set(key, [at]);
}

/**
 * Whether an entry may be stored. Its render's start is not known exactly when several renders of
 * one key overlap, so the oldest one's is assumed: a fresh entry may be refused, a stale one never kept.
 */
function mayStore(key, tags) {
  const now = Date.now();
  const list = (missesInProgress.get(key) ?? []).filter((at) => now - at < RENDER_LIMIT_MS);
  const startedAt = list[0];
  // This render's own start is taken off the list; which of the overlapping ones finished is unknown,
  // so the newest start goes, which keeps the oldest for the renders still running.
  list.pop();
  if (list.length) missesInProgress.set(key, list);
  else missesInProgress.delete(key);
  if (startedAt === undefined) return true; // not begun by a lookup here (Next re-saving an entry's tags)
  if (everythingExpiredAt >= startedAt) return false;
  return !tags.some((tag) => (expiredAt.get(tag) ?? 0) >= startedAt);
}

/** The tags an entry is expired by: a page's from its headers, a cached function's from Next's context. */
function tagsOf(data, ctx) {
  const header = data?.headers?.["x-next-cache-tags"];
  if (typeof header === "string") return header.split(",");
  return [...(ctx?.tags ?? data?.tags ?? [])];
}

function noteExpiry(tags) {
  const now = Date.now();
  for (const tag of tags) expiredAt.set(tag, now);
  // Keep the map to the tags that can still matter to a render in progress.
  if (expiredAt.size > 10_000) {
    for (const [tag, at] of expiredAt) if (now - at > RENDER_LIMIT_MS) expiredAt.delete(tag);
  }
}

/** A miss in the handler's own sense: nothing, or an entry from before everything was declared stale. */
const isFresh = (data) => Boolean(data) && !(everythingExpiredAt && (data.lastModified ?? 0) <= everythingExpiredAt);

/**
 * Cached pages hold the placeholder nonce of the secret they were rendered under (server-nonce.ts).
 * Entries are kept apart per secret, so that a server with another NEXTAUTH_SECRET (a rotated one,
 * or a test run beside another on the same build) never serves a page whose placeholder it cannot
 * replace: it renders its own. This also leaves the pages `next build` rendered (with no nonce at
 * all) unused, so that they are rendered on demand with one.
 */
const scope = createHmac("sha256", process.env.NEXTAUTH_SECRET ?? "")
  .update("newsroom: cache scope")
  .digest("hex")
  .slice(0, 16);
const scoped = (key) => (typeof key === "string" && key.startsWith("/") ? `/_newsroom-${scope}${key}` : `${scope}-${key}`);

/**
 * Keys that no file can be named after: a NUL or another control character (from "/stories/%00"),
 * or a path segment longer than a file name may be (a 3,000-letter "slug"). No page of ours has
 * such an address (slugs are short lowercase words), so its answer, a "not found", is sent and not
 * kept, instead of failing in the file system and being logged as an error on every request.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F]/;
const unstorable = (key) => typeof key === "string" && (CONTROL_CHARACTER.test(key) || key.split("/").some((segment) => Buffer.byteLength(segment) > 200));

class NewsroomCacheHandler extends FileSystemCache {
  async get(key, ...rest) {
    if (unstorable(key)) return null;
    const startedAt = Date.now();
    const data = await super.get(scoped(key), ...rest);
    if (isFresh(data)) return data;
    noteMiss(key, startedAt);
    return null;
  }

  async set(key, data, ctx, ...rest) {
    if (unstorable(key)) return;
    // Before and after: a page served between the two would already be the old one.
    announceChange();
    try {
      if (mayStore(key, tagsOf(data, ctx))) return await super.set(scoped(key), data, ctx, ...rest);
    } finally {
      announceChange();
    }
  }

  async revalidateTag(tags, ...rest) {
    announceChange();
    try {
      noteExpiry(typeof tags === "string" ? [tags] : tags);
      return await super.revalidateTag(tags, ...rest);
    } finally {
      announceChange();
    }
  }
}

/**
 * This process's expiry, for lib/cache/expire.ts. `everything` declares every entry stale (after
 * notifications from other instances may have been missed). `shared` is false when the write was made
 * on another instance that has already expired a cache they share (Redis).
 */
function registerExpiry(expireStore) {
  globalThis[EXPIRE_HERE] = async ({ tags = [], everything = false, shared = true }) => {
    announceChange();
    try {
      if (everything) everythingExpiredAt = Date.now();
      noteExpiry(tags);
      if (tags.length) await expireStore(tags, shared);
    } finally {
      announceChange();
    }
  };
}

async function redisCacheHandler(url) {
  const { CacheHandler } = await import("@fortedigital/nextjs-cache-handler");
  const { default: createRedisHandler } = await import("@fortedigital/nextjs-cache-handler/redis-strings");
  const { createClient } = await import("redis");
  const buildIdFile = path.join(process.cwd(), ".next", "BUILD_ID");
  const buildId = existsSync(buildIdFile) ? readFileSync(buildIdFile, "utf8").trim() : "development";
  // The build, and the secret whose placeholder nonce the pages hold (see `scope` above).
  const keyPrefix = `newsroom:${buildId}:${scope}:`;
  const holder = Symbol.for("newsroom.redis-cache-config");
  /** Whether Next has created the handler (and with it the configuration the expiry needs). */
  let created = false;
  // The same rule as above: a render that began before an expiry is not kept.
  class NewsroomRedisCacheHandler extends CacheHandler {
    constructor(context) {
      super(context);
      created = true;
    }

    async get(key, ...rest) {
      const startedAt = Date.now();
      const data = await super.get(key, ...rest);
      if (!isFresh(data)) {
        noteMiss(key, startedAt);
        return null;
      }
      // The entry's lifetime as its renderer stored it. Without it, an instance that did not render
      // the page itself takes a page kept until expired (revalidate = false) for one of a second,
      // serves it as STALE and renders it again in the background every second.
      if (!data.cacheControl && data.lifespan && data.value?.kind !== "FETCH") {
        return { ...data, cacheControl: { revalidate: data.lifespan.revalidate ?? false, expire: undefined } };
      }
      return data;
    }

    async set(key, data, ctx, ...rest) {
      if (mayStore(key, tagsOf(data, ctx))) return super.set(key, data, ctx, ...rest);
    }

    async revalidateTag(tags, ...rest) {
      noteExpiry(typeof tags === "string" ? [tags] : tags);
      return super.revalidateTag(tags, ...rest);
    }
  }
  // The expiry itself does not use the instance: the handler's configuration is static. Until Next
  // has created the handler that configuration does not exist and the expiry would wait for it
  // forever: nothing was read from Redis here yet, and the writer expires the shared entries itself
  // whenever it uses the same Redis.
  registerExpiry((tags, shared) => (shared && created ? CacheHandler.prototype.revalidateTag.call(null, tags) : undefined));
  CacheHandler.onCreation(() => {
    // One connection per process, however many times Next creates the handler.
    globalThis[holder] ??= (async () => {
      const client = createClient({ url, pingInterval: 10_000 });
      client.on("error", (error) => console.error("[cache] Redis:", error.message));
      try {
        await client.connect();
      } catch (error) {
        throw new Error(`Cannot reach the Redis server in REDIS_URL: ${error instanceof Error ? error.message : error}`);
      }
      console.log("[cache] Pages and data are cached in Redis, shared with every instance.");
      return {
        handlers: [
          createRedisHandler({ client, keyPrefix, sharedTagsKey: `${keyPrefix}__tags__`, sharedTagsTtlKey: `${keyPrefix}__tags_ttl__`, timeoutMs: 1000 }),
        ],
      };
    })();
    return globalThis[holder];
  });
  return NewsroomRedisCacheHandler;
}

// The build runs without Redis: what it renders is written to disk as usual.
const useRedis = Boolean(process.env.REDIS_URL) && process.env.NEXT_PHASE !== "phase-production-build";

// The file-system cache's tag expiries live in memory, in a module Next shares with this one.
if (!useRedis) registerExpiry((tags) => FileSystemCache.prototype.revalidateTag.call(null, tags));

export default useRedis ? await redisCacheHandler(process.env.REDIS_URL) : NewsroomCacheHandler;
