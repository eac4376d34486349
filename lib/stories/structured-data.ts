import type { PublicStory } from "@/lib/stories/public";

// schema.org structured data for a story page, built from the same data the page shows: the
// authors are the bylines, dateModified is the honest "Updated" time, and every correction and
// clarification readers see is a CorrectionComment. Pure, so the page and the tests share it.

const CORRECTION_KINDS = new Set(["CORRECTION", "CLARIFICATION"]);

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
