// Used by the app inside its write transactions and by the seed, so it takes the transaction and
// imports nothing server-only.
import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import { insertRows } from "@/lib/db/insert-rows";
import { readBody } from "@/lib/body/story-body";
import { canonicalContent, versionDigest, type VersionContent } from "@/lib/history/chain";
import { PUBLICLY_VISIBLE_SQL } from "@/lib/stories/visibility-rule";
import { versionImages } from "@/lib/media/story-photos";
import { Prisma } from "@/lib/generated/prisma/client";
import type { InputJsonValue } from "@/lib/generated/prisma/internal/prismaNamespace";

// Writes the next link of a story's public hash chain (lib/history/chain.ts). Called inside the
// transaction of every write that changes what readers see, after the change itself, so a version
// exists exactly when its content went live.

export type RecordedVersion = { sequence: number; digest: string };

/** A story as its readers' content is read: what a writer that already holds the fields (the import's batches) builds itself. */
export type ReadersFields = {
  headline: string;
  dek: string;
  body: unknown;
  creditLine: string;
  leadMediaId: string | null;
  leadAlt: string;
  leadCaption: string;
  leadCredit: string;
  leadDecorative: boolean;
  section: { name: string } | null;
  bylines: { name: string | null; title: string; user: { name: string; title: string } | null }[];
  tags: { tag: { name: string } }[];
  related: { related: { headline: string } }[];
};

type LatestVersion = { id: string; sequence: number; digest: string; previousDigest: string | null; updateId: string | null; takenDownAt: string | null };

/** The content readers see of a story's fields (the photos' library text read through `reader`). */
export async function versionContentOf(reader: Tx, story: ReadersFields): Promise<VersionContent> {
  const body = readBody(story.body);
  return {
    headline: story.headline,
    dek: story.dek,
    body,
    images: await versionImages(reader, { ...story, body }),
    // A staff byline shows the person's current name, and their own title unless the story gave one.
    bylines: story.bylines.map((b) => ({ name: b.user?.name ?? b.name ?? "", title: b.title || b.user?.title || "" })),
    creditLine: story.creditLine,
    section: story.section?.name ?? null,
    tags: story.tags.map((t) => t.tag.name),
    related: story.related.map((r) => r.related.headline),
  };
}

/**
 * What readers see of the story now (the rule of lib/stories/visibility-rule.ts, by the transaction's
 * clock), with its latest published version; null when readers cannot see it. One raw statement:
 * every write readers see runs it inside its transaction, and the same read through Prisma's nested
 * relations costs the server about ten times the CPU. The lists come in ReadersFields' shape and order.
 */
async function readersViewWithLatest(tx: Tx, storyId: string): Promise<(ReadersFields & { latest: LatestVersion | null }) | null> {
  const visible = Prisma.raw(PUBLICLY_VISIBLE_SQL);
  const [row] = await tx.$queryRaw<(ReadersFields & { latest: LatestVersion | null })[]>`
    SELECT s.headline, s.dek, s.body, s."creditLine", s."leadMediaId"::text AS "leadMediaId", s."leadAlt", s."leadCaption", s."leadCredit",
      s."leadDecorative",
      (SELECT json_build_object('name', sec.name) FROM "Section" sec WHERE sec.id = s."sectionId") AS section,
      COALESCE((SELECT json_agg(json_build_object('name', b.name, 'title', b.title,
          'user', CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('name', u.name, 'title', u.title) END) ORDER BY b.position)
        FROM "Byline" b LEFT JOIN "User" u ON u.id = b."userId" WHERE b."storyId" = s.id), '[]') AS bylines,
      COALESCE((SELECT json_agg(json_build_object('tag', json_build_object('name', t.name)) ORDER BY st.position)
        FROM "StoryTag" st JOIN "Tag" t ON t.id = st."tagId" WHERE st."storyId" = s.id), '[]') AS tags,
      COALESCE((SELECT json_agg(json_build_object('related', json_build_object('headline', r.headline)) ORDER BY rs.position)
        FROM "RelatedStory" rs JOIN LATERAL (SELECT s.headline FROM "Story" s WHERE s.id = rs."relatedId" AND ${visible}) r ON true
        WHERE rs."storyId" = s.id), '[]') AS related,
      (SELECT json_build_object('id', pv.id, 'sequence', pv.sequence, 'digest', pv.digest, 'previousDigest', pv."previousDigest",
          'updateId', pv."updateId", 'takenDownAt', pv."takenDownAt")
        FROM "PublishedVersion" pv WHERE pv."storyId" = s.id ORDER BY pv.sequence DESC LIMIT 1) AS latest
    FROM "Story" s
    WHERE s.id = ${storyId}::uuid AND ${visible}`;
  return row ?? null;
}

/**
 * Records the story as readers now see it as its next published version, linked to the one before.
 * Returns null, writing nothing, when the story is not published or readers' content is unchanged
 * since the latest version (a save that touched only the slug, say). In that case an update-log entry
 * passed in is linked to the latest version if that version has none yet: the entry that explains a
 * change is often written just after it.
 */
export async function recordPublishedVersion(
  tx: Tx,
  storyId: string,
  options: { updateId?: string | null; publishedAt?: Date } = {},
): Promise<RecordedVersion | null> {
  // One writer at a time per story: the lock is held until the transaction ends, so two concurrent
  // publications cannot both take the same sequence or link to the same previous version.
  await tx.$queryRaw`SELECT id FROM "Story" WHERE id = ${storyId}::uuid FOR UPDATE`;
  const story = await readersViewWithLatest(tx, storyId);
  if (!story) return null;
  const canonical = canonicalContent(await versionContentOf(tx, story));
  const { latest } = story;
  // Comparing digests rather than snapshots also works when the latest version's content was withheld.
  if (latest && versionDigest(latest.previousDigest, canonical) === latest.digest) {
    if (options.updateId && !latest.updateId && !latest.takenDownAt) {
      await tx.$executeRaw`UPDATE "PublishedVersion" SET "updateId" = ${options.updateId}::uuid WHERE id = ${latest.id}::uuid`;
    }
    return null;
  }
  const row = versionRow(storyId, canonical, latest, options);
  await insertRows(tx, "PublishedVersion", [{ id: randomUUID(), ...row }]);
  return { sequence: row.sequence, digest: row.digest };
}

/** The row of a story's next published version after `latest` (none: its first), from the canonical text of its content. */
export function versionRow(
  storyId: string,
  canonical: string,
  latest: { sequence: number; digest: string } | null,
  options: { updateId?: string | null; publishedAt?: Date } = {},
) {
  const previousDigest = latest?.digest ?? null;
  return {
    storyId,
    sequence: (latest?.sequence ?? 0) + 1,
    publishedAt: options.publishedAt ?? new Date(),
    // Stored as the canonical text parsed back, so that re-serializing it gives the hashed text exactly.
    snapshot: JSON.parse(canonical) as InputJsonValue,
    digest: versionDigest(previousDigest, canonical),
    previousDigest,
    updateId: options.updateId ?? null,
  };
}
