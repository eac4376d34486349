// Next's instrumentation hook: runs once when a server process starts. It starts listening for other
// servers' cache expiries (lib/cache/instances.ts), and the scheduler that publishes scheduled stories
// (lib/scheduling/worker.ts) on every server, unless NEWSROOM_SCHEDULER=off.
// Read from process.env here because it decides whether the scheduler's modules load at all.

export async function register() {
  // The Edge runtime has no database driver; the check also keeps the import out of its bundle.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // `next build` loads this hook too, with no database (the launcher unsets DATABASE_URL for it).
  if (process.env.NEXT_PHASE === "phase-production-build" || !process.env.DATABASE_URL) return;

  // Every server hears the others' cache expiries, scheduler or not (lib/cache/instances.ts).
  const { startInstanceBus } = await import("@/lib/cache/instances");
  await startInstanceBus();

  if (process.env.NEWSROOM_SCHEDULER === "off") return;

  const { startScheduler } = await import("@/lib/scheduling/worker");
  // Not awaited: pages must not wait for the queue, and the catch-up's cache expiry needs this server
  // listening. A scheduler that cannot start must not take the site down with it.
  startScheduler().then(
    () => console.log("[scheduler] Started: scheduled stories are published on time from this server."),
    (error: unknown) => console.error("[scheduler] Could not start; scheduled stories will not be published by this server until it restarts.", error),
  );
}
