import "server-only";
import { db } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import type { Prisma } from "@/lib/generated/prisma/client";

// Sections as the newsroom's "Sections and tags" page lists them: dynamic, for a named actor, as DTOs.

/** The order sections are shown in everywhere; ties (rows from before positions were kept dense) by name. */
export const SECTION_ORDER = [{ position: "asc" }, { name: "asc" }, { id: "asc" }] satisfies Prisma.SectionOrderByWithRelationInput[];

export type SectionRow = {
  id: string;
  name: string;
  slug: string;
  /** Stories in the section, whatever their status. */
  storyCount: number;
  publishedCount: number;
};

export async function listSectionsForDesk(actor: Actor): Promise<{ sections: SectionRow[]; canManage: boolean }> {
  const [sections, published] = await Promise.all([
    db().section.findMany({ orderBy: SECTION_ORDER, select: { id: true, name: true, slug: true, _count: { select: { stories: true } } } }),
    db().story.groupBy({ by: ["sectionId"], where: { status: "PUBLISHED", sectionId: { not: null } }, _count: { _all: true } }),
  ]);
  const publishedBySection = new Map(published.map((row) => [row.sectionId, row._count._all]));
  return {
    canManage: can(actor, "section.manage"),
    sections: sections.map((s) => ({
      id: s.id,
      name: s.name,
      slug: s.slug,
      storyCount: s._count.stories,
      publishedCount: publishedBySection.get(s.id) ?? 0,
    })),
  };
}
