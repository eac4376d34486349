import { KIND_LABELS } from "@/lib/updates/kinds";
import type { PublicCorrection } from "@/lib/updates/public";

// The corrections feed as RSS 2.0. Pure, so that tests can check the XML without a server.

/** Text safe inside XML elements and attributes. */
export function escapeXml(text: string): string {
  return (
    text
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;")
      // Control characters other than tab and newlines are not allowed in XML 1.0 at all.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
  );
}

/** The link to a story's corrections box. */
export function correctionLink(origin: string, slug: string): string {
  return `${origin}/stories/${encodeURIComponent(slug)}#corrections`;
}

export function correctionsFeedXml({ origin, siteName, corrections }: { origin: string; siteName: string; corrections: PublicCorrection[] }): string {
  const items = corrections.map((c) => {
    const text = `${KIND_LABELS[c.kind]}: ${c.note}` + (c.withdrawn ? ` (Withdrawn: ${c.withdrawn.reason})` : "");
    return [
      "    <item>",
      `      <title>${escapeXml(c.story.headline)}</title>`,
      `      <link>${escapeXml(correctionLink(origin, c.story.slug))}</link>`,
      `      <guid isPermaLink="false">${escapeXml(c.id)}</guid>`,
      // toUTCString is RFC 822 with a four-digit year, as RSS 2.0 readers expect ("Tue, 13 Dec 2016 22:05:00 GMT").
      `      <pubDate>${new Date(c.occurredAt).toUTCString()}</pubDate>`,
      `      <description>${escapeXml(text)}</description>`,
      "    </item>",
    ].join("\n");
  });
  const newest = corrections[0] ? `\n    <lastBuildDate>${new Date(corrections[0].occurredAt).toUTCString()}</lastBuildDate>` : "";
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>${escapeXml(`Corrections · ${siteName}`)}</title>
    <link>${escapeXml(`${origin}/corrections`)}</link>
    <description>${escapeXml(`Corrections and clarifications to stories published by ${siteName}.`)}</description>
    <language>en-us</language>${newest}
${items.join("\n")}
  </channel>
</rss>
`;
}
