// What Next's request-bound modules become in tests, which run outside a Next server, for vi.mock
// factories (vi.mock itself stays in the test file, where Vitest hoists it):
//   vi.mock("next/cache", (original) => import("./support/outside-next").then((next) => next.cacheOutsideNext(original)));
// Everything else in those modules is Next's own.
import type { Actor } from "@/lib/auth/permissions";

type ImportOriginal = <T>() => Promise<T>;

/** Tag expiry needs a running server: here each expired tag goes to `record` (or nowhere). Cached reads run every time. */
export async function cacheOutsideNext(importOriginal: ImportOriginal, record: (tag: string) => void = () => {}) {
  return {
    ...(await importOriginal<typeof import("next/cache")>()),
    updateTag: (tag: string) => record(tag),
    revalidateTag: (tag: string) => record(tag),
    unstable_cache: <T>(fn: T) => fn,
  };
}

/** `after` needs a request to run after: here the work is dropped. */
export async function serverOutsideNext(importOriginal: ImportOriginal) {
  return { ...(await importOriginal<typeof import("next/server")>()), after: () => {} };
}

/**
 * The session lookup replaced by the actor under test (`session.actor`, set by each test); what
 * follows it (parsing, authorization, the database) is the real code. No actor is a refusal a form
 * can show, as with the real one; a page's sign-in redirect and the account holder's check ask the
 * same.
 */
export async function actorFromSession(importOriginal: ImportOriginal, session: { actor: Actor | null }) {
  const { ForbiddenError } = await import("@/lib/errors");
  const requireActor = async () => {
    if (!session.actor) throw new ForbiddenError("Your session has ended. Sign in again; what you typed is still here.");
    return session.actor;
  };
  return {
    ...(await importOriginal<typeof import("@/lib/auth/actor")>()),
    getActor: async () => session.actor,
    requireActor,
    requireActorOrRedirect: requireActor,
    requireAccountHolder: requireActor,
  };
}
