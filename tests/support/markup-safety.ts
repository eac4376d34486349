// Parses rendered HTML with a real HTML parser (parse5, the WHATWG algorithm browsers use) and reports
// what could run script: elements or attributes that user text created. Used by tests/xss.test.ts.
import { parse, type DefaultTreeAdapterMap } from "parse5";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

export type Markup = { tags: Set<string>; attributes: Set<string>; problems: string[]; text: string; jsonLd: string[] };

const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "xlink:href", "srcdoc", "data", "poster", "background"]);
const SCRIPT_URL = /^(javascript|vbscript|data):/i;
/** The site's own static scripts (public/), referenced by address with no inline text. */
const OWN_SCRIPTS = new Set(["/live-updates.js"]);

function isElement(node: Node): node is Element {
  return "tagName" in node;
}

/** Every element and attribute in the document, and anything in it that could run script. */
export function inspectHtml(html: string): Markup {
  const markup: Markup = { tags: new Set(), attributes: new Set(), problems: [], text: "", jsonLd: [] };
  const texts: string[] = [];
  const visit = (node: Node) => {
    if (node.nodeName === "#text") texts.push((node as DefaultTreeAdapterMap["textNode"]).value);
    if (isElement(node)) {
      markup.tags.add(node.tagName);
      for (const attr of node.attrs) {
        const name = attr.prefix ? `${attr.prefix}:${attr.name}` : attr.name;
        markup.attributes.add(`${node.tagName}[${name}]`);
        if (/^on/i.test(attr.name)) markup.problems.push(`<${node.tagName} ${name}>: an event handler`);
        // Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
        // eslint-disable-next-line no-control-regex -- browsers skip control characters inside a URL scheme, so this does too
        const value = attr.value.replace(/[\u0000-\u0020]/g, "");
        if (URL_ATTRIBUTES.has(name) && SCRIPT_URL.test(value)) markup.problems.push(`<${node.tagName} ${name}="${attr.value}">: a script URL`);
      }
      if (node.tagName === "script") {
        const type = node.attrs.find((a) => a.name === "type")?.value;
        const body = node.childNodes.map((c) => ("value" in c ? (c as { value: string }).value : "")).join("");
        const src = node.attrs.find((a) => a.name === "src")?.value;
        if (type === "application/ld+json") markup.jsonLd.push(body);
        else if (type === "application/json") {
          // A data block (the live list's entries as shown): never run, but it must be whole JSON, or text broke out of it.
          try {
            JSON.parse(body);
          } catch {
            markup.problems.push("<script type=application/json>: not JSON (text broke out of the data block)");
          }
        } else if (!(src && OWN_SCRIPTS.has(src) && body === "")) markup.problems.push(`<script type=${type ?? "(none)"}>: an executable script`);
      }
    }
    const children = (node as { childNodes?: Node[] }).childNodes ?? [];
    for (const child of children) visit(child);
    if (node.nodeName === "template") for (const child of (node as unknown as { content: { childNodes: Node[] } }).content.childNodes) visit(child);
  };
  visit(parse(html) as unknown as Node);
  markup.text = texts.join("");
  return markup;
}

/** What the hostile rendering has that the benign rendering of the same pages does not. */
export function introduced(hostile: Markup, benign: Markup): string[] {
  const extra = [...hostile.tags].filter((t) => !benign.tags.has(t)).map((t) => `element <${t}>`);
  for (const a of hostile.attributes) if (!benign.attributes.has(a)) extra.push(`attribute ${a}`);
  return [...extra, ...hostile.problems];
}
