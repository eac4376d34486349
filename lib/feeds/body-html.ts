import type { BodyDoc, BodyList, BodyListItem, InlineNode, NestedBodyList } from "@/lib/body/story-body";

// A story body as HTML for feed readers (content:encoded, Atom content): the same allow-list as the
// page's renderer (components/site/story-body-view.tsx), written as a string because a feed is not React.
// Every text and attribute is escaped here; hrefs and embed URLs were validated by the body schema
// (readBody) before they reach this. The feed's XML builder then escapes the whole HTML once more.

/** Text as HTML that shows it literally: every character markup could start or end is escaped. */
export const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** Site-relative links ("/stories/x") must be absolute in a feed reader. */
function absolute(href: string, origin: string): string {
  return href.startsWith("/") ? `${origin}${href}` : href;
}

function inline(nodes: InlineNode[] | undefined, origin: string): string {
  return (nodes ?? [])
    .map((node) => {
      if (node.type === "hardBreak") return "<br>";
      let out = escapeHtml(node.text);
      for (const mark of node.marks ?? []) {
        if (mark.type === "bold") out = `<strong>${out}</strong>`;
        else if (mark.type === "italic") out = `<em>${out}</em>`;
        else if (mark.type === "link") out = `<a href="${escapeHtml(absolute(mark.attrs.href, origin))}">${out}</a>`;
      }
      return out;
    })
    .join("");
}

function list(node: BodyList | NestedBodyList, origin: string): string {
  const items = node.content
    .map(
      (item: BodyListItem) =>
        `<li>${item.content.map((child) => (child.type === "paragraph" ? `<p>${inline(child.content, origin)}</p>` : list(child, origin))).join("")}</li>`,
    )
    .join("");
  if (node.type === "bulletList") return `<ul>${items}</ul>`;
  const start = node.attrs?.start;
  return `<ol${start && start !== 1 ? ` start="${start}"` : ""}>${items}</ol>`;
}

export function bodyToHtml(body: BodyDoc, origin: string): string {
  return body.content
    .map((block) => {
      switch (block.type) {
        case "paragraph":
          return `<p>${inline(block.content, origin)}</p>`;
        case "heading":
          return `<h${block.attrs.level}>${inline(block.content, origin)}</h${block.attrs.level}>`;
        case "blockquote":
          return `<blockquote>${block.content.map((p) => `<p>${inline(p.content, origin)}</p>`).join("")}</blockquote>`;
        case "bulletList":
        case "orderedList":
          return list(block, origin);
        case "pullQuote": {
          const text = escapeHtml((block.content ?? []).map((node) => node.text).join(""));
          const attribution = block.attrs?.attribution ? `<figcaption>— ${escapeHtml(block.attrs.attribution)}</figcaption>` : "";
          return `<figure><blockquote><p>${text}</p></blockquote>${attribution}</figure>`;
        }
        case "embed": {
          const caption = block.attrs.caption ? `<figcaption>${escapeHtml(block.attrs.caption)}</figcaption>` : "";
          return `<figure><a href="${escapeHtml(block.attrs.url)}">${escapeHtml(block.attrs.url)}</a>${caption}</figure>`;
        }
      }
    })
    .join("\n");
}
