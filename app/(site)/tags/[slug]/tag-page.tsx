import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ListingView } from "@/components/site/listing-view";
import { listingPagePath } from "@/components/site/pagination";
import { getTagListing } from "@/lib/stories/listings";
import { getSiteSettings } from "@/lib/settings/site";
import { publicPageMetadata } from "@/lib/site/page-metadata";

// A tag's pages: /tags/<slug> is page 1, /tags/<slug>/page/<n> the others, cached under the tag's tag.

export async function tagMetadata(slug: string, page: number): Promise<Metadata> {
  const [listing, { siteName }] = await Promise.all([getTagListing(slug, page), getSiteSettings()]);
  if (!listing) return { title: `Page not found · ${siteName}` };
  const name = listing.tag.name;
  return publicPageMetadata({
    siteName,
    title: page > 1 ? `${name}, page ${page}` : name,
    description: `Stories about ${name} from ${siteName}.`,
    path: listingPagePath(`/tags/${slug}`, page),
  });
}

export async function TagPage({ slug, page }: { slug: string; page: number }) {
  const [listing, { timeZone }] = await Promise.all([getTagListing(slug, page), getSiteSettings()]);
  if (!listing) notFound();
  return (
    <ListingView
      kicker="Tag"
      title={listing.tag.name}
      intro={<p className="mt-3 text-muted">Stories tagged {listing.tag.name}, newest first.</p>}
      listing={listing}
      basePath={`/tags/${slug}`}
      timeZone={timeZone}
    />
  );
}
