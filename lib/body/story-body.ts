import { z } from "zod";
import { textField } from "@/lib/text/storable";

// In the browser the Content-Security-Policy forbids eval; zod would otherwise probe for it with
// `new Function` (and report a violation) when it builds its first schema. This module defines the
// first schemas the editor's bundle loads (lib/stories/schemas.ts imports it), so the setting comes before them.
if (typeof window !== "undefined") z.config({ jitless: true });

// A story body is a ProseMirror-style JSON document, the shape the Tiptap editor produces
// (app/(editor)/desk/stories/rich-text-editor.tsx). Only the node types, marks and attributes below are
// accepted, and objects may carry no other keys: anything else is refused at the schema. The public
// renderer (components/site/story-body-view.tsx) draws only these types, as React elements.
//
// Lists nest one level deep: a list item holds paragraphs and at most lists whose items hold only
// paragraphs. Pull quotes hold plain text (no marks), embeds are placeholders with a URL, images name
// a photo of the media library by id.

// A site-relative link is one slash and then a path. Browsers read "//host", and also "/\host",
// "\\host" and "/<tab>/host" (they drop tabs and newlines anywhere in a URL and read a backslash
// as a slash), as an address on another site; some servers and proxies decode "/%5C" or "/%2F" into
// the same. So a link is first normalised the way the URL parser would read it (normalizeHref), and
// only then checked; a body stores the normalised form, which means the same to every browser.
const SAFE_HREF = /^(?:https?:\/\/|mailto:|\/(?![/\\]|%2f|%5c)|#)/i;
export const BODY_LINK_MESSAGE = "Links must be http(s), mailto, or start with a single / for a page on this site";

/** A link as a browser's URL parser reads it: no surrounding spaces or controls, no tab or newline, "\" in the path as "/". */
export function normalizeHref(href: string): string {
  // eslint-disable-next-line no-control-regex -- these are the characters the URL parser strips
  const stripped = href.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "").replace(/[\t\n\r]/g, "");
  return stripped.replace(/^[^?#]*/, (path) => path.replace(/\\/g, "/"));
}

/** Whether a link may go in a body as it is: normalised, and http(s), mailto, site-relative or a fragment. */
export function isSafeHref(href: string): boolean {
  return href.length <= 2048 && href === normalizeHref(href) && SAFE_HREF.test(href);
}

/** Whether a URL may be embedded: an absolute http(s) address. */
export function isEmbedUrl(url: string): boolean {
  return url.length <= 2048 && /^https?:\/\/\S+$/i.test(url) && URL.canParse(url);
}

const markSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("bold") }),
  z.strictObject({ type: z.literal("italic") }),
  z.strictObject({
    type: z.literal("link"),
    attrs: z.strictObject({ href: textField().max(2048).overwrite(normalizeHref).refine(isSafeHref, BODY_LINK_MESSAGE) }),
  }),
]);

const textSchema = z.strictObject({
  type: z.literal("text"),
  text: textField().min(1).max(100_000),
  marks: z
    .array(markSchema)
    .max(3)
    .refine((marks) => new Set(marks.map((mark) => mark.type)).size === marks.length, "A mark may appear once per text")
    .optional(),
});
const plainTextSchema = z.strictObject({ type: z.literal("text"), text: textField().min(1).max(100_000) });
const hardBreakSchema = z.strictObject({ type: z.literal("hardBreak") });
const inlineSchema = z.discriminatedUnion("type", [textSchema, hardBreakSchema]);

const paragraphSchema = z.strictObject({ type: z.literal("paragraph"), content: z.array(inlineSchema).max(500).optional() });
const headingSchema = z.strictObject({
  type: z.literal("heading"),
  attrs: z.strictObject({ level: z.union([z.literal(2), z.literal(3)]) }),
  content: z.array(inlineSchema).max(100).optional(),
});
const blockquoteSchema = z.strictObject({ type: z.literal("blockquote"), content: z.array(paragraphSchema).min(1).max(50) });

