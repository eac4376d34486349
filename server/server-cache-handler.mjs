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

function announceChange() {
  const listener = globalThis[CHANGED];
  if (typeof listener === "function") listener();
}

/**
 * Cached pages hold the placeholder nonce of the secret they were rendered under (server-nonce.ts).
 * Entries are kept apart per secret, so that a server with another NEXTAUTH_SECRET (a rotated one,
 * or a test run beside another on the same build) never serves a page whose placeholder it cannot
 * replace: it renders its own. This also leaves the pages `next build` rendered (with no nonce at
 * all) unused, so that they are rendered on demand with one.
 */
const scope = createHmac("sha256", process.env.NEXTAUTH_SECRET ?? "").update("newsroom: cache scope").digest("hex").slice(0, 16);
const scoped = (key) => (typeof key === "string" && key.startsWith("/") ? `/_newsroom-${scope}${key}` : `${scope}-${key}`);

/**
 * Keys that no file can be named after: a NUL or another control character (from "/stories/%00"),
 * or a path segment longer than a file name may be (a 3,000-letter "slug"). No page of ours has
 * such an address (slugs are short lowercase words), so its answer, a "not found", is sent and not
 * kept, instead of failing in the file system and being logged as an error on every request.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const unstorable = (key) => typeof key === "string" && (/[\u0000-\u001F\u007F]/.test(key) || key.split("/").some((segment) => Buffer.byteLength(segment) > 200));

class NewsroomCacheHandler extends FileSystemCache {
  async get(key, ...rest) {
    if (unstorable(key)) return null;
    return super.get(scoped(key), ...rest);
  }

  async set(key, ...rest) {
    if (unstorable(key)) return;
    // Before and after: a page served between the two would already be the old one.
    announceChange();
    try {
      return await super.set(scoped(key), ...rest);
    } finally {
      announceChange();
    }
  }

  async revalidateTag(...args) {
    announceChange();
    try {
      return await super.revalidateTag(...args);
    } finally {
      announceChange();
    }
  }
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
      return { handlers: [createRedisHandler({ client, keyPrefix, sharedTagsKey: `${keyPrefix}__tags__`, sharedTagsTtlKey: `${keyPrefix}__tags_ttl__`, timeoutMs: 1000 })] };
    })();
    return globalThis[holder];
  });
  return CacheHandler;
}

// The build runs without Redis: what it renders is written to disk as usual.
const useRedis = Boolean(process.env.REDIS_URL) && process.env.NEXT_PHASE !== "phase-production-build";

export default useRedis ? await redisCacheHandler(process.env.REDIS_URL) : NewsroomCacheHandler;
