import type { Tx } from "@/lib/db/client";
import { cacheTags } from "@/lib/cache/tags";

/**
 * The public pages a change to a story makes stale: the story under its old and new slugs and every
 * slug that redirects to it, the stories that list it as related, its sections, and the site-wide
 * lists (front page, feeds, sitemaps, and the corrections page, which shows headlines and links).
 */
export async function publicTags(tx: Tx, storyId: string, slugs: string[], sectionSlugs: (string | undefined)[]): Promise<string[]> {
  // One after the other: a transaction is one connection, which runs one query at a time anyway.
  const linking = await tx.relatedStory.findMany({ where: { relatedId: storyId }, select: { story: { select: { slug: true } } } });
  const redirects = await tx.redirect.findMany({ where: { storyId }, select: { fromSlug: true } });
  const tags = new Set<string>([cacheTags.frontPage, cacheTags.feeds, cacheTags.sitemaps, cacheTags.corrections]);
  for (const slug of [...slugs, ...redirects.map((r) => r.fromSlug), ...linking.map((l) => l.story.slug)]) tags.add(cacheTags.story(slug));
  for (const slug of sectionSlugs) if (slug) tags.add(cacheTags.section(slug));
  return [...tags];
}
