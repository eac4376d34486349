import DOMPurify from "dompurify";
import { isSafeHref, normalizeHref } from "@/lib/body/story-body";
import { ALLOWED_ATTR, ALLOWED_TAGS, BLOCK_CONTAINERS } from "@/lib/body/html-allow-list";

// Pasted HTML (Word, Google Docs, web pages) is cut down to the tags the body format knows before
// ProseMirror parses it; the editor's schema then drops whatever is left over. No script, event
// handler, style or javascript: URL gets through: DOMPurify keeps only the tags and attributes of
// lib/body/html-allow-list.ts (which the archive importer applies too), and links only with the
// addresses a body may hold (isSafeHref in lib/body/story-body.ts: http(s), mailto, a fragment or
// one slash and a path, after normalising backslashes, tabs and newlines the way a browser reads
// them, so "/\evil.test" is not taken for a page on this site).

// DOMPurify checks this against the value with whitespace removed; prepare() has already applied
// the full rule, so this is a second line.
const SAFE_URI = /^(?:https?:\/\/|mailto:|\/(?![/\\])|#)/i;

function rename(element: Element, tagName: string) {
  const replacement = element.ownerDocument.createElement(tagName);
  replacement.append(...element.childNodes);
  element.replaceWith(replacement);
  return replacement;
}

function wrapChildren(element: Element, tagName: string) {
  const wrapper = element.ownerDocument.createElement(tagName);
  wrapper.append(...element.childNodes);
  element.append(wrapper);
}

const listDepth = (element: Element) => {
  let depth = 0;
  for (let node: Element | null = element; node; node = node.parentElement) if (node.tagName === "UL" || node.tagName === "OL") depth++;
  return depth;
};

/** Turns what the sanitizer would flatten into shapes it keeps: styled bold and italics, headings, blocks, nested lists. */
function prepare(body: HTMLElement) {
  // Links keep their text; an address the body format refuses is dropped, an accepted one normalised.
  for (const link of body.querySelectorAll("a[href]")) {
    const href = normalizeHref(link.getAttribute("href") ?? "");
    if (isSafeHref(href)) link.setAttribute("href", href);
    else link.removeAttribute("href");
  }
  // Google Docs wraps a whole paste in <b style="font-weight:normal">, which would make it all bold.
  for (const element of body.querySelectorAll<HTMLElement>("b, strong")) {
    if (/^(normal|[1-4]00)$/.test(element.style.fontWeight)) element.replaceWith(...element.childNodes);
  }
  // Google Docs and web pages set bold and italics with styles, which the sanitizer removes.
  for (const element of body.querySelectorAll<HTMLElement>("[style]")) {
    if (element.closest("h1, h2, h3, h4, h5, h6")) continue;
    if (/^(bold|bolder|[6-9]00)$/.test(element.style.fontWeight)) wrapChildren(element, "strong");
    if (element.style.fontStyle === "italic") wrapChildren(element, "em");
  }
  // Word writes list items as paragraphs with an mso-list style and the bullet or number as text.
  let wordList: Element | null = null;
  for (const paragraph of body.querySelectorAll("p[style*='mso-list' i]")) {
    const marker = paragraph.querySelector("[style*='mso-list:ignore' i], [style*='mso-list: ignore' i]");
    const tagName = /^\s*\(?\w{1,4}[.)]/.test(marker?.textContent ?? "") ? "OL" : "UL";
    marker?.remove();
    if (!wordList || wordList.tagName !== tagName || wordList.nextElementSibling !== paragraph) {
      wordList = body.ownerDocument.createElement(tagName);
      paragraph.before(wordList);
    }
    wordList.append(rename(paragraph, "li"));
  }
  for (const element of body.querySelectorAll("h1")) rename(element, "h2");
  for (const element of body.querySelectorAll("h4, h5, h6")) rename(element, "h3");
  // Block boundaries the sanitizer would drop (and so run their text together) become divs.
  for (const element of body.querySelectorAll("td, th")) element.append(" ");
  for (const element of body.querySelectorAll(BLOCK_CONTAINERS.join(", "))) rename(element, "div");
  // A list directly inside a list (Google Docs nests that way) belongs to the item before it.
  for (const list of body.querySelectorAll(":is(ul, ol) > :is(ul, ol)")) {
    if (list.previousElementSibling?.tagName === "LI") list.previousElementSibling.append(list);
  }
  // Lists nest two levels deep in a body: deeper items join the second level, after their parent item.
  for (const list of [...body.querySelectorAll("ul, ol")].reverse()) {
    const parentItem = list.parentElement?.closest("li");
    if (listDepth(list) <= 2 || !parentItem) continue;
    parentItem.after(...list.children);
    list.remove();
  }
}

/** Cleans pasted or dropped HTML to the body format's tags; for the editor's transformPastedHTML. */
export function cleanPastedHtml(html: string): string {
  // A document made by DOMParser is inert: nothing in it runs or loads while it is prepared.
  const document = new DOMParser().parseFromString(html, "text/html");
  prepare(document.body);
  return DOMPurify.sanitize(document.body.innerHTML, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOWED_URI_REGEXP: SAFE_URI,
    KEEP_CONTENT: true,
  });
}
