import Link from "next/link";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { StoryBody } from "@/components/site/story-body";
import { BylineNames, BylineTitles } from "@/components/site/bylines";
import { UpdateLog } from "@/components/site/update-log";
import { getPublishedStory } from "@/lib/stories/public";
import { getSiteSettings } from "@/lib/settings/site";
import { formatApDateTime } from "@/lib/time/ap-style";

// Rendered on first request and then served from Next's cache until a write expires its tags
// (lib/cache/tags.ts); nothing is rendered at build time, so a build needs no database.
export const dynamicParams = true;
export const revalidate = false;

export function generateStaticParams(): { slug: string }[] {
  return [];
}

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const [story, { siteName }] = await Promise.all([getPublishedStory(slug), getSiteSettings()]);
  if (!story) return { title: `Page not found · ${siteName}` };
  return {
    title: `${story.headline} · ${siteName}`,
    description: story.dek || undefined,
    alternates: { canonical: `/stories/${story.slug}` },
  };
}

export default async function StoryPage({ params }: Props) {
  const { slug } = await params;
  const [story, { timeZone }] = await Promise.all([getPublishedStory(slug), getSiteSettings()]);
  if (!story) notFound();
  const updated = story.lastUpdatedAt !== story.firstPublishedAt;

  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8">
      <article>
        <header>
          {story.section ? <p className="text-sm font-semibold uppercase tracking-wide text-accent">{story.section.name}</p> : null}
          <h1 className="mt-2 font-serif text-4xl font-bold leading-tight sm:text-5xl">{story.headline}</h1>
          {story.dek ? <p className="mt-4 font-serif text-xl text-muted">{story.dek}</p> : null}
          <div className="mt-6 space-y-1 border-y border-rule py-3">
            {story.bylines.length ? <BylineNames bylines={story.bylines} /> : null}
            <p className="text-sm text-muted">
              Published <time dateTime={story.firstPublishedAt}>{formatApDateTime(new Date(story.firstPublishedAt), timeZone)}</time>
              {updated ? (
                <>
                  {" · "}Updated <time dateTime={story.lastUpdatedAt}>{formatApDateTime(new Date(story.lastUpdatedAt), timeZone)}</time>
                </>
              ) : null}
            </p>
          </div>
        </header>

        <div className="mt-8">
          <StoryBody body={story.body} />
        </div>

        <footer className="mt-8 space-y-4">
          <BylineTitles bylines={story.bylines} />
          {story.creditLine ? <p className="text-sm italic">{story.creditLine}</p> : null}
        </footer>

        <UpdateLog updates={story.updates} firstPublishedAt={story.firstPublishedAt} timeZone={timeZone} />
      </article>

      {story.related.length ? (
        <aside aria-labelledby="related-heading" className="mt-10 border-t border-rule pt-6">
          <h2 id="related-heading" className="text-sm font-bold uppercase tracking-wide">
            Related stories
          </h2>
          <ul className="mt-3 space-y-2">
            {story.related.map((related) => (
              <li key={related.slug}>
                <Link href={`/stories/${related.slug}`} className="font-serif text-lg underline-offset-4 hover:underline">
                  {related.headline}
                </Link>
              </li>
            ))}
          </ul>
        </aside>
      ) : null}
    </main>
  );
}
