import Link from "next/link";
import type { Metadata } from "next";
import { getFrontPageStories } from "@/lib/stories/public";
import { getSiteSettings } from "@/lib/settings/site";
import { formatApDate } from "@/lib/time/ap-style";

// Rendered per request from cached data: a build must not need the database.
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { siteName } = await getSiteSettings();
  return { title: siteName };
}

export default async function FrontPage() {
  const [stories, { siteName, timeZone }] = await Promise.all([getFrontPageStories(), getSiteSettings()]);
  const [lead, ...rest] = stories;
  return (
    <main id="main" className="mx-auto max-w-5xl px-4 py-8">
      <h1 className="sr-only">{siteName}</h1>
      {!lead ? (
        <p className="text-muted">No stories have been published yet.</p>
      ) : (
        <>
          <article className="border-b border-rule pb-8">
            {lead.section ? <p className="text-sm font-semibold uppercase text-accent">{lead.section.name}</p> : null}
            <h2 className="mt-1 font-serif text-4xl font-bold leading-tight">
              <Link href={`/stories/${lead.slug}`} className="hover:underline">
                {lead.headline}
              </Link>
            </h2>
            {lead.dek ? <p className="mt-3 max-w-prose font-serif text-xl text-muted">{lead.dek}</p> : null}
            <p className="mt-3 text-sm text-muted">
              {lead.bylines.length ? `By ${lead.bylines.join(" and ")} · ` : ""}
              <time dateTime={lead.firstPublishedAt}>{formatApDate(new Date(lead.firstPublishedAt), timeZone)}</time>
            </p>
          </article>
          <ul className="mt-6 grid gap-6 sm:grid-cols-2">
            {rest.map((story) => (
              <li key={story.slug} className="border-b border-rule pb-4">
                {story.section ? <p className="text-xs font-semibold uppercase text-accent">{story.section.name}</p> : null}
                <h2 className="mt-1 font-serif text-xl font-bold leading-snug">
                  <Link href={`/stories/${story.slug}`} className="hover:underline">
                    {story.headline}
                  </Link>
                </h2>
                <p className="mt-1 text-sm text-muted">
                  <time dateTime={story.firstPublishedAt}>{formatApDate(new Date(story.firstPublishedAt), timeZone)}</time>
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}
