import "server-only";
import { db, type Tx } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { cacheTags } from "@/lib/cache/tags";
import { ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { SECTION_ORDER } from "@/lib/sections/queries";
import type { SectionMoveDirection, SectionValues } from "@/lib/sections/schemas";
import { publiclyVisible } from "@/lib/stories/visibility";
import { Prisma } from "@/lib/generated/prisma/client";

// Every write to a section: authorize, write in one transaction with its audit event, and return the
// cache tags the change makes stale for readers.

export type SectionWriteResult = { sectionId: string; slug: string; tags: string[] };

export const TAXONOMY_FORBIDDEN_MESSAGE = "Only editors can manage sections and tags.";

const slugTaken = () => new InvalidError("That slug is taken.", { slug: ["Another section already uses this slug. Choose a different one."] });
const sectionGone = () => new NotFoundError("This section no longer exists; someone may have deleted it. Reload the page to see the current list.");

function authorize(actor: Actor) {
  if (!can(actor, "section.manage")) throw new ForbiddenError(TAXONOMY_FORBIDDEN_MESSAGE);
}

/** The section pages under every slug involved, and the site-wide lists that name or order sections (search results show section names). */
function sectionPageTags(...slugs: string[]): string[] {
  return [...new Set([...slugs.map(cacheTags.section), cacheTags.sections, cacheTags.frontPage, cacheTags.feeds, cacheTags.sitemaps, cacheTags.search])];
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

async function loadSection(tx: Tx, sectionId: string) {
  const section = await tx.section.findUnique({ where: { id: sectionId }, select: { id: true, name: true, slug: true } });
  if (!section) throw sectionGone();
  return section;
}

async function assertSlugFree(tx: Tx, slug: string, sectionId: string | null) {
  const holder = await tx.section.findUnique({ where: { slug }, select: { id: true } });
  if (holder && holder.id !== sectionId) throw slugTaken();
}

/**
 * Serializes every write that changes the order (create, move, delete) until the transaction ends:
 * two of them reading positions at once would leave duplicates or gaps.
 */
async function lockSectionOrder(tx: Tx) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('newsroom:section-order'))`;
}

/** Writes positions 0..n-1 in the given order, touching only the rows that move. */
async function writeOrder(tx: Tx, current: { id: string; position: number }[], orderedIds: string[]) {
  const positionOf = new Map(current.map((s) => [s.id, s.position]));
  for (const [position, id] of orderedIds.entries()) {
    if (positionOf.get(id) !== position) await tx.section.update({ where: { id }, data: { position } });
  }
}

async function currentOrder(tx: Tx) {
  return tx.section.findMany({ orderBy: SECTION_ORDER, select: { id: true, slug: true, name: true, position: true } });
}

/** Adds a section at the end of the order. */
export async function createSection(actor: Actor, values: SectionValues): Promise<SectionWriteResult> {
  authorize(actor);
  try {
    return await db().$transaction(async (tx) => {
      await lockSectionOrder(tx);
      await assertSlugFree(tx, values.slug, null);
      const sections = await currentOrder(tx);
      // Rows from before positions were kept dense are settled first, so the new one is really last.
      await writeOrder(
        tx,
        sections,
        sections.map((s) => s.id),
      );
      const section = await tx.section.create({ data: { name: values.name, slug: values.slug, position: sections.length }, select: { id: true, slug: true } });
      await recordAudit(tx, { actor, action: "section.create", entityType: "section", entityId: section.id, data: { name: values.name, slug: values.slug } });
      return { sectionId: section.id, slug: section.slug, tags: sectionPageTags(section.slug) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken();
    throw error;
  }
}

/**
 * Renames a section and/or changes its slug. Story pages carry their section's name and slug, so every
 * published story in it is stale too; drafts have no public page.
 */
export async function updateSection(actor: Actor, sectionId: string, values: SectionValues): Promise<SectionWriteResult> {
  authorize(actor);
  try {
    return await db().$transaction(async (tx) => {
      const current = await loadSection(tx, sectionId);
      if (current.name === values.name && current.slug === values.slug) return { sectionId, slug: current.slug, tags: [] };
      if (current.slug !== values.slug) await assertSlugFree(tx, values.slug, sectionId);
      await tx.section.update({ where: { id: sectionId }, data: { name: values.name, slug: values.slug } });
      await recordAudit(tx, {
        actor,
        action: "section.update",
        entityType: "section",
        entityId: sectionId,
        data: { from: { name: current.name, slug: current.slug }, to: { name: values.name, slug: values.slug } },
      });
      const published = await tx.story.findMany({ where: await publiclyVisible({ sectionId }, tx), select: { slug: true } });
      const tags = [...sectionPageTags(current.slug, values.slug), ...published.map((s) => cacheTags.story(s.slug))];
      return { sectionId, slug: values.slug, tags };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken();
    throw error;
  }
}

/** Swaps a section with its neighbour above or below. */
export async function moveSection(actor: Actor, sectionId: string, direction: SectionMoveDirection): Promise<SectionWriteResult> {
  authorize(actor);
  return db().$transaction(async (tx) => {
    await lockSectionOrder(tx);
    const sections = await currentOrder(tx);
    const from = sections.findIndex((s) => s.id === sectionId);
    if (from === -1) throw sectionGone();
    const to = direction === "up" ? from - 1 : from + 1;
    const section = sections[from];
    const neighbour = sections[to];
    if (!neighbour) throw new InvalidError(`${section.name} is already ${direction === "up" ? "first" : "last"}.`);
    const ids = sections.map((s) => s.id);
    [ids[from], ids[to]] = [ids[to], ids[from]];
    await writeOrder(tx, sections, ids);
    await recordAudit(tx, {
      actor,
      action: "section.move",
      entityType: "section",
      entityId: sectionId,
      data: { direction, from, to, swappedWith: neighbour.id },
    });
    return { sectionId, slug: section.slug, tags: sectionPageTags(section.slug, neighbour.slug) };
  });
}

/** Deletes a section no story uses; the stories in one must be moved first, never left without a section. */
export async function deleteSection(actor: Actor, sectionId: string): Promise<SectionWriteResult> {
  authorize(actor);
  return db().$transaction(async (tx) => {
    await lockSectionOrder(tx);
    // Locking the row makes a story being saved into this section wait, so the count below holds.
    await tx.$queryRaw`SELECT id FROM "Section" WHERE id = ${sectionId}::uuid FOR UPDATE`;
    const section = await loadSection(tx, sectionId);
    const used = await tx.story.count({ where: { sectionId } });
    if (used > 0) {
      const stories = used === 1 ? "1 story uses" : `${used.toLocaleString("en-US")} stories use`;
      throw new InvalidError(`${section.name} cannot be deleted: ${stories} it. Move ${used === 1 ? "that story" : "those stories"} to another section first.`);
    }
    // The default section of new stories, if it was this one, is cleared with it (ON DELETE SET NULL).
    const wasDefault = (await tx.siteSettings.count({ where: { id: 1, defaultSectionId: sectionId } })) > 0;
    await tx.section.delete({ where: { id: sectionId } });
    const rest = await currentOrder(tx);
    await writeOrder(
      tx,
      rest,
      rest.map((s) => s.id),
    );
    await recordAudit(tx, { actor, action: "section.delete", entityType: "section", entityId: sectionId, data: { name: section.name, slug: section.slug } });
    return { sectionId, slug: section.slug, tags: [...sectionPageTags(section.slug), ...(wasDefault ? [cacheTags.settings] : [])] };
  });
}
