import "server-only";
import { cache } from "react";
import { unstable_cache } from "next/cache";
import { db } from "@/lib/db";
import { cacheTags } from "@/lib/cache/tags";
import { readBody, type BodyDoc } from "@/lib/body/story-body";
import { databaseNow, PUBLICLY_VISIBLE_SQL, publiclyVisible, visibleAt } from "@/lib/stories/visibility";
import { embargoInForce } from "@/lib/stories/embargo-rules";
import { can, type Actor } from "@/lib/auth/permissions";
import { isSlugShaped } from "@/lib/slugs";
import { loadPublicPhotos, type PublicPhoto } from "@/lib/media/story-photos";
import { Prisma } from "@/lib/generated/prisma/client";
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
  return findStoryForReaders(Prisma.sql`s.slug = ${slug} AND ${VISIBLE}`, { visible: true });
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
  return findStoryForReaders(Prisma.sql`s.id = ${storyId}::uuid`, { visible, unpublishedAt: new Date() });
}

const VISIBLE = Prisma.raw(PUBLICLY_VISIBLE_SQL);

type ReadersRow = {
  id: string;
  slug: string;
  headline: string;
  dek: string;
  body: unknown;
  creditLine: string;
  leadMediaId: string | null;
  leadAlt: string;
  leadCaption: string;
  leadCredit: string;
  leadDecorative: boolean;
  live: boolean;
  firstPublishedAt: Date | null;
  lastUpdatedAt: Date | null;
  section: { slug: string; name: string } | null;
  bylines: { name: string | null; title: string; user: { id: string; name: string; title: string; slug: string | null } | null }[];
  tags: { slug: string; name: string }[];
  related: { slug: string; headline: string }[];
  updates: {
    id: string;
    kind: UpdateKind;
    occurredAt: string;
    note: string;
    significant: boolean;
    withdrawnAt: string | null;
    withdrawnReason: string | null;
    edited: boolean;
  }[];
};

/**
 * The story matching `where` (over "Story" aliased s) with everything its page shows, in one raw
 * statement: the re-render after a save waits for it, and the same read through Prisma's nested
 * relations cost the server several milliseconds of CPU. Related stories are judged by the
 * visibility rule at the statement's moment, the story itself (when `where` asks) by the same one.
 */
async function findStoryForReaders(where: Prisma.Sql, options: { visible: boolean; unpublishedAt?: Date }): Promise<PublicStory | null> {
  const [story] = await db().$queryRaw<ReadersRow[]>`
    SELECT s.id::text AS id, s.slug, s.headline, s.dek, s.body, s."creditLine", s."leadMediaId"::text AS "leadMediaId", s."leadAlt",
      s."leadCaption", s."leadCredit", s."leadDecorative", s.live, s."firstPublishedAt", s."lastUpdatedAt",
      (SELECT json_build_object('slug', sec.slug, 'name', sec.name) FROM "Section" sec WHERE sec.id = s."sectionId") AS section,
      COALESCE((SELECT json_agg(json_build_object('name', b.name, 'title', b.title, 'user',
          CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'name', u.name, 'title', u.title, 'slug', u.slug) END) ORDER BY b.position)
        FROM "Byline" b LEFT JOIN "User" u ON u.id = b."userId" WHERE b."storyId" = s.id), '[]') AS bylines,
      COALESCE((SELECT json_agg(json_build_object('slug', t.slug, 'name', t.name) ORDER BY st.position)
        FROM "StoryTag" st JOIN "Tag" t ON t.id = st."tagId" WHERE st."storyId" = s.id), '[]') AS tags,
      COALESCE((SELECT json_agg(json_build_object('slug', r.slug, 'headline', r.headline) ORDER BY rs.position)
        FROM "RelatedStory" rs JOIN LATERAL (SELECT s.slug, s.headline FROM "Story" s WHERE s.id = rs."relatedId" AND ${VISIBLE}) r ON true
        WHERE rs."storyId" = s.id), '[]') AS related,
      COALESCE((SELECT json_agg(json_build_object('id', e.id, 'kind', e.kind, 'occurredAt', e."occurredAt", 'note', e.note,
          'significant', e.significant, 'withdrawnAt', e."withdrawnAt", 'withdrawnReason', e."withdrawnReason",
          'edited', EXISTS (SELECT 1 FROM "StoryUpdateEdit" x WHERE x."updateId" = e.id)) ORDER BY e."occurredAt" DESC, e."createdAt" DESC)
        FROM "StoryUpdate" e WHERE e."storyId" = s.id), '[]') AS updates
    FROM "Story" s
    WHERE ${where}
    LIMIT 1`;
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
    tags: story.tags,
    related: story.related,
    updates: story.updates.map((u) => ({
      id: u.id,
      kind: u.kind,
      occurredAt: new Date(u.occurredAt).toISOString(),
      note: u.note,
      significant: u.significant,
      withdrawn: u.withdrawnAt ? { at: new Date(u.withdrawnAt).toISOString(), reason: u.withdrawnReason ?? "" } : null,
      edited: u.edited,
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
