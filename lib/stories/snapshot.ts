import type { Tx } from "@/lib/db/client";
import type { InputJsonValue } from "@/lib/generated/prisma/internal/prismaNamespace";

/** Everything a revision keeps of a story, so that any revision can be shown or restored whole. */
export async function storySnapshot(tx: Tx, storyId: string): Promise<InputJsonValue> {
  const story = await tx.story.findUniqueOrThrow({
    where: { id: storyId },
    select: {
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
    },
  });
  return {
    ...story,
    body: story.body as InputJsonValue,
    related: story.related.map((r) => r.relatedId),
    tags: story.tags.map((t) => t.tagId),
  };
}
