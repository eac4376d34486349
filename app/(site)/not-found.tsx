import { NotFoundHelp } from "@/components/site/not-found-help";
import { StoryList } from "@/components/site/story-list";
import { getLatestListed } from "@/lib/stories/listings";
import { getSiteSettings } from "@/lib/settings/site";

// Drawn when a public page calls notFound() (an unknown story, section, tag, author or page number)
// and for unknown addresses (the catch-all route beside this file): always at request time, inside the
// site's layout, so it may read the (cached) latest stories. The root app/not-found.tsx, which is
// built ahead without a database, covers everything else.
export default async function SiteNotFound() {
  const [latest, { timeZone }] = await Promise.all([getLatestListed(), getSiteSettings()]);
  return (
    <NotFoundHelp>
      {latest.length ? (
        <section aria-labelledby="latest-heading" className="mt-12">
          <h2 id="latest-heading" className="border-b-2 border-ink pb-1 text-xs font-bold uppercase tracking-[0.15em]">
            Latest stories
          </h2>
          <StoryList stories={latest} timeZone={timeZone} headingLevel="h3" />
        </section>
      ) : null}
    </NotFoundHelp>
  );
}
