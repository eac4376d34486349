import type { Metadata } from "next";
import { notFound, permanentRedirect } from "next/navigation";
import { StoryArticle } from "@/components/site/story-article";
import { getPublishedStory, getRedirectTarget } from "@/lib/stories/public";
import { getSiteSettings } from "@/lib/settings/site";
import { getActiveNewsletters } from "@/lib/newsletters/lists";
import { NewsletterSignup } from "@/components/site/newsletter-signup";
import { serializeJsonLd, storyJsonLd } from "@/lib/stories/structured-data";
import { siteOrigin } from "@/lib/env";
import { absoluteUrl, publicPageMetadata } from "@/lib/site/page-metadata";
import { shareImage } from "@/lib/media/picture";

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
  return publicPageMetadata({
    siteName,
    title: story.headline,
    description: story.dek,
    path: `/stories/${story.slug}`,
    image: (story.lead && shareImage(story.lead)) ?? undefined,
    feeds: story.section ? [{ title: `${siteName}: ${story.section.name}`, path: `/sections/${story.section.slug}/feed.xml` }] : [],
    article: {
      publishedTime: story.firstPublishedAt,
      modifiedTime: story.lastUpdatedAt,
      section: story.section?.name,
      authors: story.bylines.map((b) => (b.authorSlug ? absoluteUrl(`/authors/${b.authorSlug}`) : b.name)),
      tags: story.tags.map((t) => t.name),
    },
  });
}

export default async function StoryPage({ params }: Props) {
  const { slug } = await params;
  const [story, { timeZone, siteName }, newsletters] = await Promise.all([getPublishedStory(slug), getSiteSettings(), getActiveNewsletters()]);
  if (!story) {
    // An old slug of a renamed story: one permanent hop to where it lives now, however many renames ago.
    const target = await getRedirectTarget(slug);
    if (target) permanentRedirect(`/stories/${target}`);
    notFound();
  }
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8">
      <script
        type="application/ld+json"
        // A data block, never executed; serializeJsonLd escapes anything that could close the element.
        dangerouslySetInnerHTML={{ __html: serializeJsonLd(storyJsonLd(story, { name: siteName, origin: siteOrigin() }, { live: story.live })) }}
      />
      <StoryArticle story={story} timeZone={timeZone} />
      <aside aria-label="Newsletters" className="mx-auto mt-12 max-w-2xl border-t border-rule pt-6">
        <NewsletterSignup newsletters={newsletters} idPrefix="story-end" heading={`Get ${siteName} in your inbox`} />
      </aside>
    </main>
  );
}
