import "server-only";
import { unstable_cache } from "next/cache";
import { db } from "@/lib/db";
import { cacheTags } from "@/lib/cache/tags";
import { SECTION_ORDER } from "@/lib/sections/queries";
import { publiclyVisible } from "@/lib/stories/visibility";
import { isSlugShaped } from "@/lib/slugs";
import { activeSectionTopPin } from "@/lib/front-page/pins";
import type { Prisma } from "@/lib/generated/prisma/client";
import { LEAD_FIELDS_SELECT, leadPhotosOf, type PublicPhoto } from "@/lib/media/story-photos";

// The reader's lists of stories: the front page, section, tag and author pages, and the latest
// stories on the not-found page. Like lib/stories/public.ts, every query here reads only stories
// readers may see (lib/stories/visibility.ts), and results are cached by Next under the tags that writes expire.
//
// Listings are newest first by first publication, ties broken by id so that a page boundary never
// shows a story twice or skips one. They page by offset over the (status, firstPublishedAt) indexes:
// page numbers are part of stable URLs (/sections/metro/page/3), and a page is rendered only on a
// cache miss, so the offset's cost is paid once per page per change. EXPLAIN ANALYZE on 100,000
// stories: a first page of a section, tag or author is an index scan under a millisecond; page 500
// of a tag that 20,000 stories carry is a hash join of about 140 ms.

/** Stories on one listing page. */
export const LISTING_PAGE_SIZE = 20;
export { SECTION_BLOCK_SIZE, TOP_STORY_COUNT } from "@/lib/front-page/slots";

export type ListedByline = { name: string; authorSlug: string | null };

export type ListedStory = {
  id: string;
  slug: string;
  headline: string;
  dek: string;
  section: { slug: string; name: string } | null;
  bylines: ListedByline[];
  firstPublishedAt: string;
  /** The lead photo's crops for lists (4:3 and 1:1; 16:9 for the front page's lead), or null. */
  photo: PublicPhoto | null;
};

/** The crops a list draws: the front page's lead at 16:9, top stories square, the rest at 4:3. */
export const LISTED_SHAPES = ["16x9", "4x3", "1x1"];

export type ListingPage = {
  stories: ListedStory[];
  page: number;
  /** There is a next (older) page. */
  hasOlder: boolean;
};

export const LISTING_ORDER = [{ firstPublishedAt: "desc" }, { id: "asc" }] satisfies Prisma.StoryOrderByWithRelationInput[];

export const LISTED_SELECT = {
  id: true,
  slug: true,
  headline: true,
  dek: true,
  firstPublishedAt: true,
  section: { select: { slug: true, name: true } },
  bylines: { orderBy: { position: "asc" }, select: { name: true, user: { select: { name: true, slug: true } } } },
  ...LEAD_FIELDS_SELECT,
} satisfies Prisma.StorySelect;

export type ListedRow = Prisma.StoryGetPayload<{ select: typeof LISTED_SELECT }>;

/** Rows as listed stories, with their lead photos (one query for all of them). */
export async function toListedAll(rows: ListedRow[]): Promise<ListedStory[]> {
  const photos = await leadPhotosOf(db(), rows, LISTED_SHAPES);
  return rows.map((row, index) => ({ ...toListed(row), photo: photos[index] }));
}

export function toListed(row: ListedRow): Omit<ListedStory, "photo"> {
  return {
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    dek: row.dek,
    section: row.section,
    bylines: row.bylines.map((b) => ({ name: b.user?.name ?? b.name ?? "", authorSlug: b.user?.slug ?? null })),
    firstPublishedAt: (row.firstPublishedAt as Date).toISOString(),
  };
}

/**
 * One page of the published stories matching `where`, or null when `page` is past the last page (the
 * first page always exists, empty or not). No count: an exact count of a big tag or section costs a
 * scan of every story in it at each render, and readers need only "Newer" and "Older".
 */
async function findListingPage(where: Prisma.StoryWhereInput, page: number): Promise<ListingPage | null> {
  if (!Number.isSafeInteger(page) || page < 1) return null;
  const rows = await db().story.findMany({
    where: await publiclyVisible(where),
    orderBy: LISTING_ORDER,
    skip: (page - 1) * LISTING_PAGE_SIZE,
    // One more than a page tells whether an older page exists.
    take: LISTING_PAGE_SIZE + 1,
    select: LISTED_SELECT,
  });
  if (page > 1 && rows.length === 0) return null;
  return { stories: await toListedAll(rows.slice(0, LISTING_PAGE_SIZE)), page, hasOlder: rows.length > LISTING_PAGE_SIZE };
}

export type SectionListing = ListingPage & {
  section: { slug: string; name: string };
  /** The story an editor pinned as the section page's top story (first page only); it is left out of the list. */
  topStory: ListedStory | null;
};

/**
 * The story pinned as a section page's top story, if its pin is in force and the story is publicly
 * visible and still in the section; otherwise null (the page then leads with its newest story).
 */
export async function findSectionTopStory(sectionId: string): Promise<ListedStory | null> {
  const pin = await activeSectionTopPin(db(), sectionId);
  if (!pin) return null;
  const row = await db().story.findFirst({ where: await publiclyVisible({ id: pin.storyId, sectionId }), select: LISTED_SELECT });
  if (!row) return null;
  const [story] = await toListedAll([row]);
  return story;
}

