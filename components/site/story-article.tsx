import { StoryBody } from "@/components/site/story-body-view";
import { BylineNames, BylineTitles } from "@/components/site/bylines";
import { UpdateLog } from "@/components/site/update-log";
import { CorrectionsBox } from "@/components/site/corrections-box";
import { LiveUpdates } from "@/components/site/live-updates";
import { liveEntries } from "@/lib/updates/live-entries";
import type { PublicStory } from "@/lib/stories/public";
import { formatApDateTime } from "@/lib/time/ap-style";
import { PhotoFigure } from "@/components/site/photo";
import { PHOTO_SIZES } from "@/lib/media/picture";

/** A story as readers see it: the public page and the signed preview both draw it. */
export function StoryArticle({ story, timeZone, showHistory = true }: { story: PublicStory; timeZone: string; showHistory?: boolean }) {
  const updated = story.lastUpdatedAt !== story.firstPublishedAt;
  return (
    <>
      <article>
        <header>
          {story.section ? (
            <p className="text-sm font-semibold uppercase tracking-wide text-accent">
              <a href={`/sections/${story.section.slug}`} className="hover:underline">
                {story.section.name}
              </a>
            </p>
          ) : null}
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

        {story.lead ? (
          <div className="mt-6">
            <PhotoFigure photo={story.lead} sizes={PHOTO_SIZES.story} priority />
          </div>
        ) : null}

        {/* Drawn (and its script loaded) only while live: other story pages render nothing here. */}
        {story.live ? (
          <section aria-labelledby="live-updates-heading" className="mt-6 rounded border-2 border-accent px-4 py-3">
            <h2 id="live-updates-heading" className="text-sm font-bold uppercase tracking-wide text-accent">
              Live updates
            </h2>
            <LiveUpdates slug={story.slug} initialEntries={liveEntries(story, timeZone)} />
          </section>
        ) : null}

        {/* Under the dek and byline, outside the header: its two times are the publication and update times. */}
        <CorrectionsBox updates={story.updates} timeZone={timeZone} />

        <div className="mt-8">
          <StoryBody body={story.body} photos={story.inlinePhotos} />
        </div>

        <footer className="mt-8 space-y-4">
          <BylineTitles bylines={story.bylines} />
          {story.creditLine ? <p className="text-sm italic">{story.creditLine}</p> : null}
          {story.tags.length ? (
            <nav aria-label="Tags" className="flex flex-wrap items-baseline gap-x-3 gap-y-2 text-sm">
              <span className="font-semibold">Tags:</span>
              <ul className="flex flex-wrap gap-2">
                {story.tags.map((tag) => (
                  <li key={tag.slug}>
                    <a
                      href={`/tags/${tag.slug}`}
                      className="inline-block rounded border border-rule px-2 py-0.5 underline-offset-4 hover:border-ink hover:underline"
                    >
                      {tag.name}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </footer>

        <UpdateLog updates={story.updates} firstPublishedAt={story.firstPublishedAt} timeZone={timeZone} />
        {showHistory ? (
          <p className="mt-4 text-sm">
            <a href={`/stories/${story.slug}/history`} className="underline underline-offset-4">
              History
            </a>
            <span className="text-muted"> · every published version of this story, with what changed</span>
          </p>
        ) : null}
      </article>

      {story.related.length ? (
        <aside aria-labelledby="related-heading" className="mt-10 border-t border-rule pt-6">
          <h2 id="related-heading" className="text-sm font-bold uppercase tracking-wide">
            Related stories
          </h2>
          <ul className="mt-3 space-y-2">
            {story.related.map((related) => (
              <li key={related.slug}>
                <a href={`/stories/${related.slug}`} className="font-serif text-lg underline-offset-4 hover:underline">
                  {related.headline}
                </a>
              </li>
            ))}
          </ul>
        </aside>
      ) : null}
    </>
  );
}
