import { z } from "zod";

// Characters no text of ours may hold: the C0 controls other than tab, newline and carriage return,
// lone surrogates (half of a pair, no character at all), and the non-characters U+FFFE and U+FFFF.
// PostgreSQL refuses NUL in text and a lone surrogate in jsonb, and XML 1.0 can hold none of them,
// so a headline with one could neither be saved nor appear in a feed. Typed text never has them;
// pasted or scripted text sometimes does, and they are invisible, so they are dropped (the same
// rule the XML writer applies, lib/xml/document.ts) rather than refused with a message no one
// could act on.

// eslint-disable-next-line no-control-regex -- control characters are what this matches
const UNSTORABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text with the characters that no database text or XML document can hold removed. */
export function withoutUnstorable(text: string): string {
  return text.replace(UNSTORABLE, "");
}

/**
 * A string field of a form or an address: z.string() with the unstorable characters dropped first,
 * so that .trim(), .min() and .max() after it see what will be stored. Every input schema's text
 * fields start here.
 */
export function textField(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).overwrite(withoutUnstorable);
}
