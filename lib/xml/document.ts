import { XMLBuilder } from "fast-xml-parser";
import { withoutUnstorable } from "@/lib/text/storable";

// One way to write XML documents (feeds, sitemaps): fast-xml-parser's builder, which escapes & < > "
// and ' in every text and attribute, plus the one thing it leaves to us: characters XML 1.0 cannot
// hold at all (most control characters, lone surrogates, U+FFFE and U+FFFF) are dropped, since no
// escape can represent them and one of them would make the whole document unreadable.
//
// xmlbuilder2 was tried first and refused: it leaves "&lt;", "&amp;" and any "&word;" in text
// unescaped, so a headline "R&D;" made a document no parser accepts, and escaped HTML in a feed
// item's content came out as live markup.

/** Text with the characters XML 1.0 cannot hold removed (the same set no stored text may hold). */
export const xmlSafe = withoutUnstorable;

/** An element tree as fast-xml-parser builds it: "@name" keys are attributes, "#text" the text. */
export type XmlNode = { [name: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlNode[] | string[] | undefined;

function clean(value: XmlValue): XmlValue {
  if (value === undefined) return undefined;
  if (typeof value === "string") return xmlSafe(value);
  if (Array.isArray(value)) return value.map((v) => clean(v)) as XmlNode[] | string[];
  const out: XmlNode = {};
  for (const [key, child] of Object.entries(value)) if (child !== undefined) out[key] = clean(child);
  return out;
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  textNodeName: "#text",
  format: true,
  indentBy: "  ",
  suppressEmptyNode: true,
});

/** A complete UTF-8 document with `root` as its one top-level element. */
export function xmlDocument(root: XmlNode): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(clean(root))}`;
}

/** One element of a larger document written piece by piece (an export streamed item by item). */
export function xmlFragment(node: XmlNode): string {
  return builder.build(clean(node));
}
