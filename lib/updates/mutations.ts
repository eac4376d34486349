import "server-only";
import { db, type Tx } from "@/lib/db";
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

async function latestRevisionId(tx: Tx, storyId: string): Promise<string | undefined> {
  const revision = await tx.revision.findFirst({ where: { storyId }, orderBy: { createdAt: "desc" }, select: { id: true } });
  return revision?.id;
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
    const story = await tx.story.findUnique({ where: { id: params.storyId }, select: storySelect });
    if (!story) throw new NotFoundError("This story no longer exists; it may have been deleted.");
    assertPublished(story);
    const occurredAt = entryTime(params.occurredAt, story.firstPublishedAt, new Date());
    const update = await tx.storyUpdate.create({
      data: {
        storyId: story.id,
        kind: params.kind,
        note: params.note,
        occurredAt,
        significant: params.significant,
        revisionId: await latestRevisionId(tx, story.id),
        authorId: authorIdOf(actor),
      },
      select: { id: true },
    });
    // Links the entry to the version readers see now (no new version: the log is not story content).
    await recordPublishedVersion(tx, story.id, { updateId: update.id });
    if (params.significant && (!story.lastUpdatedAt || occurredAt > story.lastUpdatedAt)) {
      await tx.story.update({ where: { id: story.id }, data: { lastUpdatedAt: occurredAt } });
    }
    await recordAudit(tx, {
      actor,
      action: params.kind === "UPDATE" ? "story.update.add" : "story.correction.add",
      entityType: "story",
      entityId: story.id,
      data: { updateId: update.id, kind: params.kind, significant: params.significant },
    });
    return { updateId: update.id, tags: await tagsFor(tx, story, params.kind) };
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
