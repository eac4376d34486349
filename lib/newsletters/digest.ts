import "server-only";
import { db } from "@/lib/db";
import { siteOrigin } from "@/lib/env";
import { frontPageSlots } from "@/lib/front-page/queries";
import { publiclyVisible } from "@/lib/stories/visibility";

// What a digest or alert is made of: stories as readers see them. Every story read for an email goes
// through the one visibility rule (publiclyVisible), both when a digest is drafted and again when it
// is queued, so that an unpublished or embargoed story never reaches an inbox.

/** One story in an email. `image` is the seam for the lead photo's crop, once stories carry photos. */
export type DigestItem = {
  storyId: string;
  headline: string;
  dek: string;
  url: string;
  image?: { src: string; alt: string; width: number; height: number };
};

/** The stories a morning digest starts from: the front page's lead and top stories as readers see them, pins included. */
async function frontPageStoryIds(): Promise<string[]> {
  const front = await frontPageSlots();
  return [front.lead, ...front.top].filter((story) => story !== null).map((story) => story.id);
}

export function storyUrl(slug: string): string {
  return `${siteOrigin()}/stories/${slug}`;
}

/** The given stories as digest items, in the given order, leaving out any readers may not see (now). */
export async function digestItemsFor(storyIds: string[]): Promise<DigestItem[]> {
  if (storyIds.length === 0) return [];
  const rows = await db().story.findMany({
    where: await publiclyVisible({ id: { in: storyIds } }),
    select: { id: true, slug: true, headline: true, dek: true },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return storyIds.flatMap((id) => {
    const row = byId.get(id);
    return row ? [{ storyId: row.id, headline: row.headline, dek: row.dek, url: storyUrl(row.slug) }] : [];
  });
}

/** A fresh digest's items, from the front page as readers see it now. */
export async function frontPageDigestItems(): Promise<DigestItem[]> {
  return digestItemsFor(await frontPageStoryIds());
}

/** Items stored on an issue (JSON), read defensively: only the fields an email uses. */
export function readItems(value: unknown): DigestItem[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    if (!item || typeof item !== "object") return [];
    const { storyId, headline, dek, url } = item as Record<string, unknown>;
    if (typeof storyId !== "string" || typeof headline !== "string" || typeof url !== "string") return [];
    return [{ storyId, headline, dek: typeof dek === "string" ? dek : "", url }];
  });
}
