import "server-only";

// This instance's part of an expiry (lib/cache/expire.ts explains the whole).

type ExpireHere = (request: { tags?: string[]; everything?: boolean; shared?: boolean }) => Promise<void>;
type InFlight = { waitForEarlier: () => Promise<void> };

const EXPIRE_HERE = Symbol.for("newsroom.expire-tags-here");
const IN_FLIGHT = Symbol.for("newsroom.requests-in-flight");

const global = globalThis as Record<symbol, unknown>;

/**
 * Expires the tags on this instance and waits for renders that may have read the old rows.
 * `shared: false` when another instance made the write and has already expired a cache shared with
 * this one; `everything` declares every cached entry stale (notifications may have been missed).
 * Outside the production server (tests, `next dev`) there is no handler or registry to reach: a no-op.
 */
export async function expireTagsHere(tags: string[], options: { shared?: boolean; everything?: boolean } = {}): Promise<void> {
  const expire = global[EXPIRE_HERE] as ExpireHere | undefined;
  await expire?.({ tags, shared: options.shared ?? true, everything: options.everything ?? false });
  await (global[IN_FLIGHT] as InFlight | undefined)?.waitForEarlier();
}
