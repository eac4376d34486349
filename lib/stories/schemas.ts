import { z } from "zod";
import { bodySchema, textToBody, type BodyDoc } from "@/lib/stories/body";

// What the story form sends. Parsed on the server by every action that accepts it.

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

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
  .pipe(z.string().uuid("Choose from the list.").nullable());

export const bylineInputSchema = z
  .object({
    userId: optionalUuid,
    name: z.string().trim().max(200, "Keep names under 200 characters."),
    title: z.string().trim().max(200, "Keep titles under 200 characters."),
  })
  .refine((byline) => byline.userId || byline.name, { message: "Choose a staff member or type a name.", path: ["name"] });

export const MAX_BODY_CHARACTERS = 200_000;
const BODY_TOO_LONG = `The body is limited to about ${MAX_BODY_CHARACTERS.toLocaleString("en-US")} characters.`;

export const storyInputSchema = z
  .object({
    headline: z.string().trim().min(1, "Write a headline.").max(300, "Keep the headline under 300 characters."),
    slug: z.string().trim(),
    dek: z.string().trim().max(600, "Keep the dek under 600 characters."),
    // The rich-text editor sends its document; plain text (imports, scripts, older clients) is converted.
    body: z.union([
      z
        .string()
        .max(MAX_BODY_CHARACTERS, BODY_TOO_LONG)
        .transform((text) => textToBody(text)),
      z
        .custom<BodyDoc>((value) => typeof value === "object" && value !== null, "The body could not be read.")
        .refine((doc) => JSON.stringify(doc).length <= MAX_BODY_CHARACTERS * 2, BODY_TOO_LONG)
        .pipe(bodySchema),
    ]),
    sectionId: optionalUuid,
    creditLine: z.string().trim().max(300, "Keep the credit line under 300 characters."),
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
          .array(z.tuple([z.string().min(1, "Tags need letters or numbers."), z.string().max(60, "Keep each tag under 60 characters.")]))
          .max(20, "A story can have at most 20 tags."),
      )
      .transform((pairs) => pairs.map(([slug, name]) => ({ slug, name }))),
    relatedIds: z
      .array(z.string().uuid())
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
  note: z.string().trim().min(1, "Write the update note.").max(2000, "Keep the note under 2,000 characters."),
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
