import "server-only";
import { cache } from "react";
import { unstable_cache } from "next/cache";
import { db } from "@/lib/db";
import { cacheTags } from "@/lib/cache/tags";
import { readBody, type BodyDoc } from "@/lib/body/story-body";
import { databaseNow, publiclyVisible, visibleAt } from "@/lib/stories/visibility";
import { embargoInForce } from "@/lib/stories/embargo-rules";
import { can, type Actor } from "@/lib/auth/permissions";
import { isSlugShaped } from "@/lib/slugs";
import { loadPublicPhotos, type PublicPhoto } from "@/lib/media/story-photos";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { UpdateKind } from "@/lib/generated/prisma/enums";

// The reader's view of stories. Every query here reads only stories readers may see
// (lib/stories/visibility.ts), except the one behind a signed preview link (findStoryForPreview):
// this module is the only path from the database to a story page, so a draft cannot reach one by any
// other way.
// Results are cached by Next and tagged (lib/cache/tags.ts); writes return the tags they make stale.
// Cached values are serialized, so times travel as ISO strings.

/** A byline as readers see it; a staff byline links to the writer's author page (authorSlug). */
export type PublicByline = { name: string; title: string; staffId: string | null; authorSlug: string | null };

export type PublicLogEntry = {
  id: string;
  kind: UpdateKind;
  occurredAt: string;
  note: string;
  significant: boolean;
  withdrawn: { at: string; reason: string } | null;
  /** The wording or time was changed after the entry first ran. */
  edited: boolean;
};

export type PublicStory = {
  id: string;
  slug: string;
  headline: string;
  dek: string;
  body: BodyDoc;
  /** The lead photo readers see (a ready one), or null. */
  lead: PublicPhoto | null;
  /** The body's photos by their order among its image nodes; null where a photo cannot be shown. */
  inlinePhotos: (PublicPhoto | null)[];
  creditLine: string;
  section: { slug: string; name: string } | null;
  bylines: PublicByline[];
  related: { slug: string; headline: string }[];
  /** The story's tags, in the order the newsroom gave them; each is a public listing page. */
  tags: { slug: string; name: string }[];
  /** Every log entry, withdrawn ones included (readers see them struck through), newest first. */
  updates: PublicLogEntry[];
  firstPublishedAt: string;
  lastUpdatedAt: string;
  /** Live coverage is on: the page runs the log at the top and refreshes it (only ever true when published). */
  live: boolean;
};

export async function findPublishedStory(slug: string): Promise<PublicStory | null> {
  if (!isSlugShaped(slug)) return null;
  // One read of the clock judges the story and its related stories alike: the re-render after a
  // save waits for every round trip.
  const visible = visibleAt(await databaseNow());
  return findStoryForReaders({ AND: [visible, { slug }] }, { visible: true, visibleNow: visible });
}

/**
 * Any story as readers would see it, for a signed preview link (lib/stories/preview.ts) only.
 * Unpublished stories have no publication time yet; the preview shows "now" in its place. While an
 * embargo holds the story, the link opens only for `viewer`s of the newsroom (story.read): a link that
 * travels outside (a forwarded email) must not leak the story before its lift. Null then, as for a
 * story that does not exist.
 */
export async function findStoryForPreview(storyId: string, viewer: Actor | null = null): Promise<PublicStory | null> {
  const now = await databaseNow();
  const row = await db().story.findUnique({ where: { id: storyId }, select: { embargoUntil: true } });
  if (!row) return null;
  if (embargoInForce(row.embargoUntil, now) && !(viewer && can(viewer, "story.read"))) return null;
  // A preview of a story readers cannot see must not start polling a live feed that is not there.
  const visible = (await db().story.count({ where: { AND: [visibleAt(now), { id: storyId }] } })) > 0;
  return findStoryForReaders({ id: storyId }, { visible, unpublishedAt: new Date(), visibleNow: visibleAt(now) });
}

