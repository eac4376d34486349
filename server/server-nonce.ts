// Script nonces that survive Next's page cache.
//
// Next reads the script nonce from the request's Content-Security-Policy header on every render and
// writes it into the HTML it caches (ISR). The production server therefore hands every render the
// same secret placeholder nonce, and swaps it for a fresh random nonce in each response on its way
// out. The placeholder is derived from NEXTAUTH_SECRET, so every instance of one deployment bakes
// the same one into a shared cache, and nobody outside can know it: every occurrence in a response
// is replaced, so it is never sent.
import { createHmac, randomBytes } from "node:crypto";

/** Nonces are 16 random bytes in base64url: 22 characters, which Next's nonce pattern accepts. */
export const NONCE_LENGTH = 22;

export function placeholderNonce(secret: string): string {
  return createHmac("sha256", secret).update("newsroom: CSP nonce placeholder").digest("base64url").slice(0, NONCE_LENGTH);
}

export function freshNonce(): string {
  return randomBytes(16).toString("base64url");
}

/**
 * Replaces every occurrence of `placeholder` in a body that arrives in chunks, including an
 * occurrence split across two chunks: the tail of a chunk that could be the start of one is held back
 * until the next chunk (or the end) shows whether it is. The nonce has the placeholder's length, so
 * the body's length does not change. Chunks are copied before they are changed: Next may hand out
 * the very buffer its cache holds.
 */
export class NonceRewriter {
  /** Whether the placeholder occurred anywhere so far (a page rendered at build time has none). */
  seen = false;
  private carry: Buffer | null = null;

  constructor(
    private readonly placeholder: Buffer,
    private readonly nonce: Buffer,
  ) {
    if (placeholder.length !== nonce.length) throw new Error("The nonce must have the placeholder's length.");
  }

  /** Rewritten bytes that can be sent now. */
  push(chunk: Buffer): Buffer {
    const data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    const out = this.replaceAll(data);
    const hold = this.partialMatchAtEnd(out);
    if (hold === 0) return out;
    this.carry = Buffer.from(out.subarray(out.length - hold));
    return out.subarray(0, out.length - hold);
  }

  /** Whatever was held back: at the end of the body it cannot be the start of a placeholder any more. */
  end(): Buffer {
    const rest = this.carry ?? Buffer.alloc(0);
    this.carry = null;
    return rest;
  }

  private replaceAll(data: Buffer): Buffer {
    let at = data.indexOf(this.placeholder);
    if (at === -1) return data;
    this.seen = true;
    const copy = Buffer.from(data);
    while (at !== -1) {
      this.nonce.copy(copy, at);
      at = copy.indexOf(this.placeholder, at + this.placeholder.length);
    }
    return copy;
  }

  /** Length of the longest end of `data` that is a proper beginning of the placeholder. */
  private partialMatchAtEnd(data: Buffer): number {
    const first = this.placeholder[0];
    const from = Math.max(0, data.length - this.placeholder.length + 1);
    for (let i = data.indexOf(first, from); i !== -1; i = data.indexOf(first, i + 1)) {
      const length = data.length - i;
      if (this.placeholder.compare(data, i, data.length, 0, length) === 0) return length;
    }
    return 0;
  }
}

/**
 * Adds the nonce to every script element, and to every preload of a script (which the policy checks
 * as a script load), of a page that was rendered at build time (when no request, and so no nonce,
 * existed). Only for Next's own build output, which holds no stored content: see trustedPrerenders
 * in server-response.ts.
 */
export function addNonceToScripts(html: string, nonce: string): string {
  return html
    .replace(/<script(?=[\s>])(?![^>]*\snonce=)/g, `<script nonce="${nonce}"`)
    .replace(/<link(?=\s)(?=[^>]*\sas="script")(?![^>]*\snonce=)/g, `<link nonce="${nonce}"`);
}
