import { describe, expect, it } from "vitest";
import { EMPTY_BODY, bodyPlainText, bodySchema, bodyToText, normalizeBody, readBody, textToBody } from "@/lib/body/story-body";

describe("story bodies", () => {
  it("keeps paragraphs, block quotes and subheads from the plain-text field", () => {
    const doc = textToBody('First line\ncontinues.\n\n> "A quote," she said.\n>\n> A second quoted paragraph.\n\n## Subhead\n\nLast.');
    expect(doc.content.map((b) => b.type)).toEqual(["paragraph", "blockquote", "heading", "paragraph"]);
    expect(doc.content[0]).toEqual({ type: "paragraph", content: [{ type: "text", text: "First line continues." }] });
    const quote = doc.content[1];
    expect(quote.type === "blockquote" && quote.content).toHaveLength(2);
  });

  it("round-trips through the editing text", () => {
    const text = 'One.\n\n> "Two," said a source.\n>\n> Three.\n\n## Four\n\nFive.';
    expect(bodyToText(textToBody(text))).toBe(text);
    expect(textToBody(bodyToText(textToBody(text)))).toEqual(textToBody(text));
  });

  it("stores markup as text, never as HTML", () => {
    const doc = textToBody("<script>alert(1)</script><img src=x onerror=alert(2)>");
    expect(doc.content[0]).toEqual({ type: "paragraph", content: [{ type: "text", text: "<script>alert(1)</script><img src=x onerror=alert(2)>" }] });
  });

  it("refuses node types outside the allow-list and script links", () => {
    expect(bodySchema.safeParse({ type: "doc", content: [{ type: "html", html: "<b>x</b>" }] }).success).toBe(false);
    const link = (href: string) => ({
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href } }] }] }],
    });
    expect(bodySchema.safeParse(link("javascript:alert(1)")).success).toBe(false);
    expect(bodySchema.safeParse(link(" javascript:alert(1)")).success).toBe(false);
    expect(bodySchema.safeParse(link("//evil.example/")).success).toBe(false);
    expect(bodySchema.safeParse(link("https://example.org/a")).success).toBe(true);
    expect(bodySchema.safeParse(link("/stories/a")).success).toBe(true);
  });
});

const doc = (...content: unknown[]) => ({ type: "doc", content });
const text = (value: string, marks?: unknown[]) => (marks ? { type: "text", text: value, marks } : { type: "text", text: value });
const para = (...content: unknown[]) => (content.length ? { type: "paragraph", content } : { type: "paragraph" });
const item = (...content: unknown[]) => ({ type: "listItem", content });

