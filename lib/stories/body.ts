import { z } from "zod";

// A story body is a ProseMirror-style JSON document, the shape rich-text editors (Tiptap) produce.
// Only the node and mark types below are accepted; anything else is refused at the schema, and the
// public renderer (components/site/story-body.tsx) draws only these types, as React elements.

const SAFE_HREF = /^(https?:\/\/|mailto:|\/(?!\/)|#)/i;

const markSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("bold") }),
  z.object({ type: z.literal("italic") }),
  z.object({
    type: z.literal("link"),
    attrs: z.object({ href: z.string().max(2048).regex(SAFE_HREF, "Links must be http(s), mailto or site-relative") }),
  }),
]);

const textSchema = z.object({
  type: z.literal("text"),
  text: z.string().min(1).max(100_000),
  marks: z.array(markSchema).max(3).optional(),
});

const paragraphSchema = z.object({ type: z.literal("paragraph"), content: z.array(textSchema).max(500).optional() });
const headingSchema = z.object({
  type: z.literal("heading"),
  attrs: z.object({ level: z.union([z.literal(2), z.literal(3)]) }),
  content: z.array(textSchema).max(100).optional(),
});
const blockquoteSchema = z.object({ type: z.literal("blockquote"), content: z.array(paragraphSchema).min(1).max(50) });

export const blockSchema = z.discriminatedUnion("type", [paragraphSchema, headingSchema, blockquoteSchema]);
export const bodySchema = z.object({ type: z.literal("doc"), content: z.array(blockSchema).max(2000) });

export type BodyDoc = z.infer<typeof bodySchema>;
export type BodyBlock = z.infer<typeof blockSchema>;
export type TextNode = z.infer<typeof textSchema>;
type Paragraph = z.infer<typeof paragraphSchema>;

export const EMPTY_BODY: BodyDoc = { type: "doc", content: [] };

const paragraph = (text: string): Paragraph => ({ type: "paragraph", content: [{ type: "text", text }] });

/**
 * Plain text as typed in the body field: blank lines separate blocks; lines starting with ">" form a
 * block quote (a blank ">" line separates its paragraphs); a line starting with "## " is a subhead.
 * Lines within a paragraph are joined with a space, as in Markdown.
 */
export function textToBody(text: string): BodyDoc {
  const blocks: BodyBlock[] = [];
  const chunks = text.replace(/\r\n?/g, "\n").split(/\n[ \t]*\n/);
  for (const chunk of chunks) {
    const lines = chunk.split("\n").map((line) => line.trim()).filter(Boolean);
    if (lines.length === 0) continue;
    if (lines.every((line) => line.startsWith(">"))) {
      const paragraphs: Paragraph[] = [];
      let current: string[] = [];
      for (const line of lines.map((l) => l.replace(/^>\s?/, "").trim())) {
        if (line) current.push(line);
        if (!line && current.length) paragraphs.push(paragraph(current.join(" ")));
        if (!line) current = [];
      }
      if (current.length) paragraphs.push(paragraph(current.join(" ")));
      if (paragraphs.length) blocks.push({ type: "blockquote", content: paragraphs });
    } else if (lines.length === 1 && /^#{2,3}\s+\S/.test(lines[0])) {
      const level = lines[0].startsWith("###") ? 3 : 2;
      blocks.push({ type: "heading", attrs: { level }, content: [{ type: "text", text: lines[0].replace(/^#+\s+/, "") }] });
    } else {
      blocks.push(paragraph(lines.join(" ")));
    }
  }
  return { type: "doc", content: blocks };
}

const inlineText = (content: TextNode[] | undefined) => (content ?? []).map((node) => node.text).join("");

/** The inverse of textToBody, for editing a stored body in the plain-text field. */
export function bodyToText(body: BodyDoc): string {
  return body.content
    .map((block) => {
      switch (block.type) {
        case "paragraph":
          return inlineText(block.content);
        case "heading":
          return `${"#".repeat(block.attrs.level)} ${inlineText(block.content)}`;
        case "blockquote":
          return block.content.map((p) => `> ${inlineText(p.content)}`).join("\n>\n");
      }
    })
    .join("\n\n");
}

/** The words of a body, for word counts, publish checks and search. */
export function bodyPlainText(body: BodyDoc): string {
  return body.content
    .map((block) => (block.type === "blockquote" ? block.content.map((p) => inlineText(p.content)).join(" ") : inlineText(block.content)))
    .join("\n\n");
}

/** Parses a stored body, treating anything unreadable as empty rather than failing the page. */
export function readBody(stored: unknown): BodyDoc {
  const parsed = bodySchema.safeParse(stored);
  return parsed.success ? parsed.data : EMPTY_BODY;
}