/** `visibleNow` is the visibility rule at the moment the caller read the clock; the related stories are judged by it too. */
async function findStoryForReaders(
  where: Prisma.StoryWhereInput,
  options: { visible: boolean; unpublishedAt?: Date; visibleNow: Prisma.StoryWhereInput },
): Promise<PublicStory | null> {
  const story = await db().story.findFirst({
    where,
    // One query (lateral joins) instead of one per relation and level, each a round trip that a
    // re-render after a save waits for.
    relationLoadStrategy: "join",
    select: {
      id: true,
      slug: true,
      headline: true,
      dek: true,
      body: true,
      creditLine: true,
      leadMediaId: true,
      leadAlt: true,
      leadCaption: true,
      leadCredit: true,
      leadDecorative: true,
      live: true,
      firstPublishedAt: true,
      lastUpdatedAt: true,
      section: { select: { slug: true, name: true } },
      bylines: { orderBy: { position: "asc" }, select: { name: true, title: true, user: { select: { id: true, name: true, title: true, slug: true } } } },
      tags: { orderBy: { position: "asc" }, select: { tag: { select: { slug: true, name: true } } } },
      related: {
        where: { related: options.visibleNow },
        orderBy: { position: "asc" },
        select: { related: { select: { slug: true, headline: true } } },
      },
      updates: {
        orderBy: [{ occurredAt: "desc" }, { createdAt: "desc" }],
        select: {
          id: true,
          kind: true,
          occurredAt: true,
          note: true,
          significant: true,
          withdrawnAt: true,
          withdrawnReason: true,
          _count: { select: { edits: true } },
        },
      },
    },
  });
  const firstPublishedAt = story?.firstPublishedAt ?? options.unpublishedAt;
  if (!story || !firstPublishedAt) return null;
  const body = readBody(story.body);
  const photos = await loadPublicPhotos(db(), { ...story, body });
  return {
    id: story.id,
    slug: story.slug,
    headline: story.headline,
    dek: story.dek,
    body,
    lead: photos.lead,
    inlinePhotos: photos.inline,
    creditLine: story.creditLine,
    section: story.section,
    bylines: story.bylines.map((b) => ({
      name: b.user?.name ?? b.name ?? "",
      title: b.title || b.user?.title || "",
      staffId: b.user?.id ?? null,
      authorSlug: b.user?.slug ?? null,
    })),
    tags: story.tags.map((t) => t.tag),
    related: story.related.map((r) => r.related),
    updates: story.updates.map((u) => ({
      id: u.id,
      kind: u.kind,
      occurredAt: u.occurredAt.toISOString(),
      note: u.note,
      significant: u.significant,
      withdrawn: u.withdrawnAt ? { at: u.withdrawnAt.toISOString(), reason: u.withdrawnReason ?? "" } : null,
      edited: u._count.edits > 0,
    })),
    firstPublishedAt: firstPublishedAt.toISOString(),
    lastUpdatedAt: (story.lastUpdatedAt ?? firstPublishedAt).toISOString(),
    live: story.live && options.visible,
  };
}

/**
 * The published story at this slug, or null (unknown, draft, scheduled or unpublished alike). Once
 * per request (React's cache): the page and its metadata render at once and would otherwise both
 * miss Next's cache after an expiry and read the story from the database twice.
 */
export const getPublishedStory = cache((slug: string): Promise<PublicStory | null> =>
  !isSlugShaped(slug) ? Promise.resolve(null) : unstable_cache(() => findPublishedStory(slug), ["published-story", slug], { tags: [cacheTags.story(slug)] })(),
);

/** The current slug of the published story that used to live at `slug`, if any. */
export async function findRedirectTarget(slug: string): Promise<string | null> {
  if (!isSlugShaped(slug)) return null;
  const redirect = await db().redirect.findFirst({
    where: { fromSlug: slug, story: await publiclyVisible() },
    select: { story: { select: { slug: true } } },
  });
  return redirect && redirect.story.slug !== slug ? redirect.story.slug : null;
}

export function getRedirectTarget(slug: string): Promise<string | null> {
  if (!isSlugShaped(slug)) return Promise.resolve(null);
  return unstable_cache(() => findRedirectTarget(slug), ["story-redirect", slug], { tags: [cacheTags.story(slug)] })();
}
