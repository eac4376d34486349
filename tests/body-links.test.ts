// The body's link rule, as the server applies it (the story form's schema, stored bodies read back,
// the feed's HTML) and as the editor applies it to what it normalises. "/\evil.test/" looks
// site-relative but browsers open it as http://evil.test/: the rule reads a link as the URL parser
// does (tabs and newlines dropped, a backslash in the path read as a slash) before checking it.
// The paste cleaner, which needs a browser's DOM, is checked in e2e/rich-text.spec.ts.
import { describe, expect, it } from "vitest";
import { BODY_LINK_MESSAGE, isSafeHref, normalizeBody, normalizeHref, readBody } from "@/lib/body/story-body";
import { storyInputSchema } from "@/lib/stories/schemas";
import { bodyToHtml } from "@/lib/feeds/body-html";

const linked = (href: string) => ({
  type: "doc",
  content: [{ type: "paragraph", content: [{ type: "text", text: "click", marks: [{ type: "link", attrs: { href } }] }] }],
});
const form = (body: unknown) => ({ headline: "H", slug: "", dek: "", body, sectionId: "", creditLine: "", bylines: [], relatedIds: [], tags: "" });

/** Where a browser would go from a page of this site, as the WHATWG URL parser reads the link. */
const resolved = (href: string) => new URL(href, "https://news.example/stories/a").host;

// Every one of these opens another site; each a site-relative link to the eye or to a naive regex.
const OFF_SITE = [
  "//evil.test/",
  "/\\evil.test/",
  "\\\\evil.test/",
  "\\/evil.test/",
  "/\t/evil.test/",
  "/\n/evil.test/",
  "/\r\n\\evil.test",
  " //evil.test",
  "\t/\\evil.test",
];
// Encoded slashes and backslashes after the first slash: harmless to a browser, decoded to "//host" by some servers and proxies.
const ENCODED = ["/%5Cevil.test/", "/%5cevil.test", "/%2F/evil.test", "/%2fevil.test"];

describe("site-relative links", () => {
  it.each(OFF_SITE)("%j really leaves the site, and is refused", (href) => {
    expect(resolved(href)).toBe("evil.test");
    expect(isSafeHref(href)).toBe(false);
    expect(isSafeHref(normalizeHref(href))).toBe(false);
  });

  it.each(ENCODED)("%j is refused", (href) => {
    expect(isSafeHref(href)).toBe(false);
  });

  it.each(["/stories/a", "/search?q=a\\b", "/sections/metro#top", "#corrections", "https://example.com/a/b", "mailto:desk@news.example"])(
    "%j is kept",
    (href) => {
      expect(isSafeHref(href)).toBe(true);
    },
  );

  it("normalises a link the way a browser reads it, backslashes in the path only", () => {
    expect(normalizeHref("  /stories/\ta\\b?q=c\\d#e\\f ")).toBe("/stories/a/b?q=c\\d#e\\f");
    expect(normalizeHref("https://example.com/a\\b")).toBe("https://example.com/a/b");
    expect(new URL("https://example.com/a\\b").href).toBe("https://example.com/a/b");
  });
});

describe("the server's body parser", () => {
  it.each([...OFF_SITE, ...ENCODED])("refuses a story body linking to %j with the link rule's message", (href) => {
    const parsed = storyInputSchema.safeParse(form(linked(href)));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["body", `${BODY_LINK_MESSAGE}: change or remove the link. Nothing was saved.`],
    ]);
  });

  it("stores a site-relative link with a backslash in its path normalised", () => {
    const parsed = storyInputSchema.parse(form(linked("/stories/a\\b")));
    expect(parsed.body.content[0]).toEqual({
      type: "paragraph",
      content: [{ type: "text", text: "click", marks: [{ type: "link", attrs: { href: "/stories/a/b" } }] }],
    });
  });

  it.each(OFF_SITE)("a stored body linking to %j is read back with the text and without the link, in the page and the feed", (href) => {
    const body = readBody(linked(href));
    expect(body).toEqual({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "click" }] }] });
    expect(bodyToHtml(body, "https://news.example")).toBe("<p>click</p>");
    expect(normalizeBody(linked(href))).toEqual(body);
  });
});
