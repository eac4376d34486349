import { describe, expect, it } from "vitest";
import { bodySchema, bodyToText, textToBody } from "@/lib/stories/body";

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