describe("rich story bodies", () => {
  it("accepts lists nested one level, pull quotes, embeds and line breaks", () => {
    const body = doc(
      para(text("Before"), { type: "hardBreak" }, text("after", [{ type: "bold" }, { type: "italic" }])),
      {
        type: "bulletList",
        content: [item(para(text("One")), { type: "orderedList", attrs: { start: 3 }, content: [item(para(text("One.a")))] }), item(para(text("Two")))],
      },
      { type: "orderedList", content: [item(para(text("First")), para(text("More about the first")))] },
      { type: "pullQuote", attrs: { attribution: "Lena Marsh" }, content: [text("We were not told.")] },
      { type: "pullQuote", content: [text("Unattributed.")] },
      { type: "embed", attrs: { url: "https://video.example.org/watch?v=1", caption: "The hearing, in full." } },
      { type: "embed", attrs: { url: "http://example.org/map" } },
    );
    expect(bodySchema.safeParse(body).success).toBe(true);
  });

  it("refuses lists nested deeper than one level, and list items that do not start with a paragraph", () => {
    const deep = doc({
      type: "bulletList",
      content: [item(para(text("1")), { type: "bulletList", content: [item(para(text("2")), { type: "bulletList", content: [item(para(text("3")))] })] })],
    });
    expect(bodySchema.safeParse(deep).success).toBe(false);
    const listFirst = doc({ type: "bulletList", content: [item({ type: "bulletList", content: [item(para(text("x")))] })] });
    expect(bodySchema.safeParse(listFirst).success).toBe(false);
    expect(bodySchema.safeParse(doc({ type: "bulletList", content: [item(para(text("x")), { type: "heading", attrs: { level: 2 } })] })).success).toBe(false);
  });

  it("accepts embeds only with an http(s) address", () => {
    const embed = (url: string) => doc({ type: "embed", attrs: { url } });
    expect(bodySchema.safeParse(embed("https://example.org/a")).success).toBe(true);
    for (const url of [
      "javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "/stories/a",
      "//evil.example/",
      "ftp://example.org/",
      "https://",
      `https://example.org/${"a".repeat(2048)}`,
    ]) {
      expect(bodySchema.safeParse(embed(url)).success, url).toBe(false);
    }
    expect(bodySchema.safeParse(doc({ type: "embed", attrs: { url: "https://example.org", caption: "x".repeat(501) } })).success).toBe(false);
    expect(bodySchema.safeParse(doc({ type: "embed", attrs: { url: "https://example.org" }, content: [text("x")] })).success).toBe(false);
  });

  it("refuses unknown nodes, marks and attributes, marks in pull quotes and over-long attributions", () => {
    const refused = [
      doc({ type: "codeBlock", content: [text("x")] }),
      doc({ type: "image", attrs: { src: "https://example.org/a.png" } }),
      doc({ type: "horizontalRule" }),
      doc({ type: "heading", attrs: { level: 1 }, content: [text("x")] }),
      doc({ type: "heading", attrs: { level: 4 }, content: [text("x")] }),
      doc(para(text("x", [{ type: "code" }]))),
      doc(para(text("x", [{ type: "strike" }]))),
      doc(para(text("x", [{ type: "underline" }]))),
      doc(para(text("x", [{ type: "bold" }, { type: "bold" }]))),
      doc(para(text("x", [{ type: "link", attrs: { href: "https://example.org", target: "_blank" } }]))),
      doc({ type: "paragraph", attrs: { textAlign: "center" }, content: [text("x")] }),
      doc({ type: "orderedList", attrs: { start: 1, type: "a" }, content: [item(para(text("x")))] }),
      doc({ type: "paragraph", content: [{ type: "text", text: "x", style: "color:red" }] }),
      doc({ type: "pullQuote", content: [text("x", [{ type: "bold" }])] }),
      doc({ type: "pullQuote", attrs: { attribution: "x".repeat(201) }, content: [text("x")] }),
      doc({ type: "blockquote", content: [{ type: "bulletList", content: [item(para(text("x")))] }] }),
      { type: "doc", content: [], html: "<p>x</p>" },
    ];
    for (const body of refused) expect(bodySchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
  });

  it("normalizes editor output: unknown marks, nodes and attributes go, their text stays", () => {
    const fromEditor = doc(
      {
        type: "paragraph",
        attrs: { textAlign: "left" },
        content: [text("Plain "), text("struck", [{ type: "strike" }, { type: "bold" }]), text(" code", [{ type: "code" }])],
      },
      { type: "codeBlock", attrs: { language: "js" }, content: [text("const a = 1;")] },
      { type: "image", attrs: { src: "https://example.org/a.png" } },
      { type: "horizontalRule" },
      para(text("link", [{ type: "link", attrs: { href: "https://example.org", target: "_blank", rel: "noopener", class: null } }])),
      para(text("bad link", [{ type: "link", attrs: { href: "javascript:alert(1)" } }])),
      { type: "heading", attrs: { level: 1 }, content: [text("Top")] },
      { type: "heading", attrs: { level: 5 }, content: [text("Deep")] },
      { type: "orderedList", attrs: { start: 1, type: null }, content: [item(para(text("a")))] },
      { type: "table", content: [{ type: "tableRow", content: [{ type: "tableCell", content: [para(text("cell"))] }] }] },
      para(),
      { type: "pullQuote", attrs: { attribution: "  Lena Marsh " }, content: [text("Said "), text("boldly", [{ type: "bold" }])] },
      { type: "embed", attrs: { url: "javascript:alert(1)", caption: "A caption" } },
    );
    const normalized = normalizeBody(fromEditor);
    expect(bodySchema.safeParse(normalized).success).toBe(true);
    expect(normalized).toEqual(
      doc(
        para(text("Plain "), text("struck", [{ type: "bold" }]), text(" code")),
        para(text("const a = 1;")),
        para(text("link", [{ type: "link", attrs: { href: "https://example.org" } }])),
        para(text("bad link")),
        { type: "heading", attrs: { level: 2 }, content: [text("Top")] },
        { type: "heading", attrs: { level: 3 }, content: [text("Deep")] },
        { type: "orderedList", content: [item(para(text("a")))] },
        para(text("cell")),
        { type: "pullQuote", attrs: { attribution: "Lena Marsh" }, content: [text("Said boldly")] },
        para(text("A caption")),
      ),
    );
    expect(bodyPlainText(normalized)).toContain("const a = 1;");
  });

  it("normalizes structure: block quotes and list items keep paragraphs, deep lists are flattened to two levels", () => {
    const normalized = normalizeBody(
      doc(
        {
          type: "blockquote",
          content: [
            { type: "heading", attrs: { level: 2 }, content: [text("Quoted head")] },
            { type: "bulletList", content: [item(para(text("quoted item")))] },
          ],
        },
        {
          type: "bulletList",
          content: [
            item(
              para(text("1")),
              { type: "bulletList", content: [item(para(text("2")), { type: "orderedList", content: [item(para(text("3")))] })] },
              { type: "embed", attrs: { url: "https://example.org" } },
            ),
            item(para()),
            item({ type: "orderedList", attrs: { start: 4 }, content: [item(para(text("nested first")))] }),
          ],
        },
        text("stray"),
        { type: "hardBreak" },
        text("text"),
      ),
    );
    expect(bodySchema.safeParse(normalized).success).toBe(true);
    expect(normalized).toEqual(
      doc(
        { type: "blockquote", content: [para(text("Quoted head")), para(text("quoted item"))] },
        {
          type: "bulletList",
          content: [
            item(para(text("1")), { type: "bulletList", content: [item(para(text("2"))), item(para(text("3")))] }),
            item(para(), { type: "orderedList", attrs: { start: 4 }, content: [item(para(text("nested first")))] }),
          ],
        },
        para(text("stray"), { type: "hardBreak" }, text("text")),
      ),
    );
  });

  it("keeps a valid body as it is, and reads anything as a body", () => {
    const body = textToBody('One.\n\n> "Two," said a source.\n\n## Three');
    expect(normalizeBody(body)).toEqual(body);
    expect(normalizeBody(normalizeBody(body))).toEqual(body);
    expect(normalizeBody(null)).toEqual(EMPTY_BODY);
    expect(normalizeBody("<p>x</p>")).toEqual(EMPTY_BODY);
    expect(normalizeBody({ type: "doc", content: "nope" })).toEqual(EMPTY_BODY);
    expect(readBody({ type: "doc", content: [{ type: "paragraph", attrs: { textAlign: "left" }, content: [text("kept")] }] })).toEqual(doc(para(text("kept"))));
    expect(readBody(42)).toEqual(EMPTY_BODY);
  });

  it("writes the new blocks out as words for counts, search and revision comparisons", () => {
    const body = bodySchema.parse(
      doc(
        { type: "bulletList", content: [item(para(text("One")), { type: "bulletList", content: [item(para(text("One.a")))] }), item(para(text("Two")))] },
        { type: "orderedList", attrs: { start: 3 }, content: [item(para(text("Third")))] },
        { type: "pullQuote", attrs: { attribution: "Lena Marsh" }, content: [text("We were not told.")] },
        { type: "embed", attrs: { url: "https://example.org/v", caption: "The hearing." } },
        para(text("Line"), { type: "hardBreak" }, text("break")),
      ),
    );
    expect(bodyToText(body)).toBe(
      "- One\n  - One.a\n- Two\n\n3. Third\n\n[Pull quote: “We were not told.” — Lena Marsh]\n\n[Embed: https://example.org/v — The hearing.]\n\nLine\nbreak",
    );
    expect(bodyPlainText(body)).toBe("One\nOne.a\nTwo\n\nThird\n\nWe were not told. Lena Marsh\n\nThe hearing.\n\nLine\nbreak");
  });
});
