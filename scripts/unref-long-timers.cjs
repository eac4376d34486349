// Preloaded (node --require) by the launcher and the Prisma CLI. Prisma 6.19's wasm schema engine arms
// a 10 s timer during `migrate deploy` and never clears it, so the process would idle 10 s before it
// exits. Timers of 5 s or more are unref'd: they still fire while other work keeps the process alive.
const originalSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = function setTimeoutUnrefLong(callback, ms, ...args) {
  const timer = originalSetTimeout.call(this, callback, ms, ...args);
  if (typeof ms === "number" && ms >= 5000 && timer && typeof timer.unref === "function") timer.unref();
  return timer;
};