const orderedListAttrs = z.strictObject({ start: z.int().min(1).max(100_000) }).optional();
const nestedListItemSchema = z.strictObject({ type: z.literal("listItem"), content: z.array(paragraphSchema).min(1).max(50) });
const nestedBulletListSchema = z.strictObject({ type: z.literal("bulletList"), content: z.array(nestedListItemSchema).min(1).max(500) });
const nestedOrderedListSchema = z.strictObject({
  type: z.literal("orderedList"),
  attrs: orderedListAttrs,
  content: z.array(nestedListItemSchema).min(1).max(500),
});
const listItemSchema = z.strictObject({
  type: z.literal("listItem"),
  content: z
    .array(z.discriminatedUnion("type", [paragraphSchema, nestedBulletListSchema, nestedOrderedListSchema]))
    .min(1)
    .max(50)
    .refine((content) => content[0]?.type === "paragraph", "A list item starts with a paragraph"),
});
const bulletListSchema = z.strictObject({ type: z.literal("bulletList"), content: z.array(listItemSchema).min(1).max(500) });
const orderedListSchema = z.strictObject({ type: z.literal("orderedList"), attrs: orderedListAttrs, content: z.array(listItemSchema).min(1).max(500) });

const pullQuoteSchema = z.strictObject({
  type: z.literal("pullQuote"),
  attrs: z.strictObject({ attribution: textField().min(1).max(200).optional() }).optional(),
  content: z.array(plainTextSchema).max(50).optional(),
});
const embedSchema = z.strictObject({
  type: z.literal("embed"),
  attrs: z.strictObject({
    url: textField().max(2048).refine(isEmbedUrl, "Embeds need an http(s) address"),
    caption: textField().min(1).max(500).optional(),
  }),
});

// A photo from the media library, by id (never a URL: the page draws the library's renditions). Its
// alt text, caption and credit override the library's own when given; a decorative photo needs no
// alt text. Whether the id names a photo, and whether it may be published, is checked by the save.
export const IMAGE_ALT_MAX = 1000;
export const IMAGE_CAPTION_MAX = 2000;
export const IMAGE_CREDIT_MAX = 300;
const imageSchema = z.strictObject({
  type: z.literal("image"),
  attrs: z.strictObject({
    mediaId: textField().uuid("Choose the photo from the library."),
    alt: textField().max(IMAGE_ALT_MAX, `Keep a photo's alt text under ${IMAGE_ALT_MAX} characters.`).optional(),
    caption: textField().max(IMAGE_CAPTION_MAX, `Keep a photo's caption under ${IMAGE_CAPTION_MAX} characters.`).optional(),
    credit: textField().max(IMAGE_CREDIT_MAX, `Keep a photo's credit under ${IMAGE_CREDIT_MAX} characters.`).optional(),
    decorative: z.boolean().optional(),
  }),
});

export const blockSchema = z.discriminatedUnion("type", [
  paragraphSchema,
  headingSchema,
  blockquoteSchema,
  bulletListSchema,
  orderedListSchema,
  pullQuoteSchema,
  embedSchema,
  imageSchema,
]);
export const bodySchema = z.strictObject({ type: z.literal("doc"), content: z.array(blockSchema).max(2000) });

export type BodyDoc = z.infer<typeof bodySchema>;
export type BodyBlock = z.infer<typeof blockSchema>;
export type BodyImage = z.infer<typeof imageSchema>;
export type TextNode = z.infer<typeof textSchema>;
export type InlineNode = z.infer<typeof inlineSchema>;
export type BodyMark = z.infer<typeof markSchema>;
export type BodyParagraph = z.infer<typeof paragraphSchema>;
export type BodyList = z.infer<typeof bulletListSchema> | z.infer<typeof orderedListSchema>;
export type NestedBodyList = z.infer<typeof nestedBulletListSchema> | z.infer<typeof nestedOrderedListSchema>;
export type BodyListItem = z.infer<typeof listItemSchema>;
type NestedListItem = z.infer<typeof nestedListItemSchema>;

export const EMPTY_BODY: BodyDoc = { type: "doc", content: [] };

const paragraph = (text: string): BodyParagraph => ({ type: "paragraph", content: [{ type: "text", text }] });

