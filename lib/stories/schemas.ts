import { z } from "zod";
import { textField, withoutUnstorable } from "@/lib/text/storable";
import { BODY_LINK_MESSAGE, bodySchema, textToBody, type BodyDoc } from "@/lib/stories/body";

// What the story form sends. Parsed on the server by every action that accepts it.

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Whether a value from an address could be one of our slugs (stories, old story slugs, sections,
 * tags, authors: lowercase letters, digits and hyphens). Public lookups check this first, so that
 * "/stories/a%00b" is a plain "not found" and never a query PostgreSQL refuses.
 */
export function isSlugShaped(value: string): boolean {
  return /^[a-z0-9][a-z0-9-]{0,199}$/.test(value);
}

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(120, "Keep the slug under 120 characters.")
  .regex(SLUG_PATTERN, "Use lowercase letters, numbers and single hyphens, like council-passes-budget.");

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

const optionalUuid = z
  .string()
  .trim()
  .transform((value) => value || null)
  .pipe(textField().uuid("Choose from the list.").nullable());

export const bylineInputSchema = z
  .object({
    userId: optionalUuid,
    name: textField().trim().max(200, "Keep names under 200 characters."),
    title: textField().trim().max(200, "Keep titles under 200 characters."),
  })
  .refine((byline) => byline.userId || byline.name, { message: "Choose a staff member or type a name.", path: ["name"] });

export const MAX_BODY_CHARACTERS = 200_000;
const BODY_TOO_LONG = `The body is too long: a story's body is limited to ${MAX_BODY_CHARACTERS.toLocaleString("en-US")} characters. Trim it or split it into two stories; nothing was saved.`;

const BODY_UNREADABLE = "The body could not be read. Nothing was saved; reload the page (the text is kept in this browser) and try again.";

export const storyInputSchema = z
  .object({
    headline: textField().trim().min(1, "Write a headline.").max(300, "Keep the headline under 300 characters."),
    slug: textField().trim(),
    dek: textField().trim().max(600, "Keep the dek under 600 characters."),
    // The rich-text editor sends its document; plain text (imports, scripts, older clients) is converted.
    // One transform rather than a union: a union reports a too-long body as "Invalid input".
    body: z.custom<string | BodyDoc>(() => true).transform((value, ctx): BodyDoc => {
      if (typeof value === "string") {
        if (value.length <= MAX_BODY_CHARACTERS) return textToBody(withoutUnstorable(value));
        ctx.addIssue({ code: "custom", message: BODY_TOO_LONG });
        return z.NEVER;
      }
      if (typeof value === "object" && value !== null) {
        // Checked as it came (unknown), whatever the input type claims.
        if (JSON.stringify(value).length > MAX_BODY_CHARACTERS * 2) {
          ctx.addIssue({ code: "custom", message: BODY_TOO_LONG });
          return z.NEVER;
        }
        const parsed = bodySchema.safeParse(value);
        if (parsed.success) return parsed.data;
        // A refused link is something the writer can fix; say which rule it broke.
        if (parsed.error.issues.some((issue) => issue.message === BODY_LINK_MESSAGE)) {
          ctx.addIssue({ code: "custom", message: `${BODY_LINK_MESSAGE}: change or remove the link. Nothing was saved.` });
          return z.NEVER;
        }
      }
      ctx.addIssue({ code: "custom", message: BODY_UNREADABLE });
      return z.NEVER;
    }),
    sectionId: optionalUuid,
    creditLine: textField().trim().max(300, "Keep the credit line under 300 characters."),
    bylines: z.array(bylineInputSchema).max(12, "A story can have at most 12 bylines."),
    tags: z
      .string()
      .max(1000, "Too many tags.")
      .default("")
      .transform((text) => {
        // Tags are told apart by slug: "Flood" and "flood " are one tag, and the first spelling wins.
        const bySlug = new Map<string, string>();
        for (const name of text.split(",").map((t) => t.trim().replace(/\s+/g, " ")).filter(Boolean)) {
          if (!bySlug.has(slugify(name))) bySlug.set(slugify(name), name);
        }
        return [...bySlug.entries()];
      })
      .pipe(
        z
          .array(z.tuple([textField().min(1, "Tags need letters or numbers."), textField().max(60, "Keep each tag under 60 characters.")]))
          .max(20, "A story can have at most 20 tags."),
      )
      .transform((pairs) => pairs.map(([slug, name]) => ({ slug, name }))),
    relatedIds: z
      .array(textField().uuid())
      .max(10, "Choose at most 10 related stories.")
      .refine((ids) => new Set(ids).size === ids.length, "A related story is listed twice."),
  })
  .transform((input, ctx) => {
    const slug = input.slug ? input.slug : slugify(input.headline);
    const parsedSlug = slugSchema.safeParse(slug);
    if (!parsedSlug.success) {
      ctx.addIssue({ code: "custom", path: ["slug"], message: parsedSlug.error.issues[0].message });
      return z.NEVER;
    }
    return { ...input, slug: parsedSlug.data };
  });

export type StoryInput = z.input<typeof storyInputSchema>;
export type StoryValues = z.output<typeof storyInputSchema>;

export const storyIntentSchema = z.enum(["save", "submit", "publish"]);
export type StoryIntent = z.infer<typeof storyIntentSchema>;

export const storyUpdateNoteSchema = z.object({
  note: textField().trim().min(1, "Write the update note.").max(2000, "Keep the note under 2,000 characters."),
});

/** Zod issues as { field: [messages] }, keyed by the top-level field so that the form can show them. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    const where = issue.path.length > 2 && key === "bylines" ? `Byline ${Number(issue.path[1]) + 1}: ` : "";
    (errors[key] ??= []).push(where + issue.message);
  }
  return errors;
}
