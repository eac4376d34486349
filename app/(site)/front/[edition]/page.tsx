import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SectionKicker, StoryHeadline, StoryMeta } from "@/components/site/story-list";
import { getFrontPage } from "@/lib/front-page/queries";
import type { ListedStory } from "@/lib/stories/listings";
import { getSiteSettings } from "@/lib/settings/site";
import { publicPageMetadata } from "@/lib/site/page-metadata";
import { Picture } from "@/components/site/photo";
import { PHOTO_SIZES, shareImage } from "@/lib/media/picture";

// The front page. Readers ask for "/", which next.config.js rewrites to /front/latest: as a dynamic
// segment with no params built ahead, the page is rendered on its first request and then served from
// Next's cache until a write expires the front-page tag, exactly like a story page. A plain "/" page
// would be prerendered at build time, when there is no database.
export const dynamicParams = true;
export const revalidate = false;

export function generateStaticParams(): { edition: string }[] {
  return [];
}

/** The one edition there is; any other value of the segment is not a page. */
const EDITION = "latest";

type Props = { params: Promise<{ edition: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { edition } = await params;
  const { siteName } = await getSiteSettings();
  if (edition !== EDITION) return { title: `Page not found · ${siteName}` };
  const { lead } = await getFrontPage();
  return publicPageMetadata({
    siteName,
    path: "/",
    description: lead ? `${lead.headline}, and the latest news from ${siteName}.` : undefined,
    image: (lead?.photo && shareImage(lead.photo)) ?? undefined,
  });
}

export default async function FrontPage({ params }: Props) {
  const { edition } = await params;
  if (edition !== EDITION) notFound();
  const [{ lead, top, sections }, { siteName, timeZone }] = await Promise.all([getFrontPage(), getSiteSettings()]);
  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-8">
      <h1 className="sr-only">{siteName}: front page</h1>
      {!lead ? (
        <p className="py-16 text-center font-serif text-xl text-muted">No stories have been published yet.</p>
      ) : (
        <>
          <div className="grid gap-8 lg:grid-cols-3">
            <LeadStory story={lead} timeZone={timeZone} />
            {top.length ? (
              <section aria-labelledby="top-stories-heading" className="lg:border-l lg:border-rule lg:pl-8">
                <h2 id="top-stories-heading" className="border-b-2 border-ink pb-1 text-xs font-bold uppercase tracking-[0.15em]">
                  Top stories
                </h2>
                <ul className="divide-y divide-rule">
                  {top.map((story) => (
                    <li key={story.id} className="py-4">
                      <article className="flex gap-3">
                        <div className="min-w-0 flex-1">
                          <SectionKicker section={story.section} />
                          <StoryHeadline story={story} as="h3" className="mt-1 text-lg leading-snug" />
                          <StoryMeta story={story} timeZone={timeZone} />
                        </div>
                        {story.photo ? (
                          <div className="w-20 shrink-0">
                            <Picture photo={story.photo} shape="1x1" sizes={PHOTO_SIZES.thumbnail} placeholder="color" />
                          </div>
                        ) : null}
                      </article>
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
          </div>

          {sections.length ? (
            <div className="mt-12 space-y-12">
              {sections.map(({ section, stories }) => (
                <section key={section.slug} aria-labelledby={`section-${section.slug}-heading`}>
                  <h2 id={`section-${section.slug}-heading`} className="flex items-baseline justify-between border-b-2 border-ink pb-1">
                    <a href={`/sections/${section.slug}`} className="font-serif text-2xl font-bold underline-offset-4 hover:underline">
                      {section.name}
                    </a>
                  </h2>
                  <ul className="mt-4 grid gap-x-8 gap-y-6 sm:grid-cols-2 lg:grid-cols-4">
                    {stories.map((story) => (
                      <li key={story.id} className="border-t border-rule pt-3 sm:border-t-0 sm:pt-0">
                        <article>
                          {story.photo ? (
                            <div className="mb-2">
                              <Picture photo={story.photo} shape="4x3" sizes={PHOTO_SIZES.sectionBlock} placeholder="color" />
                            </div>
                          ) : null}
                          <StoryHeadline story={story} as="h3" className="text-lg leading-snug" />
                          {story.dek ? <p className="mt-1 font-serif text-base leading-snug text-muted">{story.dek}</p> : null}
                          <StoryMeta story={story} timeZone={timeZone} />
                        </article>
                      </li>
                    ))}
                  </ul>
                  <p className="mt-4 text-sm font-semibold">
                    <a href={`/sections/${section.slug}`} className="underline underline-offset-4">
                      More in {section.name}
                    </a>
                  </p>
                </section>
              ))}
            </div>
          ) : null}
        </>
      )}
    </main>
  );
}

function LeadStory({ story, timeZone }: { story: ListedStory; timeZone: string }) {
  return (
    <article className="lg:col-span-2">
      {story.photo ? (
        <div className="mb-4">
          <Picture photo={story.photo} shape="16x9" sizes={PHOTO_SIZES.frontLead} priority />
        </div>
      ) : null}
      <SectionKicker section={story.section} />
      <StoryHeadline story={story} as="h2" className="mt-2 text-4xl leading-[1.1] sm:text-5xl" />
      {story.dek ? <p className="mt-4 max-w-prose font-serif text-xl leading-snug text-muted">{story.dek}</p> : null}
      <StoryMeta story={story} timeZone={timeZone} />
    </article>
  );
}
