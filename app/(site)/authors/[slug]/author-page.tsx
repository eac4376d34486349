import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ListingView } from "@/components/site/listing-view";
import { listingPagePath } from "@/components/site/pagination";
import { getAuthorListing, type AuthorProfile } from "@/lib/stories/listings";
import { getSiteSettings } from "@/lib/settings/site";
import { absoluteUrl, publicPageMetadata } from "@/lib/site/page-metadata";
import { serializeJsonLd } from "@/lib/stories/structured-data";

// A staff writer's pages: /authors/<slug> is page 1 (with their title and bio), /authors/<slug>/page/<n>
// the others, cached under the author's tag.

function titleCase(title: string): string {
  return title ? title[0].toUpperCase() + title.slice(1) : "";
}

function authorDescription(author: AuthorProfile, siteName: string): string {
  return author.bio || `${author.name}${author.title ? `, ${author.title}` : ""}, writes for ${siteName}.`;
}

export async function authorMetadata(slug: string, page: number): Promise<Metadata> {
  const [listing, { siteName }] = await Promise.all([getAuthorListing(slug, page), getSiteSettings()]);
  if (!listing) return { title: `Page not found · ${siteName}` };
  const { author } = listing;
  return publicPageMetadata({
    siteName,
    title: page > 1 ? `${author.name}, page ${page}` : author.name,
    description: authorDescription(author, siteName),
    path: listingPagePath(`/authors/${author.slug}`, page),
    feeds: [{ title: `${siteName}: ${author.name}`, path: `/authors/${author.slug}/feed.xml` }],
  });
}

export async function AuthorPage({ slug, page }: { slug: string; page: number }) {
  const [listing, { timeZone, siteName }] = await Promise.all([getAuthorListing(slug, page), getSiteSettings()]);
  if (!listing) notFound();
  const { author } = listing;
  const url = absoluteUrl(`/authors/${author.slug}`);
  const person = {
    "@context": "https://schema.org",
    "@type": "ProfilePage",
    url,
    mainEntity: {
      "@type": "Person",
      name: author.name,
      url,
      ...(author.title ? { jobTitle: author.title } : {}),
      ...(author.bio ? { description: author.bio } : {}),
      worksFor: { "@type": "NewsMediaOrganization", name: siteName, url: absoluteUrl("/") },
    },
  };
  return (
    <>
      {/* A data block, never executed; serializeJsonLd escapes anything that could close the element. */}
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: serializeJsonLd(person) }} />
      <ListingView
        kicker={author.title ? titleCase(author.title) : "Staff"}
        title={author.name}
        intro={page === 1 && author.bio ? <p className="mt-4 max-w-prose font-serif text-lg leading-relaxed">{author.bio}</p> : null}
        listing={listing}
        basePath={`/authors/${author.slug}`}
        timeZone={timeZone}
      />
    </>
  );
}
