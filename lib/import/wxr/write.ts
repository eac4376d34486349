import "server-only";
import { randomUUID } from "node:crypto";
import { db, type Tx } from "@/lib/db";
import { insertRows } from "@/lib/db/insert-rows";
import { authorIdOf, type Actor } from "@/lib/auth/permissions";
import { recordAudit, recordAudits } from "@/lib/audit/record";
import { writeRevision } from "@/lib/revisions/write";
import { snapshotOf } from "@/lib/stories/snapshot";
import { recordPublishedVersion, versionContentOf, versionRow } from "@/lib/history/record";
import { canonicalContent } from "@/lib/history/chain";
import { photosUsed, syncStoryMedia } from "@/lib/media/story-photos";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { InputJsonValue } from "@/lib/generated/prisma/internal/prismaNamespace";
import { TAGS_MAX, type MappedPost } from "@/lib/import/wxr/map-post";
import type { BylineSource } from "@/lib/import/wxr/authors";

// Writing imported stories. Two writers, each keeping the import's promise that a story is written
// whole or not at all, with its ImportedPost row (the checkpoint a rerun reads) in the same
// transaction:
//  - writeStory: one story in its own transaction, created or updated, through the same revision,
//    history and photo writers as a save. Used for every update, for a newsroom's own export (its
//    update log and old slugs), and for any story a batch could not take.
//  - writeNewStories: many new stories in one transaction, a statement per table rather than a dozen
//    statements per story (each statement costs a round trip and, through Prisma, about a millisecond
//    of the server's CPU). Its revision snapshots and first public versions are built from the fields
//    in hand by the same functions that build them from a stored story (snapshotOf, versionContentOf),
//    and a test holds the two equal. A batch that fails as a whole is written again story by story, so
//    one bad post is reported alone.

/** The taxonomy and people the stories link to, resolved once before any story is written. */
export type WriteContext = {
  actor: Actor;
  sourceSite: string;
  sectionIds: Map<string, string>;
  /** Each section's and tag's name as stored (an existing one keeps its own), by id: readers see these. */
  sectionNames: Map<string, string>;
  tagIds: Map<string, string>;
  tagNames: Map<string, string>;
  /** The staff people that bylines name, with the name and title readers see. */
  staff: Map<string, { name: string; title: string }>;
};

export type Lead = { mediaId: string; alt: string; caption: string; source: string } | null;

/** A post mapped and ready to write: its byline, lead photo and the hash a rerun compares. */
export type PreparedPost = { post: MappedPost; byline: BylineSource; lead: Lead; hash: string };

export type Written = { storyId: string; slug: string };

// Several writers share the pool with a web server's requests: waiting for a connection is normal.
const STORY_TRANSACTION = { maxWait: 30_000, timeout: 60_000 };
const BATCH_TRANSACTION = { maxWait: 30_000, timeout: 120_000 };

/** A post's slug, else with its WordPress id, else numbered: the candidates in order of preference. */
function slugCandidates(post: MappedPost): string[] {
  const base = post.slug.slice(0, 100);
  return [post.slug, `${base}-${post.sourceId}`, ...[2, 3, 4, 5].map((n) => `${base}-${post.sourceId}-${n}`)];
}

/** Slugs no other story holds (nor another post of `posts`), one per post, in one query. */
async function freeSlugs(tx: Tx, posts: MappedPost[], storyId: string | null = null): Promise<string[]> {
  const candidates = posts.map(slugCandidates);
  const holders = await tx.story.findMany({ where: { slug: { in: [...new Set(candidates.flat())] } }, select: { id: true, slug: true } });
  const taken = new Map(holders.map((h) => [h.slug, h.id]));
  return candidates.map((list, i) => {
    const slug = list.find((s) => !taken.has(s) || taken.get(s) === storyId) ?? `${posts[i].slug.slice(0, 80)}-${posts[i].sourceId}-${Date.now()}`;
    taken.set(slug, "");
    return slug;
  });
}

function storyFields(context: WriteContext, { post, lead }: PreparedPost) {
  return {
    headline: post.headline,
    dek: post.dek,
    body: post.body as InputJsonValue,
    status: post.status,
    firstPublishedAt: post.firstPublishedAt,
    lastUpdatedAt: post.lastUpdatedAt,
    scheduledAt: post.scheduledAt,
    sectionId: post.section ? (context.sectionIds.get(post.section.slug) ?? null) : null,
    leadMediaId: lead?.mediaId ?? null,
    leadAlt: lead?.alt ?? "",
    leadCaption: lead?.caption ?? "",
    creditLine: post.newsroom?.creditLine ?? "",
  };
}

/** A one-person byline's name as the search text has it (the database function story_byline_text): a staff member's current name, else the name given. */
const bylineNames = (context: WriteContext, byline: BylineSource) => (byline.userId ? (context.staff.get(byline.userId)?.name ?? "") : (byline.name ?? ""));

/** The body as a stored story's reads back: JSON. */
const storedBody = (post: MappedPost) => post.body as Prisma.JsonValue;

