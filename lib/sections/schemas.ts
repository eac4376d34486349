import { z } from "zod";
import { textField } from "@/lib/text/storable";
import { slugify, slugSchema } from "@/lib/slugs";

// What the section forms send. Parsed on the server by every action that accepts it.

/** First path segments the site itself uses: a section there would hide a route, or be hidden by one. */
export const RESERVED_SECTION_SLUGS: ReadonlySet<string> = new Set([
  "desk",
  "stories",
  "preview",
  "api",
  "signin",
  "search",
  "corrections",
  "feeds",
  "sitemap",
]);

export const sectionInputSchema = z
  .object({
    name: textField().trim().min(1, "Name the section.").max(80, "Keep the name under 80 characters."),
    /** Optional: empty means "made from the name". */
    slug: textField().trim().default(""),
  })
  .transform((input, ctx) => {
    const name = input.name.replace(/\s+/g, " ");
    const slug = input.slug || slugify(name);
    if (!slug) {
      ctx.addIssue({ code: "custom", path: ["slug"], message: "The name has no letters or numbers to make a slug from. Type a slug." });
      return z.NEVER;
    }
    const parsed = slugSchema.safeParse(slug);
    if (!parsed.success) {
      ctx.addIssue({ code: "custom", path: ["slug"], message: parsed.error.issues[0].message });
      return z.NEVER;
    }
    if (RESERVED_SECTION_SLUGS.has(parsed.data)) {
      ctx.addIssue({ code: "custom", path: ["slug"], message: `/${parsed.data} is one of the site's own addresses. Choose a different slug.` });
      return z.NEVER;
    }
    return { name, slug: parsed.data };
  });

export type SectionInput = z.input<typeof sectionInputSchema>;
export type SectionValues = z.output<typeof sectionInputSchema>;

export const sectionMoveDirectionSchema = z.enum(["up", "down"]);
export type SectionMoveDirection = z.infer<typeof sectionMoveDirectionSchema>;
