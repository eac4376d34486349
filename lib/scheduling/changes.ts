import "server-only";
import { db, type Tx } from "@/lib/db";
import { authorIdOf, can, type Actor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { ConflictError, ExpectedError, ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { missingForPublication, refusingTakenSlug, updateStoryInTransaction, type StoryWriteResult } from "@/lib/stories/mutations";
import { storyInputOf, storyInputSchema, type StoryValues } from "@/lib/stories/schemas";
import { assertScheduleTime, SCHEDULER_ACTOR } from "@/lib/scheduling/schedule";
import { databaseNow } from "@/lib/stories/visibility";
import { enqueueScheduledChange, expireTagsOnServer, removeQueuedScheduledChange } from "@/lib/scheduling/queue";
import type { InputJsonValue } from "@/lib/generated/prisma/internal/prismaNamespace";

// Scheduled changes to a published story: an editor prepares new content (the story form's, whole) and
// a time; until then readers see the story as it is. At the time a pg-boss job applies it as an
// ordinary save of the published story (lib/stories/mutations.ts), by the scheduler, so it gets a
// revision, a public-history version and an honest "Updated" time like any save. A change is applied
// only to the version it was prepared from: if anyone saved the story in between, applying it blindly
// would undo their edit, so it is held for an editor to compare and apply or discard.
// As with scheduled publication, the row is the truth and the job a wake-up call; the row's status
// moves under a row lock, so that a change is applied once however many servers run the job.

export type ChangeOutcome = { outcome: "applied"; result: StoryWriteResult } | { outcome: "held"; reason: string } | null;

const REFUSED = "Only editors can schedule, apply or cancel changes to a published story.";

const EDITED_MEANWHILE = "The story was saved after this change was prepared, so the change was not applied: compare it with the current version.";
const NO_LONGER_PUBLISHED = "The story is no longer published, so the change was not applied.";
const UNREADABLE = "The prepared content can no longer be saved as it is (a rule changed since it was prepared). Discard it and prepare the change again.";

type LockedChange = { id: string; storyId: string; baseVersion: number; content: unknown; runAt: Date; status: string; preparedById: string | null };

/** The change, locked until the transaction ends: whoever holds it decides its fate alone. */
async function lockChange(tx: Tx, changeId: string): Promise<LockedChange | null> {
  await tx.$queryRaw`SELECT id FROM "ScheduledChange" WHERE id = ${changeId}::uuid FOR UPDATE`;
  return tx.scheduledChange.findUnique({
    where: { id: changeId },
    select: { id: true, storyId: true, baseVersion: true, content: true, runAt: true, status: true, preparedById: true },
  });
}

/**
 * Prepares a change to a published story, to be saved at `runAt`, based on the version the editor
 * had open. Nothing readers see changes now, so there are no tags to expire.
 */
export async function scheduleChange(
  actor: Actor,
  params: { storyId: string; baseVersion: number; values: StoryValues; runAt: Date },
): Promise<{ changeId: string; runAt: Date; tags: string[] }> {
  const { storyId, baseVersion, values, runAt } = params;
  if (!can(actor, "story.publish")) throw new ForbiddenError(REFUSED);
  assertScheduleTime(runAt, new Date(), "runAt");

  const change = await db().$transaction(async (tx) => {
    const story = await tx.story.findUnique({ where: { id: storyId }, select: { status: true, version: true } });
    if (!story) throw new NotFoundError("This story no longer exists; it may have been deleted.");
    if (story.status !== "PUBLISHED") throw new InvalidError("Only a published story takes scheduled changes. Save this one as usual.");
    if (story.version !== baseVersion) {
      throw new ConflictError(
        "Someone else saved this story after you opened it, so nothing was scheduled. Your version is still in the form: open the story in a new tab to see theirs, and schedule your change again from the latest version.",
        story.version,
      );
    }
    const missing = missingForPublication(values);
    if (missing.length) throw new InvalidError(`This change cannot be scheduled: the story would need ${missing.join(", ")}.`);
    const created = await tx.scheduledChange.create({
      data: { storyId, baseVersion, content: storyInputOf(values) as InputJsonValue, runAt, preparedById: authorIdOf(actor) },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor,
      action: "story.change.schedule",
      entityType: "story",
      entityId: storyId,
      data: { changeId: created.id, runAt: runAt.toISOString(), baseVersion },
    });
    return created;
  });

  // After the commit, so that the job never runs ahead of the row. If queuing fails the change still
  // stands (that is committed) and the scheduler's minute sweep applies it.
  try {
    await enqueueScheduledChange(change.id, runAt);
  } catch (error) {
    console.error(`[scheduler] Change ${change.id} is scheduled for ${runAt.toISOString()}, but its job could not be queued; the sweep will apply it.`, error);
  }
  return { changeId: change.id, runAt, tags: [] };
}

/** Cancels a change that is still waiting for its time. */
export async function cancelScheduledChange(actor: Actor, changeId: string): Promise<{ storyId: string; tags: string[] }> {
  if (!can(actor, "story.publish")) throw new ForbiddenError(REFUSED);
  const storyId = await db().$transaction(async (tx) => {
    const change = await lockChange(tx, changeId);
    if (!change) throw new NotFoundError("This scheduled change no longer exists. Reload the page.");
    if (change.status !== "PENDING") throw new InvalidError("This change is no longer waiting for its time. Reload the page to see where it stands.");
    await tx.scheduledChange.update({ where: { id: changeId }, data: { status: "CANCELLED", closedAt: new Date(), closedById: authorIdOf(actor) } });
    await recordAudit(tx, { actor, action: "story.change.cancel", entityType: "story", entityId: change.storyId, data: { changeId } });
    return change.storyId;
  });
  // Tidiness only: a job left behind finds the change cancelled and does nothing.
  try {
    await removeQueuedScheduledChange(changeId);
  } catch (error) {
    console.error(`[scheduler] Could not remove the queued job of cancelled change ${changeId}; it will run and do nothing.`, error);
  }
  return { storyId, tags: [] };
}

async function hold(tx: Tx, change: LockedChange, reason: string, now: Date): Promise<ChangeOutcome> {
  await tx.scheduledChange.update({ where: { id: change.id }, data: { status: "HELD", heldAt: now, heldReason: reason } });
  await recordAudit(tx, {
    actor: SCHEDULER_ACTOR,
    action: "story.change.hold",
    entityType: "story",
    entityId: change.storyId,
    data: { changeId: change.id, preparedById: change.preparedById, reason },
  });
  console.warn(`[scheduler] Held scheduled change ${change.id} of story ${change.storyId}: ${reason}`);
  return { outcome: "held", reason };
}

/**
 * The job's body: applies the change if it is still waiting and its time has come by the database's
 * clock (the one pg-boss uses to decide a job is due); otherwise does nothing and returns null. Holds
 * it instead when the story moved on since it was prepared, or when the save is refused. Then asks the
 * web server to expire the tags the save made stale.
 */
export async function applyScheduledChange(changeId: string): Promise<ChangeOutcome> {
  const actor = SCHEDULER_ACTOR;
  let outcome: ChangeOutcome;
  try {
    outcome = await refusingTakenSlug(() =>
      db().$transaction(async (tx) => {
        const change = await lockChange(tx, changeId);
        const now = await databaseNow(tx);
        if (!change || change.status !== "PENDING" || change.runAt > now) return null;
        const story = await tx.story.findUnique({ where: { id: change.storyId }, select: { status: true, version: true } });
        if (!story) return null;
        if (story.status !== "PUBLISHED") return hold(tx, change, NO_LONGER_PUBLISHED, now);
        if (story.version !== change.baseVersion) return hold(tx, change, EDITED_MEANWHILE, now);
        const values = storyInputSchema.safeParse(change.content);
        if (!values.success) return hold(tx, change, UNREADABLE, now);

        const result = await updateStoryInTransaction(tx, actor, {
          storyId: change.storyId,
          baseVersion: change.baseVersion,
          values: values.data,
          intent: "save",
        });
        await tx.scheduledChange.update({ where: { id: change.id }, data: { status: "APPLIED", appliedAt: now, appliedVersion: result.version } });
        await recordAudit(tx, {
          actor,
          action: "story.change.apply",
          entityType: "story",
          entityId: change.storyId,
          data: { changeId: change.id, preparedById: change.preparedById, runAt: change.runAt.toISOString(), version: result.version },
        });
        return { outcome: "applied" as const, result };
      }),
    );
  } catch (error) {
    // The save refused it (its slug was taken meanwhile, its section deleted, a save raced it): the
    // transaction is gone, so the change is held in one of its own, with the save's reason.
    if (!(error instanceof ExpectedError)) throw error;
    const reason = error instanceof ConflictError ? EDITED_MEANWHILE : `The change could not be saved: ${error.message}`;
    outcome = await db().$transaction(async (tx) => {
      const change = await lockChange(tx, changeId);
      return change?.status === "PENDING" ? hold(tx, change, reason, await databaseNow(tx)) : null;
    });
  }
  if (outcome?.outcome === "applied") await expireTagsOnServer(outcome.result.tags);
  return outcome;
}

/** Applies every waiting change whose time has passed: the catch-up after downtime or a lost job. Returns how many were applied or held. */
export async function applyOverdueChanges(): Promise<number> {
  const due = await db().$transaction(async (tx) => {
    const now = await databaseNow(tx);
    return tx.scheduledChange.findMany({ where: { status: "PENDING", runAt: { lte: now } }, orderBy: { runAt: "asc" }, select: { id: true } });
  });
  let settled = 0;
  for (const { id } of due) {
    // One change that fails must not hold back the others.
    try {
      if (await applyScheduledChange(id)) settled++;
    } catch (error) {
      console.error(`[scheduler] Could not apply overdue change ${id}; the next sweep will try again.`, error);
    }
  }
  return settled;
}

/**
 * "Apply now" on a held change: an editor who compared it with the story as it is now saves it over
 * that version (`storyVersion`, the one they compared with). Recorded as the editor's act.
 */
export async function applyHeldChange(actor: Actor, params: { changeId: string; storyVersion: number }): Promise<StoryWriteResult> {
  if (!can(actor, "story.publish")) throw new ForbiddenError(REFUSED);
  return refusingTakenSlug(() =>
    db().$transaction(async (tx) => {
      const change = await lockChange(tx, params.changeId);
      if (!change) throw new NotFoundError("This scheduled change no longer exists. Reload the page.");
      if (change.status !== "HELD") throw new InvalidError("This change is not waiting for a look any more. Reload the page to see where it stands.");
      const story = await tx.story.findUnique({ where: { id: change.storyId }, select: { status: true, version: true } });
      if (!story) throw new NotFoundError("This story no longer exists; it may have been deleted.");
      if (story.status !== "PUBLISHED") throw new InvalidError("This story is no longer published. Discard the change, or publish the story first.");
      if (story.version !== params.storyVersion) {
        throw new ConflictError(
          "The story was saved again while you were comparing. Reload the page to compare the change with the latest version.",
          story.version,
        );
      }
      const values = storyInputSchema.safeParse(change.content);
      if (!values.success) throw new InvalidError(UNREADABLE);
      const result = await updateStoryInTransaction(tx, actor, { storyId: change.storyId, baseVersion: story.version, values: values.data, intent: "save" });
      await tx.scheduledChange.update({ where: { id: change.id }, data: { status: "APPLIED", appliedAt: new Date(), appliedVersion: result.version } });
      await recordAudit(tx, {
        actor,
        action: "story.change.apply_reviewed",
        entityType: "story",
        entityId: change.storyId,
        data: { changeId: change.id, preparedById: change.preparedById, version: result.version },
      });
      return result;
    }),
  );
}

/** Discards a held change: it is kept on the record as cancelled, and the story stays as it is. */
export async function discardHeldChange(actor: Actor, changeId: string): Promise<{ storyId: string; tags: string[] }> {
  if (!can(actor, "story.publish")) throw new ForbiddenError(REFUSED);
  return db().$transaction(async (tx) => {
    const change = await lockChange(tx, changeId);
    if (!change) throw new NotFoundError("This scheduled change no longer exists. Reload the page.");
    if (change.status !== "HELD") throw new InvalidError("This change is not waiting for a look any more. Reload the page to see where it stands.");
    await tx.scheduledChange.update({ where: { id: changeId }, data: { status: "CANCELLED", closedAt: new Date(), closedById: authorIdOf(actor) } });
    await recordAudit(tx, { actor, action: "story.change.discard", entityType: "story", entityId: change.storyId, data: { changeId } });
    return { storyId: change.storyId, tags: [] };
  });
}
