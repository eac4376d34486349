import { z } from "zod";

// Slugs: the lowercase, hyphenated words in public addresses (stories, sections, tags, author pages).
// Shared by every domain's schemas and by the story form in the browser, so nothing here touches the
// database. Only a string schema is built at import: zod probes for eval when it builds its first
// object schema, and the browser's setting against that lives in lib/body/story-body.ts.

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(120, "Keep the slug under 120 characters.")
  .regex(SLUG_PATTERN, "Use lowercase letters, numbers and single hyphens, like council-passes-budget.");

/**
 * Whether a value from an address could be one of our slugs (stories, old story slugs, sections,
 * tags, authors: lowercase letters, digits and hyphens). Public lookups check this first, so that
 * "/stories/a%00b" is a plain "not found" and never a query PostgreSQL refuses.
 */
export function isSlugShaped(value: string): boolean {
  return /^[a-z0-9][a-z0-9-]{0,199}$/.test(value);
}

/** A slug from a headline: "Storm Knocks Out Power!" -> "storm-knocks-out-power". */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
}