const tagIdsOf = (context: WriteContext, post: MappedPost) => post.tags.slice(0, TAGS_MAX).flatMap((tag) => context.tagIds.get(tag.slug) ?? []);

const auditOf = (context: WriteContext, post: MappedPost, written: Written, updated: boolean) => ({
  actor: context.actor,
  action: updated ? "story.import.update" : "story.import",
  entityType: "story",
  entityId: written.storyId,
  data: { sourceSite: context.sourceSite, sourceId: post.sourceId, slug: written.slug },
});

/** Writes one story (created, or updated when `existingStoryId` is given) in its own transaction. */
export async function writeStory(context: WriteContext, prepared: PreparedPost, existingStoryId: string | null): Promise<Written> {
  const { actor, sourceSite } = context;
  const { post, byline, lead, hash } = prepared;
  return db().$transaction(async (tx) => {
    const [slug] = await freeSlugs(tx, [post], existingStoryId);
    const data = { slug, ...storyFields(context, prepared) };
    let storyId: string;
    let version: number;
    if (existingStoryId) {
      const story = await tx.story.update({
        where: { id: existingStoryId },
        data: { ...data, version: { increment: 1 } },
        select: { id: true, version: true },
      });
      ({ id: storyId, version } = story);
      await tx.byline.deleteMany({ where: { storyId } });
      await tx.storyTag.deleteMany({ where: { storyId } });
      await tx.pathRedirect.deleteMany({ where: { storyId } });
      if (post.newsroom) await tx.storyUpdate.deleteMany({ where: { storyId } });
    } else {
      const story = await tx.story.create({ data: { ...data, createdById: actor.id }, select: { id: true, version: true } });
      ({ id: storyId, version } = story);
    }
    if (post.newsroom?.bylines.length) {
      // A newsroom's own export: every byline with its title; staff by their address when they are here.
      const emails = post.newsroom.bylines.flatMap((b) => (b.email ? [b.email.toLowerCase()] : []));
      const staff = new Map((await tx.user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true } })).map((u) => [u.email, u.id]));
      await tx.byline.createMany({
        data: post.newsroom.bylines.map((b, position) => {
          const userId = (b.email && staff.get(b.email.toLowerCase())) || null;
          return { storyId, position, userId, name: userId ? null : b.name, title: b.title };
        }),
      });
    } else {
      await tx.byline.create({ data: { storyId, position: 0, userId: byline.userId, name: byline.name } });
    }
    const tagIds = tagIdsOf(context, post);
    if (tagIds.length) await tx.storyTag.createMany({ data: tagIds.map((tagId, position) => ({ storyId, tagId, position })), skipDuplicates: true });
    // Which photos the story uses (its lead and its body's), as a save keeps it: readers may fetch a photo only through it.
    await syncStoryMedia(tx, storyId, { leadMediaId: lead?.mediaId ?? null, body: post.body });
    if (post.newsroom) {
      const { updates, oldSlugs } = post.newsroom;
      if (updates.length) await tx.storyUpdate.createMany({ data: updates.map((u) => ({ storyId, ...u, authorId: null })) });
      const taken = new Set((await tx.story.findMany({ where: { slug: { in: oldSlugs } }, select: { slug: true } })).map((s) => s.slug));
      const free = oldSlugs.filter((old) => !taken.has(old));
      if (free.length) await tx.redirect.createMany({ data: free.map((fromSlug) => ({ fromSlug, storyId })), skipDuplicates: true });
    }
    await writeRevision(tx, storyId, version, post.status === "PUBLISHED" ? "PUBLISH" : existingStoryId ? "SAVE" : "CREATE", actor);
    await recordAudit(tx, auditOf(context, post, { storyId, slug }, existingStoryId !== null));
    // What readers saw on the old site joins the public history, at the time they last saw it change.
    if (post.status === "PUBLISHED") await recordPublishedVersion(tx, storyId, { publishedAt: post.lastUpdatedAt ?? undefined });
    await claimOldAddresses(tx, [{ storyId, paths: post.paths }]);
    await tx.importedPost.upsert({
      where: { sourceSite_sourceId: { sourceSite, sourceId: post.sourceId } },
      create: { sourceSite, sourceId: post.sourceId, storyId, postType: post.postType, contentHash: hash, note: post.note, storyVersion: version },
      update: { storyId, postType: post.postType, contentHash: hash, note: post.note, storyVersion: version },
    });
    return { storyId, slug };
  }, STORY_TRANSACTION);
}

/**
 * Old addresses to their stories, in one statement. An address another imported post also claimed
 * goes to the latest one, as on the old site (within the list too: the last story that names it).
 */
async function claimOldAddresses(tx: Tx, claims: { storyId: string; paths: string[] }[]): Promise<void> {
  const byPath = new Map<string, string>();
  for (const { storyId, paths } of claims) for (const path of paths) byPath.set(path, storyId);
  if (!byPath.size) return;
  await tx.$executeRaw`
    INSERT INTO "PathRedirect" ("path", "storyId")
    SELECT path, story_id FROM unnest(${[...byPath.keys()]}::text[], ${[...byPath.values()]}::uuid[]) AS claim(path, story_id)
    ON CONFLICT ("path") DO UPDATE SET "storyId" = EXCLUDED."storyId"`;
}

