// Used by the app inside its write transactions and by the seed, so it takes the transaction and
// imports nothing server-only.
import type { Tx } from "@/lib/db/client";
import { readBody } from "@/lib/body/story-body";
import { canonicalContent, versionDigest, type VersionContent } from "@/lib/history/chain";
import { databaseNowOn, visibleAt } from "@/lib/stories/visibility-rule";
import { versionImages } from "@/lib/media/story-photos";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { InputJsonValue } from "@/lib/generated/prisma/internal/prismaNamespace";

// Writes the next link of a story's public hash chain (lib/history/chain.ts). Called inside the
// transaction of every write that changes what readers see, after the change itself, so a version
// exists exactly when its content went live.

export type RecordedVersion = { sequence: number; digest: string };

function readersSelect(visible: Prisma.StoryWhereInput) {
  return {
    headline: true,
    dek: true,
    body: true,
    creditLine: true,
    leadMediaId: true,
    leadAlt: true,
    leadCaption: true,
    leadCredit: true,
    leadDecorative: true,
    section: { select: { name: true } },
    bylines: { orderBy: { position: "asc" }, select: { name: true, title: true, user: { select: { name: true, title: true } } } },
    tags: { orderBy: { position: "asc" }, select: { tag: { select: { name: true } } } },
    related: { where: { related: visible }, orderBy: { position: "asc" }, select: { related: { select: { headline: true } } } },
  } satisfies Prisma.StorySelect;
}

/** A story as its readers' content is read: what a writer that already holds the fields (the import's batches) builds itself. */
export type ReadersFields = Prisma.StoryGetPayload<{ select: ReturnType<typeof readersSelect> }>;

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

/** What readers see of the story right now, by the same rules as lib/stories/public.ts; null when they cannot see it. */
async function contentReadersSee(tx: Tx, storyId: string): Promise<VersionContent | null> {
  const visible = visibleAt(await databaseNowOn(tx));
  const story = await tx.story.findFirst({ where: { AND: [visible, { id: storyId }] }, select: readersSelect(visible) });
  return story ? versionContentOf(tx, story) : null;
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
  const content = await contentReadersSee(tx, storyId);
  if (!content) return null;
  const canonical = canonicalContent(content);
  const latest = await tx.publishedVersion.findFirst({
    where: { storyId },
    orderBy: { sequence: "desc" },
    select: { id: true, sequence: true, digest: true, previousDigest: true, updateId: true, takenDownAt: true },
  });
  // Comparing digests rather than snapshots also works when the latest version's content was withheld.
  if (latest && versionDigest(latest.previousDigest, canonical) === latest.digest) {
    if (options.updateId && !latest.updateId && !latest.takenDownAt) {
      await tx.publishedVersion.update({ where: { id: latest.id }, data: { updateId: options.updateId } });
    }
    return null;
  }
  const row = versionRow(storyId, canonical, latest, options);
  await tx.publishedVersion.create({ data: row });
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