/**
 * Plain text as typed in the body field: blank lines separate blocks; lines starting with ">" form a
 * block quote (a blank ">" line separates its paragraphs); a line starting with "## " is a subhead.
 * Lines within a paragraph are joined with a space, as in Markdown.
 */
export function textToBody(text: string): BodyDoc {
  const blocks: BodyBlock[] = [];
  const chunks = text.replace(/\r\n?/g, "\n").split(/\n[ \t]*\n/);
  for (const chunk of chunks) {
    const lines = chunk
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
    if (lines.length === 0) continue;
    if (lines.every((line) => line.startsWith(">"))) {
      const paragraphs: BodyParagraph[] = [];
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

const inlineText = (content: readonly (InlineNode | { type: "text"; text: string })[] | undefined) =>
  (content ?? []).map((node) => (node.type === "text" ? node.text : "\n")).join("");

function listLines(list: BodyList | NestedBodyList, indent: string): string[] {
  const start = list.type === "orderedList" ? (list.attrs?.start ?? 1) : 1;
  return list.content.flatMap((item: BodyListItem | NestedListItem, index) => {
    const marker = list.type === "orderedList" ? `${start + index}.` : "-";
    return item.content.flatMap((child, position) =>
      child.type === "paragraph" ? [`${indent}${position === 0 ? `${marker} ` : "  "}${inlineText(child.content)}`] : listLines(child, `${indent}  `),
    );
  });
}

/**
 * The inverse of textToBody, for editing a stored body in the plain-text field and for comparing
 * revisions. Paragraphs, subheads and block quotes round-trip; lists, pull quotes and embeds are
 * written out readably ("- item", "[Pull quote: …]", "[Embed: …]") but come back as paragraphs.
 */
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
        case "bulletList":
        case "orderedList":
          return listLines(block, "").join("\n");
        case "pullQuote": {
          const attribution = block.attrs?.attribution;
          return `[Pull quote: “${inlineText(block.content)}”${attribution ? ` — ${attribution}` : ""}]`;
        }
        case "embed":
          return `[Embed: ${block.attrs.url}${block.attrs.caption ? ` — ${block.attrs.caption}` : ""}]`;
        case "image":
          return `[Photo${block.attrs.caption ? `: ${block.attrs.caption}` : ""}]`;
      }
    })
    .join("\n\n");
}

/** The photos a body shows, in order (a photo may appear more than once). */
export function bodyImages(body: BodyDoc): BodyImage[] {
  return body.content.filter((block): block is BodyImage => block.type === "image");
}

function listText(list: BodyList | NestedBodyList): string {
  return list.content
    .map((item: BodyListItem | NestedListItem) =>
      item.content.map((child) => (child.type === "paragraph" ? inlineText(child.content) : listText(child))).join("\n"),
    )
    .join("\n");
}

/** The words of a body, for word counts, publish checks and search. */
export function bodyPlainText(body: BodyDoc): string {
  return body.content
    .map((block) => {
      switch (block.type) {
        case "paragraph":
        case "heading":
          return inlineText(block.content);
        case "blockquote":
          return block.content.map((p) => inlineText(p.content)).join(" ");
        case "bulletList":
        case "orderedList":
          return listText(block);
        case "pullQuote":
          return [inlineText(block.content), block.attrs?.attribution].filter(Boolean).join(" ");
        case "embed":
          return block.attrs.caption ?? "";
        case "image":
          return block.attrs.caption ?? "";
      }
    })
    .join("\n\n");
}

/** Parses a stored body; what the strict schema refuses is normalized, and anything unreadable is empty. */
export function readBody(stored: unknown): BodyDoc {
  const parsed = bodySchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  const normalized = bodySchema.safeParse(normalizeBody(stored));
  return normalized.success ? normalized.data : EMPTY_BODY;
}

// ---------------------------------------------------------------------------------------------
// normalizeBody: what an editor (or an older stored body) produced, cut down to the format above.
// Unknown marks and attributes are dropped; unknown nodes are unwrapped so their text stays; blocks
// in a place the format does not allow become paragraphs; lists deeper than two levels are
// flattened into the second; empty paragraphs, subheads, pull quotes and list items are dropped.
// Length limits are left to bodySchema, which reports them rather than cutting text silently.

