// Reading generated XML the way a feed reader or a search engine would: a real parser, and libxml2's
// schema validation (xmllint compiled to WebAssembly) against the schemas in tests/fixtures/sitemaps.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { validateXML } from "xmllint-wasm";

/** Parses a document, failing the test with the parser's message if it is not well formed. */
export function parseXml(xml: string): Record<string, unknown> {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`Not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    // Lists stay lists even with one element, so tests read them the same way at any length.
    isArray: (name, jpath) => ["item", "entry", "url", "sitemap", "dc:creator", "author"].includes(name) || jpath === "feed.link",
    parseTagValue: false,
    trimValues: true,
  });
  return parser.parse(xml) as Record<string, unknown>;
}

const FIXTURES = path.join(import.meta.dirname, "..", "fixtures", "sitemaps");
const fixture = async (fileName: string) => ({ fileName, contents: await readFile(path.join(FIXTURES, fileName), "utf8") });

/** Validates against a schema in tests/fixtures/sitemaps; returns libxml2's errors (none when valid). */
export async function schemaErrors(xml: string, schema: "siteindex.xsd" | "sitemap.xsd" | "urlset-with-news.xsd"): Promise<string[]> {
  const preload = await Promise.all(["sitemap.xsd", "sitemap-news.xsd"].filter((f) => f !== schema).map(fixture));
  const result = await validateXML({ xml: [{ fileName: "document.xml", contents: xml }], schema: [await fixture(schema)], preload });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}
