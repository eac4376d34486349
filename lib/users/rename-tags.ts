import type { Tx } from "@/lib/db/client";
import { cacheTags } from "@/lib/cache/tags";
import { publiclyVisible } from "@/lib/stories/visibility";

/**
 * The cached reader documents that print a staff member's name, to expire when it changes: search
 * results (bylines), every feed (dc:creator, and their author feed's title), their author page, and
 * wherever their published stories are shown or listed (each story, its section and tag pages, and
 * the front page). The search text itself follows the rename on its own: a database trigger on "User"
 * refreshes Story.bylineText and so the search vector (see the search migration).
 */
export async function staffRenameTags(tx: Tx, userId: string): Promise<string[]> {
  const bylines = await tx.byline.findMany({
    where: { userId, story: await publiclyVisible(undefined, tx) },
    select: { story: { select: { slug: true, section: { select: { slug: true } }, tags: { select: { tag: { select: { slug: true } } } } } } },
  });
  const tags = new Set<string>([cacheTags.search, cacheTags.feeds, cacheTags.author(userId), ...(bylines.length ? [cacheTags.frontPage] : [])]);
  for (const { story } of bylines) {
    tags.add(cacheTags.story(story.slug));
    if (story.section) tags.add(cacheTags.section(story.section.slug));
    for (const { tag } of story.tags) tags.add(cacheTags.tag(tag.slug));
  }
  return [...tags];
}
