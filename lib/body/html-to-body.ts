import { normalizeBody, type BodyDoc } from "@/lib/body/story-body";
import { BLOCK_CONTAINERS, DROPPED_WITH_CONTENT, HEADING_LEVEL } from "@/lib/body/html-allow-list";
import { decodeEntities } from "@/lib/body/html-entities";

// HTML from another system (a WordPress post's content) made into a story body on the server. The
// browser's paste cleaner has a DOM and DOMPurify; here there is no DOM, so a small tolerant parser
// builds a tree the way an HTML parser would for the markup such content holds (implied ends of
// paragraphs and list items, void elements, raw-text elements), and the tree is read against the
// same allow-list (lib/body/html-allow-list.ts): its tags become body nodes, everything else is
// unwrapped with its text kept, code and chrome are dropped with their content. Nothing of the HTML
// itself is kept: the result is body JSON, cut down by normalizeBody and checked by bodySchema, and
// drawn by the public renderer as React elements. That is what keeps script out, not the parser.

type Element = { tag: string; attrs: Record<string, string>; children: Node[] };
type Node = Element | string;
type Json = Record<string, unknown>;

/** Something in the HTML the body cannot hold as it is; the importer lists each in its report. */
export type HtmlLeftover = { kind: "shortcode"; name: string } | { kind: "image"; src: string; alt: string; caption: string };

export type HtmlToBodyOptions = {
  /** The old site's address: links to it become site-relative, so that its old permalinks redirect to the imported stories. */
  siteUrl?: string;
  /** WordPress's wpautop: blank lines separate paragraphs and a single newline is a line break (classic-editor posts). */
  autoParagraphs?: boolean;
  /** Read WordPress shortcodes ([gallery], [caption], ...); off for HTML that has none (a newsroom's own export). */
  shortcodes?: boolean;
  /** What an image in the content becomes (by default a visible placeholder). */
  image?: (image: { src: string; alt: string; caption: string }) => Json;
};

const VOID = new Set(["br", "img", "hr", "input", "meta", "link", "source", "track", "wbr", "area", "base", "col", "embed", "param"]);
const RAW_TEXT = new Set([...DROPPED_WITH_CONTENT, "iframe", "video", "audio"]);
const DROPPED = new Set(DROPPED_WITH_CONTENT);
const CLOSES_P = new Set(["p", "div", "ul", "ol", "li", "blockquote", "pre", "table", "figure", "hr", "h1", "h2", "h3", "h4", "h5", "h6", ...BLOCK_CONTAINERS]);
const BLOCKS = new Set([...CLOSES_P, "aside", "figcaption", "body", "html", "tbody", "thead", "tfoot"]);

const TOKEN =
  /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<[!?][^>]*>?|<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function attributesOf(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const match of source.matchAll(ATTRIBUTE)) attrs[match[1].toLowerCase()] ??= decodeEntities(match[2] ?? match[3] ?? match[4] ?? "");
  return attrs;
}

/** The tree an HTML parser would build for this fragment, for the elements content uses. */
export function parseHtmlFragment(html: string): Element {
  const root: Element = { tag: "body", attrs: {}, children: [] };
  const stack: Element[] = [root];
  const top = () => stack[stack.length - 1];
  const closeTo = (tag: string) => {
    const index = stack.findLastIndex((element) => element.tag === tag);
    if (index > 0) stack.length = index;
  };
  let last = 0;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(html); match; match = TOKEN.exec(html)) {
    if (match.index > last) top().children.push(decodeEntities(html.slice(last, match.index)));
    last = TOKEN.lastIndex;
    const [, slash, rawName, rawAttrs] = match;
    if (!rawName) continue; // comments (Gutenberg's block delimiters among them), CDATA, doctypes
    const tag = rawName.toLowerCase();
    if (slash) {
      if (tag === "p" && !stack.some((element) => element.tag === "p")) top().children.push({ tag: "p", attrs: {}, children: [] });
      else if (tag === "br") top().children.push({ tag: "br", attrs: {}, children: [] });
      else closeTo(tag);
      continue;
    }
    if (CLOSES_P.has(tag) && stack.some((element) => element.tag === "p")) closeTo("p");
    if (tag === "li") {
      const list = stack.findLastIndex((element) => element.tag === "ul" || element.tag === "ol");
      const item = stack.findLastIndex((element) => element.tag === "li");
      if (item > list && item > 0) stack.length = item;
    }
    const element: Element = { tag, attrs: attributesOf(rawAttrs ?? ""), children: [] };
    top().children.push(element);
    if (RAW_TEXT.has(tag)) {
      // Script, styles and frames hold no markup of the content's own: skip to their end tag.
      const end = new RegExp(`</${tag}\\s*>`, "ig");
      end.lastIndex = last;
      const found = end.exec(html);
      last = found ? end.lastIndex : html.length;
      TOKEN.lastIndex = last;
    } else if (!VOID.has(tag) && !match[0].endsWith("/>")) {
      stack.push(element);
    }
  }
  if (last < html.length) top().children.push(decodeEntities(html.slice(last)));
  return root;
}

