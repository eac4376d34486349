// The format of the newsletters' signed links (lib/newsletters/tokens.ts), given the secret rather
// than reading it: the end-to-end tests hold the suite's secret and make a confirmation link the way
// the app does, where importing the app's environment is not possible.
import { createHmac } from "node:crypto";

export type Purpose = "confirm" | "preferences" | "unsubscribe" | "open";

export function tokenMac(secret: string, payload: string): string {
  return createHmac("sha256", secret).update(`newsletter:${payload}`).digest("base64url");
}

/** A token for `purpose` over the given parts (ids; no dots), optionally expiring. */
export function signTokenWith(secret: string, purpose: Purpose, parts: string[], expiresAt?: Date): string {
  const payload = [purpose, ...parts, expiresAt ? Math.floor(expiresAt.getTime() / 1000).toString(36) : "0"].join(".");
  return `${payload}.${tokenMac(secret, payload)}`;
}