type Json = Record<string, unknown>;

const asNode = (value: unknown): Json | null => (value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : null);
const childrenOf = (node: Json): unknown[] => (Array.isArray(node.content) ? node.content : []);
const attrsOf = (node: Json): Json => asNode(node.attrs) ?? {};
const trimmed = (value: unknown) => (typeof value === "string" ? value.trim() : "");
const isList = (node: Json) => node.type === "bulletList" || node.type === "orderedList";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const MARK_ORDER = ["bold", "italic", "link"] as const;

function normalizeMarks(raw: unknown): BodyMark[] {
  const marks = new Map<BodyMark["type"], BodyMark>();
  for (const value of Array.isArray(raw) ? raw : []) {
    const mark = asNode(value);
    if (mark?.type === "bold" || mark?.type === "italic") marks.set(mark.type, { type: mark.type });
    if (mark?.type === "link") {
      const href = normalizeHref(trimmed(attrsOf(mark).href));
      if (isSafeHref(href)) marks.set("link", { type: "link", attrs: { href } });
    }
  }
  return MARK_ORDER.flatMap((type) => marks.get(type) ?? []);
}

function normalizeInline(nodes: unknown[], out: InlineNode[] = []): InlineNode[] {
  for (const value of nodes) {
    const node = asNode(value);
    if (!node) continue;
    if (node.type === "text") {
      if (typeof node.text !== "string" || !node.text) continue;
      const marks = normalizeMarks(node.marks);
      const previous = out.at(-1);
      if (previous?.type === "text" && JSON.stringify(previous.marks ?? []) === JSON.stringify(marks)) previous.text += node.text;
      else out.push(marks.length ? { type: "text", text: node.text, marks } : { type: "text", text: node.text });
    } else if (node.type === "hardBreak") {
      out.push({ type: "hardBreak" });
    } else {
      normalizeInline(childrenOf(node), out);
    }
  }
  return out;
}

const withContent = (content: InlineNode[]) => (content.length ? { content } : {});

/** Every paragraph in a block, for places that hold only paragraphs (block quotes, list items). */
function paragraphsOf(block: BodyBlock): BodyParagraph[] {
  switch (block.type) {
    case "paragraph":
      return [block];
    case "heading":
      return [{ type: "paragraph", ...withContent(block.content ?? []) }];
    case "blockquote":
      return block.content;
    case "bulletList":
    case "orderedList":
      return block.content.flatMap((item: BodyListItem) =>
        item.content.flatMap((child) => (child.type === "paragraph" ? [child] : child.content.flatMap((nested) => nested.content))),
      );
    case "pullQuote":
      return block.content ? [{ type: "paragraph", ...withContent(block.content) }] : [];
    case "embed":
    case "image":
      return block.attrs.caption ? [paragraph(block.attrs.caption)] : [];
  }
}

function listAttrs(node: Json) {
  const start = Number(attrsOf(node).start);
  return node.type === "orderedList" && Number.isInteger(start) && start > 1 ? { attrs: { start } } : {};
}

/** Items of a list nested in a list item: paragraphs only; anything nested deeper joins this level. */
function nestedItems(list: Json): NestedListItem[] {
  return childrenOf(list).flatMap((value): NestedListItem[] => {
    const node = asNode(value);
    if (!node) return [];
    if (isList(node)) return nestedItems(node);
    const paragraphs: BodyParagraph[] = [];
    const deeper: NestedListItem[] = [];
    for (const child of node.type === "listItem" ? childrenOf(node) : [node]) {
      const childNode = asNode(child);
      if (childNode && isList(childNode)) deeper.push(...nestedItems(childNode));
      else paragraphs.push(...normalizeBlocks([child]).flatMap(paragraphsOf));
    }
    return [...(paragraphs.length ? [{ type: "listItem" as const, content: paragraphs }] : []), ...deeper];
  });
}

function nestedList(node: Json): NestedBodyList | null {
  const content = nestedItems(node);
  if (!content.length) return null;
  return node.type === "orderedList" ? { type: "orderedList", ...listAttrs(node), content } : { type: "bulletList", content };
}

