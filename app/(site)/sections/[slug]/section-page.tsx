import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ListingView } from "@/components/site/listing-view";
import { listingPagePath } from "@/components/site/pagination";
import { StoryHeadline, StoryMeta } from "@/components/site/story-list";
import { getSectionListing } from "@/lib/stories/listings";
import { getSiteSettings } from "@/lib/settings/site";
import { publicPageMetadata } from "@/lib/site/page-metadata";

// A section's pages: /sections/<slug> is page 1, /sections/<slug>/page/<n> the others. Both routes
// draw this; each is rendered on first request and cached under the section's tag.

export async function sectionMetadata(slug: string, page: number): Promise<Metadata> {
  const [listing, { siteName }] = await Promise.all([getSectionListing(slug, page), getSiteSettings()]);
  if (!listing) return { title: `Page not found · ${siteName}` };
  const name = listing.section.name;
  return publicPageMetadata({
    siteName,
    title: page > 1 ? `${name}, page ${page}` : name,
    description: `The latest ${name} news from ${siteName}.`,
    path: listingPagePath(`/sections/${slug}`, page),
    feeds: [{ title: `${siteName}: ${name}`, path: `/sections/${slug}/feed.xml` }],
  });
}

export async function SectionPage({ slug, page }: { slug: string; page: number }) {
  const [listing, { timeZone }] = await Promise.all([getSectionListing(slug, page), getSiteSettings()]);
  if (!listing) notFound();
  const top = listing.topStory;
  // An editor's pinned top story leads the first page; without one the page leads with its newest.
  const intro = top ? (
    <article aria-labelledby="top-story-heading" className="mt-6 border-b-2 border-ink pb-6">
      <h2 id="top-story-heading" className="text-xs font-bold uppercase tracking-[0.15em] text-accent">
        Top story
      </h2>
      <StoryHeadline story={top} as="h3" className="mt-2 text-3xl leading-tight" />
      {top.dek ? <p className="mt-2 font-serif text-lg leading-snug text-muted">{top.dek}</p> : null}
      <StoryMeta story={top} timeZone={timeZone} />
    </article>
  ) : undefined;
  return (
    <ListingView
      kicker="Section"
      title={listing.section.name}
      intro={intro}
      listing={listing}
      basePath={`/sections/${slug}`}
      timeZone={timeZone}
      showSection={false}
    />
  );
}
