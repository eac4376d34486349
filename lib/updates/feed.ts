import { rssXml, type FeedItem } from "@/lib/feeds/xml";
import { KIND_LABELS } from "@/lib/updates/kinds";
import type { PublicCorrection } from "@/lib/updates/public";

// The corrections feed as RSS 2.0, written by the same builder as the site's other feeds
// (lib/feeds/xml.ts over lib/xml), so it escapes and drops what they do. Pure, so that tests can
// check the XML without a server.

/** The link to a story's corrections box. */
export function correctionLink(origin: string, slug: string): string {
  return `${origin}/stories/${encodeURIComponent(slug)}#corrections`;
}

export function correctionsFeedXml({ origin, siteName, corrections }: { origin: string; siteName: string; corrections: PublicCorrection[] }): string {
  const items: FeedItem[] = corrections.map((c) => {
    const at = new Date(c.occurredAt);
    return {
      id: c.id,
      url: correctionLink(origin, c.story.slug),
      title: c.story.headline,
      summary: `${KIND_LABELS[c.kind]}: ${c.note}` + (c.withdrawn ? ` (Withdrawn: ${c.withdrawn.reason})` : ""),
      authors: [],
      category: null,
      published: at,
      updated: at,
    };
  });
  return rssXml(
    {
      title: `Corrections · ${siteName}`,
      link: `${origin}/corrections`,
      description: `Corrections and clarifications to stories published by ${siteName}.`,
      selfUrl: `${origin}/corrections/feed.xml`,
      language: "en-us",
    },
    items,
  );
}