function topItems(list: Json): BodyListItem[] {
  return childrenOf(list).flatMap((value): BodyListItem[] => {
    const node = asNode(value);
    if (!node) return [];
    if (isList(node)) return topItems(node);
    const content: BodyListItem["content"] = [];
    for (const child of node.type === "listItem" ? childrenOf(node) : [node]) {
      const childNode = asNode(child);
      const nested = childNode && isList(childNode) ? nestedList(childNode) : null;
      if (nested) content.push(nested);
      else if (!(childNode && isList(childNode))) content.push(...normalizeBlocks([child]).flatMap(paragraphsOf));
    }
    if (!content.length) return [];
    if (content[0].type !== "paragraph") content.unshift({ type: "paragraph" });
    return [{ type: "listItem", content }];
  });
}

function normalizeBlocks(nodes: unknown[]): BodyBlock[] {
  const blocks: BodyBlock[] = [];
  let loose: unknown[] = []; // text and breaks outside a paragraph
  const flush = () => {
    const content = normalizeInline(loose);
    if (content.length) blocks.push({ type: "paragraph", content });
    loose = [];
  };
  for (const value of nodes) {
    const node = asNode(value);
    if (!node) continue;
    if (node.type === "text" || node.type === "hardBreak") {
      loose.push(node);
      continue;
    }
    flush();
    switch (node.type) {
      case "paragraph": {
        const content = normalizeInline(childrenOf(node));
        if (content.length) blocks.push({ type: "paragraph", content });
        break;
      }
      case "heading": {
        const content = normalizeInline(childrenOf(node));
        const level = Number(attrsOf(node).level) >= 3 ? 3 : 2;
        if (content.length) blocks.push({ type: "heading", attrs: { level }, content });
        break;
      }
      case "blockquote": {
        const content = normalizeBlocks(childrenOf(node)).flatMap(paragraphsOf);
        if (content.length) blocks.push({ type: "blockquote", content });
        break;
      }
      case "bulletList":
      case "orderedList": {
        const content = topItems(node);
        if (content.length) blocks.push(node.type === "orderedList" ? { type: "orderedList", ...listAttrs(node), content } : { type: "bulletList", content });
        break;
      }
      case "pullQuote": {
        const text = inlineText(normalizeInline(childrenOf(node))).replace(/\n/g, " ");
        const attribution = trimmed(attrsOf(node).attribution);
        if (text.trim()) blocks.push({ type: "pullQuote", ...(attribution ? { attrs: { attribution } } : {}), content: [{ type: "text", text }] });
        break;
      }
      case "embed": {
        const url = trimmed(attrsOf(node).url);
        const caption = trimmed(attrsOf(node).caption);
        if (isEmbedUrl(url)) blocks.push({ type: "embed", attrs: caption ? { url, caption } : { url } });
        else if (caption) blocks.push(paragraph(caption));
        break;
      }
      case "image": {
        const attrs = attrsOf(node);
        const mediaId = trimmed(attrs.mediaId).toLowerCase();
        if (!UUID.test(mediaId)) break;
        const text = (key: string) => {
          const value = trimmed(attrs[key]);
          return value ? { [key]: value } : {};
        };
        blocks.push({
          type: "image",
          attrs: { mediaId, ...text("alt"), ...text("caption"), ...text("credit"), ...(attrs.decorative === true ? { decorative: true } : {}) },
        });
        break;
      }
      default:
        blocks.push(...normalizeBlocks(childrenOf(node)));
    }
  }
  flush();
  return blocks;
}

/**
 * Cuts anything (Tiptap's getJSON(), a pasted or older document) down to the body format: the
 * result has only allow-listed nodes, marks and attributes, with the text of everything dropped.
 * bodySchema still has the last word (length limits), so the server parses what this returns.
 */
export function normalizeBody(input: unknown): BodyDoc {
  const doc = asNode(input);
  return { type: "doc", content: doc ? normalizeBlocks(doc.type === "doc" ? childrenOf(doc) : [doc]) : [] };
}
