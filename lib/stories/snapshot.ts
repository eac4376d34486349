import type { Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { InputJsonValue } from "@/lib/generated/prisma/internal/prismaNamespace";

const SNAPSHOT_SELECT = {
  slug: true,
  headline: true,
  dek: true,
  body: true,
  creditLine: true,
  status: true,
  sectionId: true,
  leadMediaId: true,
  leadAlt: true,
  leadCaption: true,
  leadCredit: true,
  leadDecorative: true,
  bylines: { orderBy: { position: "asc" }, select: { userId: true, name: true, title: true } },
  related: { orderBy: { position: "asc" }, select: { relatedId: true } },
  tags: { orderBy: { position: "asc" }, select: { tagId: true } },
} satisfies Prisma.StorySelect;

/** The story as the snapshot reads it: what a writer that already holds the fields (the import's batches) builds itself. */
export type SnapshotFields = Prisma.StoryGetPayload<{ select: typeof SNAPSHOT_SELECT }>;

/** The snapshot of a story's fields. */
export function snapshotOf(story: SnapshotFields): InputJsonValue {
  return {
    ...story,
    body: story.body as InputJsonValue,
    related: story.related.map((r) => r.relatedId),
    tags: story.tags.map((t) => t.tagId),
  };
}

/** Everything a revision keeps of a story, so that any revision can be shown or restored whole. */
export async function storySnapshot(tx: Tx, storyId: string): Promise<InputJsonValue> {
  return snapshotOf(await tx.story.findUniqueOrThrow({ where: { id: storyId }, select: SNAPSHOT_SELECT }));
}
