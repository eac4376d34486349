import type { Db, Tx } from "@/lib/db/client";
import { publiclyVisible } from "@/lib/stories/visibility";
import { listingTags, publicTags } from "@/lib/stories/public-tags";

/** The publicly visible stories that use a photo (as lead or in the body), by the one visibility rule. */
export async function publicStoriesUsing(client: Db | Tx, mediaId: string) {
  return client.story.findMany({
    where: await publiclyVisible({ OR: [{ media: { some: { mediaId } } }, { leadMediaId: mediaId }] }),
    select: { id: true, slug: true, section: { select: { slug: true } } },
  });
}

/**
 * The public pages a change to a photo makes stale: every page of every public story that shows it
 * (the story, its listings, the front page, feeds). None when no public story uses it.
 */
export async function publicTagsOfMedia(tx: Tx, mediaId: string): Promise<string[]> {
  const tags = new Set<string>();
  for (const story of await publicStoriesUsing(tx, mediaId)) {
    for (const tag of await publicTags(tx, story.id, [story.slug], [story.section?.slug], await listingTags(tx, story.id))) tags.add(tag);
  }
  return [...tags];
}
