import { z } from "zod";
import { textField } from "@/lib/text/storable";
import { slugify } from "@/lib/slugs";

// What the tag forms send. A tag's slug always follows its name, as when a story form creates one.

export const tagRenameSchema = z
  .object({
    name: z
      .string()
      .trim()
      .transform((name) => name.replace(/\s+/g, " "))
      .pipe(textField().min(1, "Name the tag.").max(60, "Keep the tag under 60 characters.")),
  })
  .transform((input, ctx) => {
    const slug = slugify(input.name);
    if (!slug) {
      ctx.addIssue({ code: "custom", path: ["name"], message: "Tags need letters or numbers." });
      return z.NEVER;
    }
    return { name: input.name, slug };
  });

export type TagRenameInput = z.input<typeof tagRenameSchema>;
export type TagRenameValues = z.output<typeof tagRenameSchema>;