// ---------------------------------------------------------------------------------------------
// WordPress shortcodes: [caption] holds an image and its caption, [embed] a URL the body can embed;
// the rest ([gallery], [audio], [contact-form], ...) have no place in a body and leave a visible note.

const KNOWN_SHORTCODES =
  "gallery|caption|wp_caption|embed|audio|video|playlist|code|sourcecode|source|youtube|vimeo|soundcloud|googlemaps|twitter|tweet|instagram|contact-form|contact-field|polldaddy|archives|slideshow|portfolio|recipe|wpvideo|blip\\.tv|dailymotion|flickr|scribd|ted|spotify|bandcamp|issuu|slideshare|gist|latex|simple-payment|jetpack_subscription_form";
const SHORTCODE = new RegExp(`\\[(\\/?)(${KNOWN_SHORTCODES})((?:\\s[^\\]]*)?)\\]`, "gi");

export const placeholderText = (name: string) => `[${name}] could not be imported`;

/** What an image that could not be imported becomes: a visible note naming it, never a broken link. */
export function imagePlaceholder(image: { src: string; alt: string; caption: string }): Json {
  let file = image.src.split("/").pop()?.split("?")[0] ?? "";
  try {
    file = decodeURIComponent(file);
  } catch {
    // a malformed escape: the name as written
  }
  const name = image.alt || image.caption || file || "an image";
  return { type: "paragraph", content: [{ type: "text", text: `[Image: ${name}] could not be imported`, marks: [{ type: "italic" }] }] };
}

function replaceShortcodes(html: string, leftovers: HtmlLeftover[]): string {
  return html
    .replace(/\[embed[^\]]*\]\s*([^[\s]+)\s*\[\/embed\]/gi, (_, url: string) => `<iframe src="${url.replace(/"/g, "&quot;")}"></iframe>`)
    .replace(/\[(?:wp_)?caption([^\]]*)\]([\s\S]*?)\[\/(?:wp_)?caption\]/gi, (_, attrs: string, inner: string) => {
      // The caption is the text after the image (or, in old exports, the caption="" attribute).
      const split = /^\s*(?:<a\b[^>]*>\s*)?<img\b[^>]*>\s*(?:<\/a>)?/i.exec(inner)?.[0].length ?? 0;
      const caption = inner.slice(split).trim() || (/caption="([^"]*)"/i.exec(attrs)?.[1] ?? "");
      return `<figure>${inner.slice(0, split)}<figcaption>${caption}</figcaption></figure>`;
    })
    .replace(SHORTCODE, (_, slash: string, name: string) => {
      if (slash) return "";
      leftovers.push({ kind: "shortcode", name: name.toLowerCase() });
      return `<p>${placeholderText(name.toLowerCase())}</p>`;
    });
}

// Providers WordPress embeds when their address stands alone on a line (its oEmbed list, in short).
const OEMBED_HOSTS =
  /^https?:\/\/(?:[\w-]+\.)*(?:youtube\.com|youtu\.be|vimeo\.com|twitter\.com|x\.com|flickr\.com|flic\.kr|soundcloud\.com|spotify\.com|instagram\.com|facebook\.com|tiktok\.com|dailymotion\.com|ted\.com|slideshare\.net|scribd\.com|reddit\.com|tumblr\.com|wordpress\.tv|mixcloud\.com|imgur\.com|issuu\.com|kickstarter\.com|giphy\.com|pinterest\.com|cloudup\.com|speakerdeck\.com|animoto\.com|smugmug\.com|reverbnation\.com|screencast\.com|amazon\.com)\//i;

// ---------------------------------------------------------------------------------------------

type Mark = { type: "bold" } | { type: "italic" } | { type: "link"; attrs: { href: string } };

class Converter {
  constructor(
    private readonly options: HtmlToBodyOptions,
    readonly leftovers: HtmlLeftover[],
  ) {}