/** Whether writeNewStories takes the post: a newsroom's own export (update log, old slugs, many bylines) goes story by story. */
export const batchable = (prepared: PreparedPost) => prepared.post.newsroom === null;

/**
 * Creates new stories in one transaction: each as writeStory would create it (story, byline, tags,
 * photo uses, its first revision, audit event, first public version when published, old addresses,
 * ImportedPost), a statement per table for the whole batch.
 */
export async function writeNewStories(context: WriteContext, batch: PreparedPost[]): Promise<Written[]> {
  const { actor, sourceSite } = context;
  return db().$transaction(async (tx) => {
    const slugs = await freeSlugs(
      tx,
      batch.map((p) => p.post),
    );
    const now = new Date();
    const rows = batch.map((prepared, i) => ({
      id: randomUUID(),
      slug: slugs[i],
      ...storyFields(context, prepared),
      createdById: actor.id,
      updatedAt: now,
      // The names the search trigger reads from the bylines, given up front: the bylines' own trigger
      // then finds them current and leaves the row alone, instead of indexing each story twice.
      bylineText: bylineNames(context, prepared.byline),
    }));
    await insertRows(tx, "Story", rows);
    const VERSION = 1; // a new story's first version (the column's default)
    await insertRows(
      tx,
      "Byline",
      batch.map(({ byline }, i) => ({ id: randomUUID(), storyId: rows[i].id, position: 0, userId: byline.userId, name: byline.name })),
    );
    const tagIds = batch.map(({ post }) => [...new Set(tagIdsOf(context, post))]);
    const storyTags = tagIds.flatMap((ids, i) => ids.map((tagId, position) => ({ storyId: rows[i].id, tagId, position })));
    await insertRows(tx, "StoryTag", storyTags);
    const uses = rows.flatMap((row, i) =>
      [...photosUsed({ leadMediaId: row.leadMediaId, body: batch[i].post.body })].map(([mediaId, lead]) => ({ storyId: row.id, mediaId, lead })),
    );
    if (uses.length) await tx.storyMedia.createMany({ data: uses });

    const authorId = authorIdOf(actor);
    const photoFields = { leadCredit: "", leadDecorative: false };
    await insertRows(
      tx,
      "Revision",
      rows.map((row, i) => ({
        id: randomUUID(),
        storyId: row.id,
        version: VERSION,
        kind: row.status === "PUBLISHED" ? ("PUBLISH" as const) : ("CREATE" as const),
        authorId,
        snapshot: snapshotOf({
          slug: row.slug,
          headline: row.headline,
          dek: row.dek,
          body: storedBody(batch[i].post),
          creditLine: row.creditLine,
          status: row.status,
          sectionId: row.sectionId,
          leadMediaId: row.leadMediaId,
          leadAlt: row.leadAlt,
          leadCaption: row.leadCaption,
          ...photoFields,
          bylines: [{ userId: batch[i].byline.userId, name: batch[i].byline.name, title: "" }],
          related: [],
          tags: tagIds[i].map((tagId) => ({ tagId })),
        }),
      })),
    );
    await recordAudits(
      tx,
      batch.map(({ post }, i) => auditOf(context, post, { storyId: rows[i].id, slug: rows[i].slug }, false)),
    );

    // Imported stories carry no embargo, so a published one is public: its first version is what readers see.
    const versions = [];
    for (const [i, row] of rows.entries()) {
      if (row.status !== "PUBLISHED") continue;
      const { byline, post } = batch[i];
      const content = await versionContentOf(tx, {
        ...row,
        body: storedBody(post),
        ...photoFields,
        section: row.sectionId ? { name: context.sectionNames.get(row.sectionId) ?? "" } : null,
        bylines: [{ name: byline.name, title: "", user: byline.userId ? (context.staff.get(byline.userId) ?? null) : null }],
        tags: tagIds[i].map((tagId) => ({ tag: { name: context.tagNames.get(tagId) ?? "" } })),
        related: [],
      });
      versions.push({ id: randomUUID(), ...versionRow(row.id, canonicalContent(content), null, { publishedAt: post.lastUpdatedAt ?? undefined }) });
    }
    await insertRows(tx, "PublishedVersion", versions);
    await claimOldAddresses(
      tx,
      batch.map(({ post }, i) => ({ storyId: rows[i].id, paths: post.paths })),
    );
    await insertRows(
      tx,
      "ImportedPost",
      batch.map(({ post, hash }, i) => ({
        sourceSite,
        sourceId: post.sourceId,
        storyId: rows[i].id,
        postType: post.postType,
        contentHash: hash,
        note: post.note,
        storyVersion: VERSION,
        updatedAt: now,
      })),
    );
    return rows.map((row) => ({ storyId: row.id, slug: row.slug }));
  }, BATCH_TRANSACTION);
}
