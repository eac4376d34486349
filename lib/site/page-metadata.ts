import "server-only";
import type { Metadata } from "next";
import { siteOrigin } from "@/lib/env";

// One shape of metadata for every public page, so that none goes without its canonical address,
// sharing cards or feeds. Addresses are absolute (from the site's public origin): a canonical or
// og:url that is relative is ignored by some crawlers and by every chat app's link preview.

export type PageMetadataInput = {
  siteName: string;
  /** The page's own title, without the site name ("Metro", "Sam Okafor"); omit for the front page. */
  title?: string;
  description?: string;
  /** The page's path ("/sections/metro"); its canonical address. */
  path: string;
  /** Feeds of this page's stories, besides the site-wide one. */
  feeds?: { title: string; path: string }[];
  article?: { publishedTime: string; modifiedTime: string; section?: string; authors: string[]; tags: string[] };
  /** The share card's picture (the 1.91:1 crop at 1200x630), with its alt text. */
  image?: { path: string; width: number; height: number; alt: string };
};

export function absoluteUrl(path: string): string {
  return new URL(path, siteOrigin()).toString();
}

export function publicPageMetadata(input: PageMetadataInput): Metadata {
  const url = absoluteUrl(input.path);
  const title = input.title ? `${input.title} · ${input.siteName}` : input.siteName;
  const shareTitle = input.title ?? input.siteName;
  const feeds = [{ title: input.siteName, path: "/feed.xml" }, ...(input.feeds ?? [])];
  const image = input.image && { url: absoluteUrl(input.image.path), width: input.image.width, height: input.image.height, alt: input.image.alt };
  return {
    title,
    description: input.description || undefined,
    // Search engines may show our photos large in results (they are ours to show, and credited).
    robots: { "max-image-preview": "large" },
    alternates: {
      canonical: url,
      types: { "application/rss+xml": feeds.map((f) => ({ title: f.title, url: absoluteUrl(f.path) })) },
    },
    openGraph: {
      siteName: input.siteName,
      title: shareTitle,
      description: input.description || undefined,
      url,
      locale: "en_US",
      ...(image ? { images: [image] } : {}),
      ...(input.article
        ? {
            type: "article",
            publishedTime: input.article.publishedTime,
            modifiedTime: input.article.modifiedTime,
            section: input.article.section,
            authors: input.article.authors,
            tags: input.article.tags,
          }
        : { type: "website" }),
    },
    twitter: image
      ? { card: "summary_large_image", title: shareTitle, description: input.description || undefined, images: [{ url: image.url, alt: image.alt }] }
      : { card: "summary", title: shareTitle, description: input.description || undefined },
  };
}