  private href(raw: string): string {
    const site = this.options.siteUrl;
    if (site) {
      // Links to the old site's own pages become paths here, which its redirects then answer.
      try {
        const url = new URL(raw);
        const base = new URL(site);
        if (url.host.toLowerCase() === base.host.toLowerCase()) return `${url.pathname}${url.search}${url.hash}` || "/";
      } catch {
        // not an absolute address: kept as written, and checked by the body's link rule
      }
    }
    return raw;
  }

  image(image: { src: string; alt: string; caption: string }): Json {
    this.leftovers.push({ kind: "image", ...image });
    return this.options.image ? this.options.image(image) : imagePlaceholder(image);
  }

  /** Inline content with its marks; images and frames inside it come back as blocks, split out in order. */
  inline(nodes: Node[], marks: Mark[], out: Json[], preserveLines: boolean) {
    for (const node of nodes) {
      if (typeof node === "string") {
        let text = node;
        if (preserveLines) {
          const lines = text.split("\n");
          lines.forEach((line, index) => {
            if (index > 0) out.push({ type: "hardBreak" });
            if (line) out.push({ type: "text", text: line, ...(marks.length ? { marks } : {}) });
          });
          continue;
        }
        text = text.replace(/[ \t\r\n\f]+/g, " ");
        if (text) out.push({ type: "text", text, ...(marks.length ? { marks } : {}) });
        continue;
      }
      const { tag, attrs } = node;
      if (DROPPED.has(tag)) continue;
      if (tag === "br") out.push({ type: "hardBreak" });
      else if (tag === "img") out.push(this.image({ src: attrs.src ?? "", alt: (attrs.alt ?? "").trim(), caption: "" }));
      else if (tag === "iframe" || tag === "video" || tag === "audio" || tag === "embed") out.push(this.frame(node));
      else if (tag === "strong" || tag === "b") this.inline(node.children, [...marks, { type: "bold" }], out, preserveLines);
      else if (tag === "em" || tag === "i") this.inline(node.children, [...marks, { type: "italic" }], out, preserveLines);
      else if (tag === "a" && attrs.href)
        this.inline(node.children, [...marks.filter((m) => m.type !== "link"), { type: "link", attrs: { href: this.href(attrs.href) } }], out, preserveLines);
      else {
        this.inline(node.children, marks, out, preserveLines || tag === "pre");
        // Table cells in a row read as one line, apart.
        if (tag === "td" || tag === "th") out.push({ type: "text", text: " " });
      }
    }
  }

