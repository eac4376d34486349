import type { Tx } from "@/lib/db/client";
import { cacheTags } from "@/lib/cache/tags";

/**
 * The listing pages a story appears on through its tags and its staff bylines. Read it before a write
 * that may change them too, and pass it to publicTags, so the pages it leaves are expired as well as
 * the pages it joins.
 */
export async function listingTags(tx: Tx, storyId: string): Promise<string[]> {
  const tags = await tx.storyTag.findMany({ where: { storyId }, select: { tag: { select: { slug: true } } } });
  const bylines = await tx.byline.findMany({ where: { storyId, userId: { not: null } }, select: { userId: true } });
  return [...tags.map((t) => cacheTags.tag(t.tag.slug)), ...bylines.map((b) => cacheTags.author(b.userId as string))];
}

/**
 * The public pages a change to a story makes stale: the story under its old and new slugs and every
 * slug that redirects to it, the stories that list it as related, its sections, tags and authors
 * (now, and `listedBefore` the write), and the site-wide lists (front page, feeds, sitemaps, search,
 * and the corrections page, which shows headlines and links).
 */
export async function publicTags(
  tx: Tx,
  storyId: string,
  slugs: string[],
  sectionSlugs: (string | undefined)[],
  listedBefore: string[] = [],
): Promise<string[]> {
  // One round trip: it runs inside the write's transaction, whose every query delays the save.
  const rows = await tx.$queryRaw<{ kind: "story" | "tag" | "author"; value: string }[]>`
    SELECT 'story' AS kind, s.slug AS value FROM "RelatedStory" r JOIN "Story" s ON s.id = r."storyId" WHERE r."relatedId" = ${storyId}::uuid
    UNION ALL SELECT 'story', d."fromSlug" FROM "Redirect" d WHERE d."storyId" = ${storyId}::uuid
    UNION ALL SELECT 'tag', t.slug FROM "StoryTag" st JOIN "Tag" t ON t.id = st."tagId" WHERE st."storyId" = ${storyId}::uuid
    UNION ALL SELECT 'author', b."userId"::text FROM "Byline" b WHERE b."storyId" = ${storyId}::uuid AND b."userId" IS NOT NULL`;
  const tags = new Set<string>([cacheTags.frontPage, cacheTags.feeds, cacheTags.sitemaps, cacheTags.search, cacheTags.corrections]);
  for (const slug of slugs) tags.add(cacheTags.story(slug));
  for (const slug of sectionSlugs) if (slug) tags.add(cacheTags.section(slug));
  for (const tag of listedBefore) tags.add(tag);
  for (const { kind, value } of rows) tags.add(kind === "story" ? cacheTags.story(value) : kind === "tag" ? cacheTags.tag(value) : cacheTags.author(value));
  return [...tags];
}
