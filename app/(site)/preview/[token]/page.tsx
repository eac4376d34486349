import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { StoryArticle } from "@/components/site/story-article";
import { findStoryForPreview } from "@/lib/stories/public";
import { verifyPreviewToken } from "@/lib/stories/preview";
import { getActor } from "@/lib/auth/actor";
import { getSiteSettings } from "@/lib/settings/site";
import { formatApDateTime } from "@/lib/time/ap-style";

// A signed, expiring preview of an unpublished story. Never cached, never indexed (the robots meta
// here and an X-Robots-Tag header from next.config.js), and a bad or expired link is a plain 404.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Preview", robots: { index: false, follow: false } };

export default async function PreviewPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const check = verifyPreviewToken(decodeURIComponent(token));
  if (!check.ok) notFound();
  // Signed in or not: an embargoed story's preview opens only for the newsroom.
  const viewer = await getActor();
  const [story, { timeZone }] = await Promise.all([findStoryForPreview(check.storyId, viewer), getSiteSettings()]);
  if (!story) notFound();
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8">
      <p role="note" className="mb-6 rounded border-2 border-accent px-4 py-3 text-sm font-semibold">
        Preview: this is how the story will look; it may not be published yet. This link expires{" "}
        <time dateTime={check.expiresAt.toISOString()}>{formatApDateTime(check.expiresAt, timeZone)}</time>.
      </p>
      <StoryArticle story={story} timeZone={timeZone} showHistory={false} />
    </main>
  );
}
