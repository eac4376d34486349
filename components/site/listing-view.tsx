import type { ReactNode } from "react";
import { Pagination } from "@/components/site/pagination";
import { StoryList } from "@/components/site/story-list";
import type { ListingPage } from "@/lib/stories/listings";

/** A section, tag or author page: its heading, what it is, its stories and the links between pages. */
export function ListingView({
  kicker,
  title,
  intro,
  listing,
  basePath,
  timeZone,
  showSection = true,
}: {
  kicker: string;
  title: string;
  intro?: ReactNode;
  listing: ListingPage;
  basePath: string;
  timeZone: string;
  showSection?: boolean;
}) {
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8">
      <header className="mb-8">
        <p className="text-xs font-semibold uppercase tracking-[0.15em] text-accent">{kicker}</p>
        <h1 className="mt-1 font-serif text-4xl font-bold leading-tight sm:text-5xl">
          {title}
          {listing.page > 1 ? <span className="block pt-2 font-sans text-base font-normal text-muted">Page {listing.page}</span> : null}
        </h1>
        {intro}
      </header>
      {listing.stories.length ? (
        <StoryList stories={listing.stories} timeZone={timeZone} showSection={showSection} />
      ) : (
        <p className="border-y border-rule py-8 text-muted">No stories have been published here yet.</p>
      )}
      <Pagination basePath={basePath} page={listing.page} hasOlder={listing.hasOlder} />
    </main>
  );
}
