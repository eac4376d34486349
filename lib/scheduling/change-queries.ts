import "server-only";
import { db } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import type { StoryInput } from "@/lib/stories/schemas";

// Reads of scheduled changes for the newsroom: dynamic, for a named actor, shaped as DTOs for client components.

export type OpenScheduledChange = {
  id: string;
  status: "PENDING" | "HELD";
  runAt: string;
  preparedBy: string | null;
  baseVersion: number;
  heldAt: string | null;
  heldReason: string | null;
  /** The prepared content, in the story form's shape (stored so by lib/scheduling/changes.ts). */
  content: StoryInput;
};

/** A story's changes still waiting for their time or for a look, soonest first; for those who may act on them. */
export async function listOpenScheduledChanges(actor: Actor, storyId: string): Promise<OpenScheduledChange[]> {
  if (!can(actor, "story.publish")) return [];
  const rows = await db().scheduledChange.findMany({
    where: { storyId, status: { in: ["PENDING", "HELD"] } },
    orderBy: [{ runAt: "asc" }, { createdAt: "asc" }],
    select: {
      id: true,
      status: true,
      runAt: true,
      baseVersion: true,
      heldAt: true,
      heldReason: true,
      content: true,
      preparedBy: { select: { name: true } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    status: row.status === "HELD" ? "HELD" : "PENDING",
    runAt: row.runAt.toISOString(),
    preparedBy: row.preparedBy?.name ?? null,
    baseVersion: row.baseVersion,
    heldAt: row.heldAt?.toISOString() ?? null,
    heldReason: row.heldReason,
    content: row.content as StoryInput,
  }));
}

export type HeldChangeOnDesk = { storyId: string; headline: string; heldAt: string };

/** Stories with a scheduled change held for a look, most recently held first: the desk puts them on top. */
export async function listHeldChangesForDesk(actor: Actor): Promise<HeldChangeOnDesk[]> {
  if (!can(actor, "story.publish")) return [];
  const rows = await db().scheduledChange.findMany({
    where: { status: "HELD" },
    orderBy: { heldAt: "desc" },
    take: 50,
    distinct: ["storyId"],
    select: { storyId: true, heldAt: true, story: { select: { headline: true } } },
  });
  return rows.map((row) => ({ storyId: row.storyId, headline: row.story.headline, heldAt: (row.heldAt ?? new Date(0)).toISOString() }));
}
