// Used by the app inside its write transactions and by the seed, so it takes the transaction and
// imports nothing server-only.
import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import { insertRows } from "@/lib/db/insert-rows";
import { readBody } from "@/lib/body/story-body";
import { canonicalContent, versionDigest, type VersionContent } from "@/lib/history/chain";
import { visibleAt } from "@/lib/stories/visibility-rule";
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

const latestVersionSelect = {
  orderBy: { sequence: "desc" },
  take: 1,
  select: { id: true, sequence: true, digest: true, previousDigest: true, updateId: true, takenDownAt: true },
} satisfies Prisma.Story$publishedVersionsArgs;

/**
 * What readers see of the story at the database's moment `now` (the rules of lib/stories/public.ts),
 * with its latest published version, in one query; null when readers cannot see it.
 */
async function readersViewWithLatest(tx: Tx, storyId: string, now: Date) {
  const visible = visibleAt(now);
  return tx.story.findFirst({
    where: { AND: [visible, { id: storyId }] },
    relationLoadStrategy: "join",
    select: { ...readersSelect(visible), publishedVersions: latestVersionSelect },
  });
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
  // publications cannot both take the same sequence or link to the same previous version. The same
  // statement reads the database's clock (the moment the transaction began), which judges visibility.
  const [locked] = await tx.$queryRaw<{ now: Date }[]>`SELECT now() AS now FROM "Story" WHERE id = ${storyId}::uuid FOR UPDATE`;
  if (!locked) return null;
  const story = await readersViewWithLatest(tx, storyId, locked.now);
  if (!story) return null;
  const canonical = canonicalContent(await versionContentOf(tx, story));
  const latest = story.publishedVersions[0] ?? null;
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
