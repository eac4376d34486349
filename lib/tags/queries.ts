import "server-only";
import { containsText } from "@/lib/text/contains";
import { db } from "@/lib/db";
import { withoutUnstorable } from "@/lib/text/storable";
import { can, type Actor } from "@/lib/auth/permissions";
import type { Prisma } from "@/lib/generated/prisma/client";

// Tags as the newsroom's "Sections and tags" page lists them: dynamic, for a named actor, as DTOs.

/** Story forms create tags freely, so the list is capped and searchable rather than unbounded. */
export const TAG_LIST_LIMIT = 500;

export type TagRow = { id: string; name: string; slug: string; storyCount: number };

export async function listTagsForDesk(actor: Actor, filters: { q?: string } = {}): Promise<{ tags: TagRow[]; total: number; canManage: boolean }> {
  const q = withoutUnstorable(filters.q ?? "")
    .trim()
    .slice(0, 100);
  const where: Prisma.TagWhereInput = q ? { OR: [{ name: containsText(q) }, { slug: containsText(q) }] } : {};
  const [tags, total] = await Promise.all([
    db().tag.findMany({
      where,
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take: TAG_LIST_LIMIT,
      select: { id: true, name: true, slug: true, _count: { select: { stories: true } } },
    }),
    db().tag.count({ where }),
  ]);
  return {
    canManage: can(actor, "section.manage"),
    total,
    tags: tags.map((t) => ({ id: t.id, name: t.name, slug: t.slug, storyCount: t._count.stories })),
  };
}
