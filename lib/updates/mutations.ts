import "server-only";
import { randomUUID } from "node:crypto";
import { db, type Tx } from "@/lib/db";
import { insertRows } from "@/lib/db/insert-rows";
import { authorIdOf, can, type Actor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { publicTags } from "@/lib/stories/public-tags";
import { recordPublishedVersion } from "@/lib/history/record";
import { cacheTags } from "@/lib/cache/tags";
import { LISTED_AS_CORRECTIONS } from "@/lib/updates/kinds";
import type { UpdateKind } from "@/lib/generated/prisma/enums";

// The public update log of a published story: entries are added, reworded and withdrawn in the open,
// never deleted. Each write authorizes first, then runs in one transaction with its audit event, and
// returns the cache tags it makes stale for readers.

export type LogEntryWriteResult = { updateId: string; tags: string[] };

const REFUSED = "Only editors can add, edit or withdraw updates and corrections.";

type LoadedStory = { id: string; slug: string; status: string; firstPublishedAt: Date | null; lastUpdatedAt: Date | null; section: { slug: string } | null };

const storySelect = { id: true, slug: true, status: true, firstPublishedAt: true, lastUpdatedAt: true, section: { select: { slug: true } } } as const;

function assertMayWrite(actor: Actor) {
  if (!can(actor, "story.update.add")) throw new ForbiddenError(REFUSED);
}

function assertPublished(story: LoadedStory): asserts story is LoadedStory & { firstPublishedAt: Date } {
  if (story.status !== "PUBLISHED" || !story.firstPublishedAt) {
    throw new InvalidError("The update log is for published stories. Publish the story first.");
  }
}

/**
 * The time an entry is shown with: now when not given; never in the future, never before the story
 * was first published. A time in the minute of publication (the form's precision) counts as that moment.
 */
function entryTime(occurredAt: Date | undefined, firstPublishedAt: Date, now: Date): Date {
  if (!occurredAt) return now;
  if (Number.isNaN(occurredAt.getTime())) throw new InvalidError("Check the time of the entry.", { occurredAt: ["Enter a date and time."] });
  if (occurredAt.getTime() > now.getTime()) {
    throw new InvalidError("The time of the entry is in the future.", { occurredAt: ["The time cannot be in the future. Leave it empty for now."] });
  }
  if (occurredAt.getTime() < firstPublishedAt.getTime()) {
    if (Math.floor(occurredAt.getTime() / 60_000) === Math.floor(firstPublishedAt.getTime() / 60_000)) return firstPublishedAt;
    throw new InvalidError("The time of the entry is before the story was first published.", {
      occurredAt: ["The time cannot be before the story was first published."],
    });
  }
  return occurredAt;
}

/**
 * The story an entry is added to, with its latest revision, locked for the write: the lock
 * recordPublishedVersion takes anyway, taken first, so that the "Updated" time is read and moved by
 * one writer at a time. One raw round trip on the path from an editor's entry to readers.
 */
async function lockStoryForEntry(tx: Tx, storyId: string): Promise<(LoadedStory & { revisionId: string | null }) | null> {
  const [row] = await tx.$queryRaw<(Omit<LoadedStory, "section"> & { sectionSlug: string | null; revisionId: string | null })[]>`
    SELECT s.id::text AS id, s.slug, s.status::text AS status, s."firstPublishedAt", s."lastUpdatedAt", sec.slug AS "sectionSlug",
      (SELECT r.id::text FROM "Revision" r WHERE r."storyId" = s.id ORDER BY r."createdAt" DESC LIMIT 1) AS "revisionId"
    FROM "Story" s LEFT JOIN "Section" sec ON sec.id = s."sectionId"
    WHERE s.id = ${storyId}::uuid
    FOR UPDATE OF s`;
  if (!row) return null;
  const { sectionSlug, ...story } = row;
  return { ...story, section: sectionSlug === null ? null : { slug: sectionSlug } };
}

async function tagsFor(tx: Tx, story: LoadedStory, kind: UpdateKind): Promise<string[]> {
  const tags = await publicTags(tx, story.id, [story.slug], [story.section?.slug]);
  return LISTED_AS_CORRECTIONS.includes(kind) && !tags.includes(cacheTags.corrections) ? [...tags, cacheTags.corrections] : tags;
}

/** Loads an entry with its story for an edit or a withdrawal; refuses entries already withdrawn. */
async function loadEntry(tx: Tx, updateId: string) {
  const entry = await tx.storyUpdate.findUnique({
    where: { id: updateId },
    select: { id: true, kind: true, note: true, occurredAt: true, withdrawnAt: true, story: { select: storySelect } },
  });
  if (!entry) throw new NotFoundError("This entry no longer exists. Reload the page to see the log as it is now.");
  assertPublished(entry.story);
  if (entry.withdrawnAt) throw new InvalidError("This entry has been withdrawn; it stays as it is.");
  return { ...entry, story: entry.story as LoadedStory & { firstPublishedAt: Date } };
}

/**
 * Adds an entry to a published story's log. A significant entry moves the story's public "Updated"
 * time to its own time when that is later; any other entry leaves it alone.
 */
export async function addLogEntry(
  actor: Actor,
  params: { storyId: string; kind: UpdateKind; note: string; occurredAt?: Date; significant: boolean },
): Promise<LogEntryWriteResult> {
  assertMayWrite(actor);
  return db().$transaction(async (tx) => {
    const story = await lockStoryForEntry(tx, params.storyId);
    if (!story) throw new NotFoundError("This story no longer exists; it may have been deleted.");
    assertPublished(story);
    const now = new Date();
    const occurredAt = entryTime(params.occurredAt, story.firstPublishedAt, now);
    const updateId = randomUUID();
    await insertRows(tx, "StoryUpdate", [
      {
        id: updateId,
        storyId: story.id,
        kind: params.kind,
        note: params.note,
        occurredAt,
        significant: params.significant,
        revisionId: story.revisionId,
        authorId: authorIdOf(actor),
        createdAt: now,
      },
    ]);
    // Links the entry to the version readers see now (no new version: the log is not story content).
    await recordPublishedVersion(tx, story.id, { updateId });
    if (params.significant && (!story.lastUpdatedAt || occurredAt > story.lastUpdatedAt)) {
      await tx.$executeRaw`UPDATE "Story" SET "lastUpdatedAt" = ${occurredAt}, "updatedAt" = ${now} WHERE id = ${story.id}::uuid`;
    }
    await recordAudit(tx, {
      actor,
      action: params.kind === "UPDATE" ? "story.update.add" : "story.correction.add",
      entityType: "story",
      entityId: story.id,
      data: { updateId, kind: params.kind, significant: params.significant },
    });
    return { updateId, tags: await tagsFor(tx, story, params.kind) };
  });
}

/**
 * Rewords an entry (and optionally re-times it). The previous wording and time are kept in
 * StoryUpdateEdit, so the change is on the record. The story's "Updated" time does not move.
 */
export async function editLogEntry(actor: Actor, params: { updateId: string; note: string; occurredAt?: Date }): Promise<LogEntryWriteResult> {
  assertMayWrite(actor);
  return db().$transaction(async (tx) => {
    const entry = await loadEntry(tx, params.updateId);
    const occurredAt = params.occurredAt ? entryTime(params.occurredAt, entry.story.firstPublishedAt, new Date()) : entry.occurredAt;
    if (params.note === entry.note && occurredAt.getTime() === entry.occurredAt.getTime()) {
      throw new InvalidError("Nothing changed.", { note: ["The new wording is the same as the current one."] });
    }
    await tx.storyUpdateEdit.create({
      data: { updateId: entry.id, previousNote: entry.note, previousOccurredAt: entry.occurredAt, editedById: authorIdOf(actor) },
    });
    await tx.storyUpdate.update({ where: { id: entry.id }, data: { note: params.note, occurredAt } });
    await recordAudit(tx, {
      actor,
      action: "story.update.edit",
      entityType: "story",
      entityId: entry.story.id,
      data: { updateId: entry.id, kind: entry.kind },
    });
    return { updateId: entry.id, tags: await tagsFor(tx, entry.story, entry.kind) };
  });
}

/** Withdraws an entry: it stays in the log, struck through, with the reason. Nothing is erased. */
export async function withdrawLogEntry(actor: Actor, params: { updateId: string; reason: string }): Promise<LogEntryWriteResult> {
  assertMayWrite(actor);
  const reason = params.reason.trim();
  if (!reason) throw new InvalidError("Say why the entry is withdrawn.", { reason: ["Say why the entry is withdrawn; readers see the reason."] });
  return db().$transaction(async (tx) => {
    const entry = await loadEntry(tx, params.updateId);
    await tx.storyUpdate.update({ where: { id: entry.id }, data: { withdrawnAt: new Date(), withdrawnReason: reason } });
    await recordAudit(tx, {
      actor,
      action: "story.update.withdraw",
      entityType: "story",
      entityId: entry.story.id,
      data: { updateId: entry.id, kind: entry.kind, reason },
    });
    return { updateId: entry.id, tags: await tagsFor(tx, entry.story, entry.kind) };
  });
}