  private frame(node: Element): Json {
    const src = node.attrs.src ?? node.children.find((c): c is Element => typeof c !== "string" && c.tag === "source")?.attrs.src ?? "";
    if (/^https?:\/\//i.test(src)) return { type: "embed", attrs: { url: src } };
    this.leftovers.push({ kind: "shortcode", name: node.tag });
    return { type: "paragraph", content: [{ type: "text", text: placeholderText(node.tag) }] };
  }

  /** Inline content as paragraphs, split where a block (an image, an embed) stood inside it. */
  private paragraphs(inline: Json[], out: Json[], type = "paragraph", attrs?: Json) {
    let run: Json[] = [];
    const flush = () => {
      while (run[0]?.type === "text" && !String(run[0].text).trim()) run.shift();
      const only = run.length === 1 && run[0].type === "text" && !run[0].marks ? String(run[0].text).trim() : "";
      if (type === "paragraph" && OEMBED_HOSTS.test(only) && !/\s/.test(only)) out.push({ type: "embed", attrs: { url: only } });
      else if (run.some((node) => node.type === "text" && String(node.text).trim())) out.push({ type, ...(attrs ? { attrs } : {}), content: trimEdges(run) });
      run = [];
    };
    for (const node of inline) {
      if (node.type === "text" || node.type === "hardBreak") run.push(node);
      else {
        flush();
        out.push(node);
      }
    }
    flush();
  }

  /** Block content: loose text between blocks is paragraphs (split at blank lines when wpautop applies). */
  blocks(nodes: Node[]): Json[] {
    const out: Json[] = [];
    let loose: Node[] = [];
    const flushLoose = () => {
      if (!loose.length) return;
      if (this.options.autoParagraphs) {
        // wpautop: a blank line ends a paragraph, a single newline is a line break.
        let current: Node[] = [];
        const emit = () => {
          const inline: Json[] = [];
          this.inline(current, [], inline, false);
          this.paragraphs(inline, out);
          current = [];
        };
        for (const node of loose) {
          if (typeof node !== "string") {
            current.push(node);
            continue;
          }
          node.split(/\n[ \t]*\n/).forEach((piece, index) => {
            if (index > 0) emit();
            const lines = piece.replace(/^\n+|\n+$/g, "").split("\n");
            lines.forEach((line, lineIndex) => {
              if (lineIndex > 0) current.push({ tag: "br", attrs: {}, children: [] });
              current.push(line);
            });
          });
        }
        emit();
      } else {
        const inline: Json[] = [];
        this.inline(loose, [], inline, false);
        this.paragraphs(inline, out);
      }
      loose = [];
    };
    for (const node of nodes) {
      if (typeof node === "string" || !BLOCKS.has(node.tag)) {
        loose.push(node);
        continue;
      }
      flushLoose();
      this.block(node, out);
    }
    flushLoose();
    return out;
  }

  private block(node: Element, out: Json[]) {
    const { tag } = node;
    if (tag in HEADING_LEVEL) {
      const inline: Json[] = [];
      this.inline(node.children, [], inline, false);
      this.paragraphs(inline, out, "heading", { level: HEADING_LEVEL[tag] });
    } else if (tag === "p") {
      const inline: Json[] = [];
      this.inline(node.children, [], inline, false);
      this.paragraphs(inline, out);
    } else if (tag === "blockquote") {
      out.push({ type: "blockquote", content: this.blocks(node.children) });
    } else if (tag === "ul" || tag === "ol") {
      const start = Number(node.attrs.start);
      const items = node.children.map((child) =>
        typeof child !== "string" && child.tag === "li"
          ? { type: "listItem", content: this.blocks(child.children) }
          : { type: "listItem", content: this.blocks([child]) },
      );
      out.push({ type: tag === "ol" ? "orderedList" : "bulletList", ...(tag === "ol" && start > 1 ? { attrs: { start } } : {}), content: items });
    } else if (tag === "figure") {
      const image = findElement(node, "img");
      const caption = findElement(node, "figcaption");
      if (image) {
        const captionText = caption ? textOf(caption).replace(/\s+/g, " ").trim() : "";
        out.push(this.image({ src: image.attrs.src ?? "", alt: (image.attrs.alt ?? "").trim(), caption: captionText }));
        const rest = node.children.filter(
          (child) => child !== caption && !(typeof child !== "string" && (child === image || findElement(child, "img") === image)),
        );
        out.push(...this.blocks(rest));
      } else {
        out.push(...this.blocks(node.children));
      }
    } else if (tag === "pre") {
      const inline: Json[] = [];
      this.inline(node.children, [], inline, true);
      this.paragraphs(inline, out);
    } else if (tag === "hr") {
      // a rule between parts of the text: the blocks on either side already separate them
    } else {
      out.push(...this.blocks(node.children));
    }
  }
}

function findElement(node: Node, tag: string): Element | null {
  if (typeof node === "string") return null;
  if (node.tag === tag) return node;
  for (const child of node.children) {
    const found = findElement(child, tag);
    if (found) return found;
  }
  return null;
}

function textOf(node: Node): string {
  return typeof node === "string" ? node : node.children.map(textOf).join("");
}

/** A paragraph's text without the spaces and line breaks at its ends (which HTML would not show either). */
function trimEdges(content: Json[]): Json[] {
  const nodes = content.map((node) => ({ ...node }));
  while (nodes[0]?.type === "hardBreak") nodes.shift();
  while (nodes.at(-1)?.type === "hardBreak") nodes.pop();
  const first = nodes[0];
  const last = nodes.at(-1);
  if (first?.type === "text") first.text = String(first.text).replace(/^\s+/, "");
  if (last?.type === "text") last.text = String(last.text).replace(/\s+$/, "");
  return nodes.filter((node) => node.type !== "text" || node.text);
}

/** Whether content was written in the block editor (it then has its own paragraphs, and wpautop does not apply). */
export const isBlockEditorContent = (html: string) => html.includes("<!-- wp:");

/** Converts HTML content to a story body, with what it could not hold. */
export function htmlToBody(html: string, options: HtmlToBodyOptions = {}): { body: BodyDoc; leftovers: HtmlLeftover[] } {
  const leftovers: HtmlLeftover[] = [];
  const converter = new Converter({ autoParagraphs: !isBlockEditorContent(html), ...options }, leftovers);
  const tree = parseHtmlFragment(options.shortcodes === false ? html : replaceShortcodes(html, leftovers));
  const body = normalizeBody({ type: "doc", content: converter.blocks(tree.children) });
  return { body, leftovers };
}

/** Plain text of HTML (an excerpt, a title with markup): tags dropped, references decoded, spaces collapsed. */
export function htmlToPlainText(html: string): string {
  return textOf(parseHtmlFragment(html)).replace(/\s+/g, " ").trim();
}
