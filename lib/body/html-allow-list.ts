// What HTML from outside may keep on its way into a story body: the one list that the editor's paste
// cleaner (app/(editor)/desk/stories/clean-pasted-html.ts, DOMPurify in the browser) and the archive
// importer (lib/body/html-to-body.ts, on the server) both apply. Everything else is unwrapped (its
// text kept) or, for the elements below whose content is code or chrome, dropped with its content.

export const ALLOWED_TAGS = ["p", "br", "div", "strong", "b", "em", "i", "a", "h2", "h3", "blockquote", "ul", "ol", "li", "aside", "figure"];
// data-pm-slice carries ProseMirror's own copy-and-paste context; data-type and the rest mark pull
// quotes and embeds copied within the editor (their values are checked again when parsed).
export const ALLOWED_ATTR = ["href", "start", "data-pm-slice", "data-type", "data-attribution", "data-url", "data-caption"];

/** Headings the body has no level for take the nearest one it has: h1 reads as h2, h4 to h6 as h3. */
export const HEADING_LEVEL: Record<string, 2 | 3> = { h1: 2, h2: 2, h3: 3, h4: 3, h5: 3, h6: 3 };

/** Elements whose boundaries separate blocks though the body has no such block: their text must not run together. */
export const BLOCK_CONTAINERS = [
  "pre",
  "section",
  "article",
  "header",
  "footer",
  "main",
  "nav",
  "address",
  "dl",
  "dt",
  "dd",
  "figcaption",
  "table",
  "caption",
  "tr",
];

/** Elements dropped with everything inside them: code, styles, forms and other page chrome, never text a reader wrote. */
export const DROPPED_WITH_CONTENT = [
  "script",
  "style",
  "template",
  "noscript",
  "noembed",
  "noframes",
  "textarea",
  "select",
  "option",
  "button",
  "svg",
  "math",
  "object",
  "head",
  "title",
  "xmp",
  "plaintext",
];
