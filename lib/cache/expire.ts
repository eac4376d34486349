import "server-only";
import { expireTagsHere } from "@/lib/cache/expire-here";
import { tellOtherInstances } from "@/lib/cache/instances";

// Expiring cache tags after a write, completely, before the write is acknowledged: so that the next
// request anyone makes, on any instance, sees it (never one request late).
//
// On this instance (expireTagsHere): Next's cache (its file-system cache, or the Redis cache every
// instance shares) and the server's copy of finished pages are expired through the cache handler
// (server/server-cache-handler.mjs), which also refuses to keep anything a render that began before
// the expiry produces; then the expiry waits for the requests Next was already handling, since those
// may still send such a render's output to requests that joined it (server/server-in-flight.ts).
// Then every other instance on the same database does the same and says so (lib/cache/instances.ts).

/** Expires the tags here and on every other instance using this database; resolves when all have. */
export async function expireTagsEverywhere(tags: string[]): Promise<void> {
  if (tags.length === 0) return;
  await Promise.all([expireTagsHere(tags), tellOtherInstances(tags)]);
}
