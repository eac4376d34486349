import "server-only";
import type { Db, Tx } from "@/lib/db";
import type { FrontPageSlot } from "@/lib/generated/prisma/enums";

// The pins in force now. A pin lapses at its "Pinned until" time by the database's clock (the same
// clock the visibility rule reads), never by a server's, so every server agrees on the moment. The
// stories they name still pass through publiclyVisible() in the reads that use them: a pinned story
// that is unpublished or held back leaves its slot at once.

export const LAYOUT_ID = "front";

export type ActivePin = { slot: FrontPageSlot; sectionId: string | null; position: number; storyId: string; expiresAt: Date | null };

/** Every pin in force now, in slot and position order. */
export async function activePins(client: Db | Tx): Promise<ActivePin[]> {
  return client.$queryRaw<ActivePin[]>`
    SELECT "slot"::text AS "slot", "sectionId"::text AS "sectionId", "position", "storyId"::text AS "storyId", "expiresAt"
    FROM "FrontPagePin"
    WHERE "layoutId" = ${LAYOUT_ID} AND ("expiresAt" IS NULL OR "expiresAt" > now())
    ORDER BY "slot", "sectionId", "position"`;
}

/** The pin in force now for one section page's top story, if any. */
export async function activeSectionTopPin(client: Db | Tx, sectionId: string): Promise<ActivePin | null> {
  const rows = await client.$queryRaw<ActivePin[]>`
    SELECT "slot"::text AS "slot", "sectionId"::text AS "sectionId", "position", "storyId"::text AS "storyId", "expiresAt"
    FROM "FrontPagePin"
    WHERE "layoutId" = ${LAYOUT_ID} AND "slot" = 'SECTION_TOP' AND "sectionId" = ${sectionId}::uuid
      AND ("expiresAt" IS NULL OR "expiresAt" > now())
    LIMIT 1`;
  return rows[0] ?? null;
}
