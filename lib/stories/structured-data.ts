import type { PublicStory } from "@/lib/stories/public";
import { jpegAtLeast, type PhotoShape } from "@/lib/media/picture";
import { mediaUrl } from "@/lib/media/urls";
import type { PublicPhoto } from "@/lib/media/story-photos";

// schema.org structured data for a story page, built from the same data the page shows: the
// authors are the bylines, dateModified is the honest "Updated" time, and every correction and
// clarification readers see is a CorrectionComment. Pure, so the page and the tests share it.

const CORRECTION_KINDS = new Set(["CORRECTION", "CLARIFICATION"]);

// Google's article guidance: several aspect ratios (16:9, 4:3, 1:1), each at least 1200 px wide.
const JSON_LD_SHAPES: PhotoShape[] = ["16x9", "4x3", "1x1"];

/** The lead photo as ImageObjects, one per crop, with its credit, photographer and copyright. */
export function photoImageObjects(photo: PublicPhoto, origin: string) {
  return JSON_LD_SHAPES.flatMap((shape) => {
    const file = jpegAtLeast(photo.renditions, shape, 1200);
    if (!file) return [];
    // Absolute, whether the files are ours or a CDN's.
    const url = new URL(mediaUrl(file.file), origin).toString();
    return [
      {
        "@type": "ImageObject",
        url,
        contentUrl: url,
        width: file.width,
        height: file.height,
        ...(photo.caption ? { caption: photo.caption } : {}),
        ...(photo.credit ? { creditText: photo.credit } : {}),
        ...(photo.photographer ? { creator: { "@type": "Person", name: photo.photographer } } : {}),
        ...(photo.copyrightNotice ? { copyrightNotice: photo.copyrightNotice } : {}),
      },
    ];
  });
}

export function storyJsonLd(story: PublicStory, site: { name: string; origin: string }, options: { live?: boolean } = {}) {
  const url = `${site.origin}/stories/${story.slug}`;
  return {
    "@context": "https://schema.org",
    "@type": options.live ? "LiveBlogPosting" : "NewsArticle",
    headline: story.headline,
    ...(story.dek ? { description: story.dek } : {}),
    url,
    mainEntityOfPage: { "@type": "WebPage", "@id": url },
    datePublished: story.firstPublishedAt,
    dateModified: story.lastUpdatedAt,
    ...(story.section ? { articleSection: story.section.name } : {}),
    // Staff writers point at their author page; outside contributors have none.
    author: story.bylines.map((b) => ({
      "@type": "Person",
      name: b.name,
      ...(b.title ? { jobTitle: b.title } : {}),
      ...(b.authorSlug ? { url: `${site.origin}/authors/${b.authorSlug}` } : {}),
    })),
    publisher: { "@type": "NewsMediaOrganization", name: site.name, url: site.origin },
    ...(story.creditLine ? { creditText: story.creditLine } : {}),
    ...(story.lead ? { image: photoImageObjects(story.lead, site.origin) } : {}),
    correction: story.updates
      .filter((u) => CORRECTION_KINDS.has(u.kind) && !u.withdrawn)
      .map((u) => ({ "@type": "CorrectionComment", text: u.note, datePublished: u.occurredAt })),
    ...(options.live
      ? {
          coverageStartTime: story.firstPublishedAt,
          liveBlogUpdate: story.updates
            .filter((u) => !u.withdrawn)
            .map((u) => ({ "@type": "BlogPosting", headline: u.note.slice(0, 110), articleBody: u.note, datePublished: u.occurredAt })),
        }
      : {}),
  };
}

/**
 * JSON for a <script type="application/ld+json"> element. Characters that could end the element or
 * open markup are written as JSON escapes, so no headline or note can break out of it.
 */
export function serializeJsonLd(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