export async function findSectionListing(slug: string, page: number): Promise<SectionListing | null> {
  if (!isSlugShaped(slug)) return null;
  const section = await db().section.findUnique({ where: { slug }, select: { id: true, slug: true, name: true } });
  if (!section) return null;
  const topStory = await findSectionTopStory(section.id);
  // Left out of every page, not only the first, so that paging neither repeats nor skips a story.
  const listing = await findListingPage({ sectionId: section.id, ...(topStory ? { id: { not: topStory.id } } : {}) }, page);
  return listing && { ...listing, section: { slug: section.slug, name: section.name }, topStory: page === 1 ? topStory : null };
}

export type TagListing = ListingPage & { tag: { slug: string; name: string } };

export async function findTagListing(slug: string, page: number): Promise<TagListing | null> {
  if (!isSlugShaped(slug)) return null;
  const tag = await db().tag.findUnique({ where: { slug }, select: { id: true, slug: true, name: true } });
  if (!tag) return null;
  const listing = await findListingPage({ tags: { some: { tagId: tag.id } } }, page);
  // A tag that only drafts carry is not a public page yet.
  if (!listing || listing.stories.length === 0) return null;
  return { ...listing, tag: { slug: tag.slug, name: tag.name } };
}

export type AuthorProfile = { id: string; slug: string; name: string; title: string; bio: string };
export type AuthorListing = ListingPage & { author: AuthorProfile };

/**
 * A staff member's page. It exists once they have a published story under their own byline: an
 * account that never wrote for readers (an administrator, a new hire) has no public page.
 */
export async function findAuthorListing(userId: string, page: number): Promise<AuthorListing | null> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { id: true, slug: true, name: true, title: true, bio: true } });
  if (!user?.slug) return null;
  const listing = await findListingPage({ bylines: { some: { userId } } }, page);
  if (!listing || listing.stories.length === 0) return null;
  return { ...listing, author: { ...user, slug: user.slug } };
}

/** Which person an author-page address names (slugs are given once and kept across renames). */
export async function findAuthorIdBySlug(slug: string): Promise<string | null> {
  if (!isSlugShaped(slug)) return null;
  const user = await db().user.findUnique({ where: { slug }, select: { id: true } });
  return user?.id ?? null;
}

export async function findLatestListed(limit: number): Promise<ListedStory[]> {
  const rows = await db().story.findMany({ where: await publiclyVisible(), orderBy: LISTING_ORDER, take: limit, select: LISTED_SELECT });
  return toListedAll(rows);
}

/** Sections for the masthead's navigation, in section order. */
export async function findNavigationSections(): Promise<{ slug: string; name: string }[]> {
  return db().section.findMany({ orderBy: SECTION_ORDER, select: { slug: true, name: true } });
}

// Cached reads for the pages. Every publication, unpublication and edit of a published story expires
// the front page, its sections, tags and staff authors (lib/stories/public-tags.ts); section changes
// expire the section pages and the navigation.

export function getSectionListing(slug: string, page: number): Promise<SectionListing | null> {
  if (!isSlugShaped(slug)) return Promise.resolve(null);
  return unstable_cache(() => findSectionListing(slug, page), ["section-listing", slug, String(page)], { tags: [cacheTags.section(slug)] })();
}

export function getTagListing(slug: string, page: number): Promise<TagListing | null> {
  if (!isSlugShaped(slug)) return Promise.resolve(null);
  return unstable_cache(() => findTagListing(slug, page), ["tag-listing", slug, String(page)], { tags: [cacheTags.tag(slug)] })();
}

/**
 * An author page by its address. Which person a slug names is read without a cache of its own (it
 * runs only when the page itself is rendered); the page is then tagged with that person's author tag.
 * An address that names nobody can come to life only when someone gets that slug and a story under
 * their byline is published, and every publication expires the front page: the "no such author"
 * answer is cached under that tag, so that it is never stale after a publish.
 */
export async function getAuthorListing(slug: string, page: number): Promise<AuthorListing | null> {
  const userId = await findAuthorIdBySlug(slug);
  if (!userId) return unstable_cache(async () => null, ["author-absent", slug], { tags: [cacheTags.frontPage] })();
  return unstable_cache(() => findAuthorListing(userId, page), ["author-listing", userId, String(page)], { tags: [cacheTags.author(userId)] })();
}

/** The latest stories for the not-found page: they change with every publication, like the front page. */
export const getLatestListed = unstable_cache(() => findLatestListed(8), ["latest-listed"], { tags: [cacheTags.frontPage] });

export const getNavigationSections = unstable_cache(findNavigationSections, ["navigation-sections"], { tags: [cacheTags.sections] });

/**
 * The page number in a listing address (/sections/metro/page/3): a plain positive integer without
 * leading zeros, so that every page has exactly one address. Anything else is null (a 404).
 */
export function pageFromSegment(segment: string): number | null {
  return /^[1-9]\d{0,5}$/.test(segment) ? Number(segment) : null;
}
