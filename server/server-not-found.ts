// The reader's 404 as a whole server-rendered page.
//
// When a page calls notFound(), Next (16.4, in production) answers 404 with an empty document: the
// not-found UI exists only in the flight data, drawn by the runtime after hydration
// (vercel/next.js#62228). Without script (a crawler, a screen reader before scripts, JavaScript off)
// the page stays blank, and with no layout in the HTML it lacks the site's marker, so it also ships
// Next's whole runtime. No setting of Next changes that; only an address that matches no route at
// all is rendered into HTML, and the site's catch-all route leaves none unmatched.
//
// So the response layer (server-response.ts), seeing Next answer a reader's GET or HEAD with an HTML
// 404, sends instead this document: the same not-found UI, rendered by an ordinary page of the site
// (app/(site)/not-found-document/[token]/page.tsx) inside the site's layout, so it is complete HTML
// that leaves without Next's scripts like every reader page. The server fetches it from itself over
// loopback, through its own front door, so that the page gets everything a page gets (Next's cache
// with its tags, the server's page copy, a fresh nonce and its policy): after the first render a 404
// costs one copy from memory, and a publish (which changes the latest stories) empties it as it
// empties every page. The page answers only at an address with a token derived from NEXTAUTH_SECRET,
// which only this server knows; the server turns any other address under the folder into an unknown
// one, so a reader never sees the document with status 200 and Next's cache is never filled with
// made-up tokens.
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** The folder of the document's page; only the address with the token shows it. */
export const NOT_FOUND_DOCUMENT_AREA = "/not-found-document";

export function notFoundDocumentToken(secret: string): string {
  return createHmac("sha256", secret).update("newsroom: not-found document").digest("base64url").slice(0, 22);
}

export function notFoundDocumentPath(secret: string): string {
  return `${NOT_FOUND_DOCUMENT_AREA}/${notFoundDocumentToken(secret)}`;
}

/** Whether a request's address is in the document's folder (anything after it, a query too). */
export function isNotFoundDocumentArea(url: string | undefined): boolean {
  const path = (url ?? "/").split("?", 1)[0];
  return path === NOT_FOUND_DOCUMENT_AREA || path.startsWith(`${NOT_FOUND_DOCUMENT_AREA}/`);
}

/** What the 404 response takes from the document's own response: its body and what describes it. */
export type NotFoundPage = { contentType: string; policy: string | undefined; body: Buffer };

/** Gets the document from the server listening at `address`; null when it cannot (then Next's own 404 is sent). */
export class NotFoundDocument {
  // One kept-alive connection or two instead of a new one per 404.
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

  constructor(
    private readonly address: () => AddressInfo | string | null,
    private readonly path: string,
  ) {}

  fetch(): Promise<NotFoundPage | null> {
    const address = this.address();
    if (!address || typeof address === "string") return Promise.resolve(null);
    // Listening on every interface: ask over loopback, in the listening socket's family.
    const host = address.address === "::" ? "::1" : address.address === "0.0.0.0" ? "127.0.0.1" : address.address;
    return new Promise((resolve) => {
      const request = http.get(
        { host, port: address.port, path: this.path, agent: this.agent, headers: { accept: "text/html" }, timeout: 15_000 },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", () => resolve(null));
          response.on("end", () => {
            const contentType = String(response.headers["content-type"] ?? "");
            if (response.statusCode !== 200 || !contentType.startsWith("text/html") || response.headers["content-encoding"]) return resolve(null);
            const policy = response.headers["content-security-policy"];
            resolve({ contentType, policy: Array.isArray(policy) ? policy[0] : policy, body: Buffer.concat(chunks) });
          });
        },
      );
      request.on("timeout", () => request.destroy());
      request.on("error", (error) => {
        console.error(`[server] could not get the not-found page: ${error.message}`);
        resolve(null);
      });
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
