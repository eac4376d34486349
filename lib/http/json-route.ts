import "server-only";

// Route handlers answer machines (feed readers, the live page's polling, monitors, our own jobs):
// an unexpected failure is logged here with its detail and answered with a generic JSON body, never
// a stack trace or a database message.

export const ROUTE_ERROR_BODY = { error: "Something went wrong on our side. Try again in a moment." } as const;

/** Wraps a route handler: what it returns passes through; what it throws becomes a logged 500. */
export function handleErrors<A extends unknown[]>(name: string, handler: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (error) {
      // notFound() and redirect() signals belong to Next, not to us.
      if (typeof (error as { digest?: unknown })?.digest === "string" && /^NEXT_/.test((error as { digest: string }).digest)) throw error;
      console.error(`[route ${name}] unexpected error`, error);
      return Response.json(ROUTE_ERROR_BODY, { status: 500, headers: { "Cache-Control": "no-store" } });
    }
  };
}
