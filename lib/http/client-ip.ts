import "server-only";
import { headers } from "next/headers";

/**
 * The request header that carries the client's address to the app. The production server
 * (server/server.ts) sets it on every request from the socket, or from X-Forwarded-For when it is
 * configured to trust a reverse proxy, and overwrites whatever a client sent under this name, so it
 * can be believed. Next's App Router exposes no socket address of its own.
 */
export const CLIENT_IP_HEADER = "x-newsroom-client-ip";

/** The address of the person making this request, for rate limits and the audit log; null outside a request. */
export async function clientIp(): Promise<string | null> {
  try {
    return (await headers()).get(CLIENT_IP_HEADER);
  } catch {
    return null; // not in a request (a background job, a test calling lib/ directly)
  }
}
