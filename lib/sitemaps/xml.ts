import { xmlDocument, type XmlNode } from "@/lib/xml/document";

// Sitemap documents (sitemaps.org 0.9, and Google's news extension); lib/xml/document.ts does the
// escaping, so a headline with & < > " ' or a stray control character still makes a valid document.
// Pure, for tests.

export const SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9";
export const NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9";

export type SitemapEntry = { loc: string; lastmod?: Date | null };
export type NewsEntry = { loc: string; title: string; publishedAt: Date };

/** W3C datetime to the second, in UTC: what lastmod and news:publication_date take. */
export const w3cDate = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

const entry = (e: SitemapEntry): XmlNode => ({ loc: e.loc, lastmod: e.lastmod ? w3cDate(e.lastmod) : undefined });

export function sitemapIndexXml(sitemaps: SitemapEntry[]): string {
  return xmlDocument({ sitemapindex: { "@xmlns": SITEMAP_NS, sitemap: sitemaps.map(entry) } });
}

export function urlsetXml(urls: SitemapEntry[]): string {
  return xmlDocument({ urlset: { "@xmlns": SITEMAP_NS, url: urls.length ? urls.map(entry) : undefined } });
}

export function newsSitemapXml(entries: NewsEntry[], publication: { name: string; language: string }): string {
  const url = entries.map((e) => ({
    loc: e.loc,
    "news:news": {
      "news:publication": { "news:name": publication.name, "news:language": publication.language },
      "news:publication_date": w3cDate(e.publishedAt),
      "news:title": e.title,
    },
  }));
  return xmlDocument({ urlset: { "@xmlns": SITEMAP_NS, "@xmlns:news": NEWS_NS, url: url.length ? url : undefined } });
}
