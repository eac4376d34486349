// The requests Next is handling now, so that a cache expiry can wait for the ones that began before it.
//
// A render that read the database before a write committed can finish after the write's tags were
// expired. Next's cache handler refuses to keep what such a render produced (server-cache-handler.mjs),
// but Next still sends it to every request that joined that render while it ran, including requests
// that arrive after the save was acknowledged. So an expiry (lib/cache/expire.ts) waits, before the
// save is acknowledged, until every request that was in Next's hands when the tags were expired has
// been answered: a request that arrives after the acknowledgement can then only start or join a
// render that began after the expiry. Only GET and HEAD requests for pages Next may keep count: the
// action or job asking to wait is itself a POST, and the newsroom, sign-in, APIs and previews are
// never kept (a cold render of one must not hold up every save).
// Registered on the global object: the app's bundles (server actions, route handlers) reach it there.
import type { IncomingMessage, ServerResponse } from "node:http";

const REGISTRY = Symbol.for("newsroom.requests-in-flight");

/** Longest an expiry waits for earlier requests: a request hung longer than this is not a render. */
const MAX_WAIT_MS = 8000;
/** Addresses whose responses Next never keeps, and static files. */
const NEVER_KEPT = /^\/(?:desk|signin|api|preview|invite|reset|_next)(?:[/?]|$)/;

export type InFlightRegistry = { waitForEarlier: () => Promise<void> };

export class RequestsInFlight implements InFlightRegistry {
  private readonly open = new Set<Promise<void>>();

  constructor() {
    (globalThis as Record<symbol, unknown>)[REGISTRY] = this;
  }

  /** Counts this request until its response is finished or its connection closes. */
  track(req: IncomingMessage, res: ServerResponse): void {
    if ((req.method !== "GET" && req.method !== "HEAD") || NEVER_KEPT.test(req.url ?? "/")) return;
    const done = new Promise<void>((resolve) => res.once("close", resolve));
    this.open.add(done);
    void done.then(() => this.open.delete(done));
  }

  /** Resolves once every request counted before this call has been answered (or after MAX_WAIT_MS). */
  async waitForEarlier(): Promise<void> {
    if (this.open.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, MAX_WAIT_MS)));
    await Promise.race([Promise.all([...this.open]), timeout]);
    clearTimeout(timer);
  }
}
