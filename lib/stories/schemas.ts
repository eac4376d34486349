import { z } from "zod";
import { textField, withoutUnstorable } from "@/lib/text/storable";
import { BODY_LINK_MESSAGE, IMAGE_ALT_MAX, IMAGE_CAPTION_MAX, IMAGE_CREDIT_MAX, bodySchema, textToBody, type BodyDoc } from "@/lib/body/story-body";
import { slugify, slugSchema } from "@/lib/slugs";

// What the story form sends. Parsed on the server by every action that accepts it.

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
    body: z
      .custom<string | BodyDoc>(() => true)
      .transform((value, ctx): BodyDoc => {
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
          // So is a photo's text that is too long.
          const photoIssue = parsed.error.issues.find((issue) => issue.message.startsWith("Keep a photo's"));
          if (photoIssue) {
            ctx.addIssue({ code: "custom", message: `${photoIssue.message} Nothing was saved.` });
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
        for (const name of text
          .split(",")
          .map((t) => t.trim().replace(/\s+/g, " "))
          .filter(Boolean)) {
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
    // The lead photo: a library photo by id, and the story's own alt text, caption and credit for it
    // (empty means the library's). Optional for callers that predate photos (imports, scripts).
    leadMediaId: optionalUuid.default(null),
    leadAlt: textField().trim().max(IMAGE_ALT_MAX, `Keep the alt text under ${IMAGE_ALT_MAX} characters.`).default(""),
    leadCaption: textField().trim().max(IMAGE_CAPTION_MAX, `Keep the caption under ${IMAGE_CAPTION_MAX} characters.`).default(""),
    leadCredit: textField().trim().max(IMAGE_CREDIT_MAX, `Keep the credit under ${IMAGE_CREDIT_MAX} characters.`).default(""),
    leadDecorative: z.boolean("Choose whether the photo is decorative.").default(false),
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

/**
 * Parsed values back in the form's shape: what a scheduled change keeps, so that it is shown in the
 * form's comparison as it was typed and parsed again, by the rules of the day, when it goes live.
 */
export function storyInputOf(values: StoryValues): StoryInput {
  return {
    headline: values.headline,
    slug: values.slug,
    dek: values.dek,
    body: values.body,
    sectionId: values.sectionId ?? "",
    creditLine: values.creditLine,
    bylines: values.bylines.map((b) => ({ userId: b.userId ?? "", name: b.name, title: b.title })),
    tags: values.tags.map((t) => t.name).join(", "),
    relatedIds: values.relatedIds,
  };
}
