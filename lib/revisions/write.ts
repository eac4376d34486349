import type { Tx } from "@/lib/db/client";
import { authorIdOf, type Actor } from "@/lib/auth/permissions";
import { storySnapshot } from "@/lib/stories/snapshot";
import type { RevisionKind } from "@/lib/generated/prisma/enums";

// The one writer of revisions: every change to a story's content saves a full snapshot of it, inside
// the change's transaction, so that any revision can be shown, compared or restored whole.

/** Autosaves by one person within this long of their last autosave refresh that revision instead of adding one. */
export const AUTOSAVE_COALESCE_MS = 60_000;

export type WrittenRevision = { id: string; coalesced: boolean };

/** Saves the story as it now is as revision `version`, by `actor` (the system writes with no author). */
export async function writeRevision(tx: Tx, storyId: string, version: number, kind: RevisionKind, actor: Actor): Promise<WrittenRevision> {
  const authorId = authorIdOf(actor);
  const snapshot = await storySnapshot(tx, storyId);
  if (kind === "AUTOSAVE") {
    // History stays readable: a burst of typing is one revision a minute per person, not one per pause.
    const latest = await tx.revision.findFirst({
      where: { storyId },
      orderBy: { createdAt: "desc" },
      select: { id: true, kind: true, authorId: true, createdAt: true },
    });
    if (latest?.kind === "AUTOSAVE" && latest.authorId === authorId && Date.now() - latest.createdAt.getTime() < AUTOSAVE_COALESCE_MS) {
      await tx.revision.update({ where: { id: latest.id }, data: { version, snapshot } });
      return { id: latest.id, coalesced: true };
    }
  }
  const { id } = await tx.revision.create({ data: { storyId, version, kind, authorId, snapshot }, select: { id: true } });
  return { id, coalesced: false };
}
