import { JoinedNames } from "@/components/site/byline-names";
import type { ListedStory } from "@/lib/stories/listings";
import { formatApDate } from "@/lib/time/ap-style";
import { Picture } from "@/components/site/photo";
import { PHOTO_SIZES } from "@/lib/media/picture";

type HeadingLevel = "h2" | "h3";

/** The line under a headline in a list: "By Sam Okafor · Dec. 13, 2026". */
export function StoryMeta({ story, timeZone }: { story: ListedStory; timeZone: string }) {
  return (
    <p className="mt-2 text-sm text-muted">
      {story.bylines.length ? (
        <>
          By <JoinedNames names={story.bylines} />
          <span aria-hidden="true"> · </span>
        </>
      ) : null}
      <time dateTime={story.firstPublishedAt}>{formatApDate(new Date(story.firstPublishedAt), timeZone)}</time>
    </p>
  );
}

/** A section's name above a headline, linked to its page. */
export function SectionKicker({ section }: { section: ListedStory["section"] }) {
  if (!section) return null;
  return (
    <p className="text-xs font-semibold uppercase tracking-[0.12em] text-accent">
      {/* At least 24 px tall, the smallest target WCAG 2.2 allows. */}
      <a href={`/sections/${section.slug}`} className="inline-flex min-h-6 items-center hover:underline">
        {section.name}
      </a>
    </p>
  );
}

export function StoryHeadline({ story, as: Heading, className }: { story: ListedStory; as: HeadingLevel; className: string }) {
  return (
    <Heading className={`font-serif font-semibold text-balance ${className}`}>
      <a href={`/stories/${story.slug}`} className="underline-offset-4 hover:underline">
        {story.headline}
      </a>
    </Heading>
  );
}

/** A listing page's stories, each with its section, dek, byline and date. */
export function StoryList({
  stories,
  timeZone,
  headingLevel = "h2",
  showSection = true,
}: {
  stories: ListedStory[];
  timeZone: string;
  headingLevel?: HeadingLevel;
  showSection?: boolean;
}) {
  return (
    <ol className="divide-y divide-rule border-y border-rule">
      {stories.map((story) => (
        <li key={story.id} className="py-5">
          <article className="flex gap-4">
            <div className="min-w-0 flex-1">
              {showSection ? <SectionKicker section={story.section} /> : null}
              <StoryHeadline story={story} as={headingLevel} className="mt-1 text-2xl leading-tight" />
              {story.dek ? <p className="mt-2 max-w-prose font-serif text-lg leading-snug text-muted">{story.dek}</p> : null}
              <StoryMeta story={story} timeZone={timeZone} />
            </div>
            <StoryThumbnail story={story} />
          </article>
        </li>
      ))}
    </ol>
  );
}

/** A listed story's lead photo beside its headline, at 4:3 (w-28, sm:w-44: PHOTO_SIZES.listing). */
export function StoryThumbnail({ story }: { story: ListedStory }) {
  if (!story.photo) return null;
  return (
    <div className="w-28 shrink-0 sm:w-44">
      <Picture photo={story.photo} shape="4x3" sizes={PHOTO_SIZES.listing} placeholder="color" />
    </div>
  );
}
