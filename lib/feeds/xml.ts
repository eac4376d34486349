import { escapeHtml } from "@/lib/feeds/body-html";
import { xmlDocument, type XmlNode } from "@/lib/xml/document";

// RSS 2.0 and Atom 1.0 documents (lib/xml/document.ts does the escaping). Pure, for tests.
//
// Which fields are HTML: RSS 2.0 lets a description carry entity-encoded HTML, and feed readers
// render every description (the item's and the channel's) as HTML. Ours are plain text (a dek, a
// correction's wording, a section's name), so they are HTML-escaped before they become the XML text
// node: a reader that decodes the XML and renders the HTML shows "<img onerror=…>" as those
// characters. Titles, categories and dc:creator are plain text in RSS and stay as typed. In Atom,
// every text construct (title, subtitle, summary) says type="text", which readers must show as
// text; the body alone is type="html", built from the allow-list in lib/feeds/body-html.ts.
//
// The `feed` package was the first choice, but its RSS writes a bare name into <author> (which RSS
// 2.0 defines as an email address), has no dc:creator, and passes control characters through.

export type FeedItem = {
  /** Stable across edits and renames: the story's id. */
  id: string;
  url: string;
  title: string;
  /** Plain text: written HTML-escaped into RSS description, as type="text" into Atom summary. */
  summary: string;
  /** The body as HTML (lib/feeds/body-html.ts); none for an item that is only its summary. */
  contentHtml?: string;
  authors: string[];
  category: string | null;
  published: Date;
  updated: Date;
  /** The lead photo, as Media RSS media:content (a JPEG about 1200 px wide), with its credit and alt text. */
  image?: FeedImage;
};

export type FeedImage = { url: string; width: number; height: number; credit: string; alt: string };

const MEDIA_RSS = "http://search.yahoo.com/mrss/";

/** Media RSS (the namespace RSS and Atom readers both know) for an item's lead photo. Plain text throughout. */
function mediaContent(image: FeedImage | undefined): XmlNode | undefined {
  if (!image) return undefined;
  return {
    "@url": image.url,
    "@medium": "image",
    "@type": "image/jpeg",
    "@width": String(image.width),
    "@height": String(image.height),
    "media:credit": image.credit ? image.credit : undefined,
    "media:description": image.alt ? { "@type": "plain", "#text": image.alt } : undefined,
  };
}

export type FeedChannel = {
  title: string;
  /** The HTML page this feed follows. */
  link: string;
  /** Plain text, written HTML-escaped (RSS) or as type="text" (Atom subtitle). */
  description: string;
  /** The feed's own address (atom:link rel="self"). */
  selfUrl: string;
  language: string;
};

/** The newest change among the items: a feed's lastBuildDate / updated. */
export function newestChange(items: FeedItem[]): Date | null {
  return items.reduce<Date | null>((newest, item) => (!newest || item.updated > newest ? item.updated : newest), null);
}

export function rssXml(channel: FeedChannel, items: FeedItem[]): string {
  const newest = newestChange(items);
  const rssItems: XmlNode[] = items.map((item) => ({
    title: item.title,
    link: item.url,
    guid: { "@isPermaLink": "false", "#text": item.id },
    // toUTCString is RFC 822 with a four-digit year, as RSS 2.0 readers expect ("Tue, 13 Dec 2016 22:05:00 GMT").
    pubDate: item.published.toUTCString(),
    "dc:creator": item.authors.length ? item.authors : undefined,
    category: item.category ?? undefined,
    description: escapeHtml(item.summary),
    "content:encoded": item.contentHtml,
    "media:content": mediaContent(item.image),
  }));
  return xmlDocument({
    rss: {
      "@version": "2.0",
      "@xmlns:atom": "http://www.w3.org/2005/Atom",
      "@xmlns:content": "http://purl.org/rss/1.0/modules/content/",
      "@xmlns:dc": "http://purl.org/dc/elements/1.1/",
      "@xmlns:media": MEDIA_RSS,
      channel: {
        title: channel.title,
        link: channel.link,
        description: escapeHtml(channel.description),
        language: channel.language,
        lastBuildDate: newest?.toUTCString(),
        "atom:link": { "@href": channel.selfUrl, "@rel": "self", "@type": "application/rss+xml" },
        item: rssItems.length ? rssItems : undefined,
      },
    },
  });
}

/** An Atom text construct that readers must show as text, never as markup. */
const atomText = (text: string): XmlNode => ({ "@type": "text", "#text": text });

export function atomXml(channel: FeedChannel, items: FeedItem[]): string {
  const entries: XmlNode[] = items.map((item) => ({
    id: `urn:uuid:${item.id}`,
    title: atomText(item.title),
    link: { "@rel": "alternate", "@type": "text/html", "@href": item.url },
    published: item.published.toISOString(),
    updated: item.updated.toISOString(),
    // Atom requires an author per entry (or on the feed); a story without a byline is the site's.
    author: (item.authors.length ? item.authors : [channel.title]).map((name) => ({ name })),
    category: item.category ? { "@term": item.category } : undefined,
    summary: item.summary ? atomText(item.summary) : undefined,
    content: item.contentHtml === undefined ? undefined : { "@type": "html", "#text": item.contentHtml },
    "media:content": mediaContent(item.image),
  }));
  return xmlDocument({
    feed: {
      "@xmlns": "http://www.w3.org/2005/Atom",
      "@xmlns:media": MEDIA_RSS,
      "@xml:lang": channel.language,
      id: channel.link,
      title: atomText(channel.title),
      subtitle: atomText(channel.description),
      updated: (newestChange(items) ?? new Date(0)).toISOString(),
      link: [
        { "@rel": "alternate", "@type": "text/html", "@href": channel.link },
        { "@rel": "self", "@type": "application/atom+xml", "@href": channel.selfUrl },
      ],
      entry: entries.length ? entries : undefined,
    },
  });
}
