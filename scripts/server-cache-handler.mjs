// Next's cache handler (next.config.js `cacheHandler`): Next's own file-system cache, which tells the
// production server (scripts/server.ts) whenever anything in it changes, so that the server's copy
// of finished pages (server-page-cache.ts) is never a request behind Next's.
// Plain JavaScript: Next loads it itself, outside the TypeScript loader.
import FileSystemCacheModule from "next/dist/server/lib/incremental-cache/file-system-cache.js";

const FileSystemCache = FileSystemCacheModule.default ?? FileSystemCacheModule;

/** Shared with server-page-cache.ts through the global object: Next loads this module on its own. */
const CHANGED = Symbol.for("newsroom.next-cache-changed");

function announceChange() {
  const listener = globalThis[CHANGED];
  if (typeof listener === "function") listener();
}

export default class NewsroomCacheHandler extends FileSystemCache {
  async set(...args) {
    // Before and after: a page served between the two would already be the old one.
    announceChange();
    try {
      return await super.set(...args);
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
