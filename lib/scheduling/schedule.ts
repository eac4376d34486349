import "server-only";
import { db, type Tx } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { readBody } from "@/lib/body/story-body";
import { missingForPublication, type StoryWriteResult } from "@/lib/stories/mutations";
import { publicTags } from "@/lib/stories/public-tags";
import { recordPublishedVersion } from "@/lib/history/record";
import { writeRevision } from "@/lib/revisions/write";
import { updateStoryAtVersion } from "@/lib/stories/versioned-update";
import { photosMissingForPublication } from "@/lib/media/story-photos";
import { enqueuePublish, expireTagsOnServer, removeQueuedPublish } from "@/lib/scheduling/queue";
import { databaseNow } from "@/lib/stories/visibility";
import { embargoInForce, embargoRefusal, newsroomTimeZone } from "@/lib/stories/embargo-rules";

// Scheduled publication: an editor sets the time, a pg-boss job (lib/scheduling/queue.ts) publishes the
// story then. The story row is the truth and the job only a wake-up call: the job re-checks the row, so
// a cancelled or rescheduled story is left alone, and publishOverdueStories catches up on anything a
// job missed (the server was down, or a job was lost).

/** Who publishes a scheduled story. Not a user: its revisions and audit events have no author. */
export const SCHEDULER_ACTOR: Actor = { id: "system", name: "Scheduler", email: "", role: "ADMIN", kind: "system" };

// The database's clock (lib/stories/visibility.ts): pg-boss decides that a job is due by it, and readers
// see an embargoed story by it, so the due checks here use the same one.

const storySelect = {
  id: true,
  slug: true,
  status: true,
  version: true,
  scheduledAt: true,
  firstPublishedAt: true,
  embargoUntil: true,
  headline: true,
  sectionId: true,
  body: true,
  leadMediaId: true,
  leadAlt: true,
  leadCaption: true,
  leadCredit: true,
  leadDecorative: true,
  bylines: { orderBy: { position: "asc" }, select: { userId: true, name: true, title: true } },
  section: { select: { slug: true } },
} as const;

type StoredStory = NonNullable<Awaited<ReturnType<typeof loadStory>>>;

function loadStory(tx: Tx, storyId: string) {
  return tx.story.findUnique({ where: { id: storyId }, select: storySelect });
}

/** What the stored story still lacks for publication (its photos' too), in the words a save uses. */
async function missingFromStored(tx: Tx, story: StoredStory): Promise<string[]> {
  const body = readBody(story.body);
  const missing = missingForPublication({
    headline: story.headline,
    bylines: story.bylines.map((b) => ({ userId: b.userId, name: b.name ?? "", title: b.title })),
    sectionId: story.sectionId,
    body,
  });
  return [...missing, ...(await photosMissingForPublication(tx, { ...story, body }))];
}

/** A time for the scheduler: in the future, at most a year ahead. `field` is the form field that holds it. */
export function assertScheduleTime(at: Date, now: Date, field: "publishAt" | "runAt" = "publishAt") {
  const what = field === "publishAt" ? "the story should be published" : "the change should go live";
  const instead = field === "publishAt" ? "publish the story now" : "save the change now";
  if (Number.isNaN(at.getTime())) {
    throw new InvalidError(`Choose when ${what}.`, { [field]: ["Enter a date and time, like 2026-11-25 9:30 a.m."] });
  }
  if (at.getTime() <= now.getTime()) {
    throw new InvalidError("That time has already passed.", { [field]: [`Choose a time in the future, or ${instead}.`] });
  }
  const yearAhead = new Date(now);
  yearAhead.setFullYear(yearAhead.getFullYear() + 1);
  if (at.getTime() > yearAhead.getTime()) {
    throw new InvalidError("That time is too far ahead.", {
      [field]: [field === "publishAt" ? "Schedule stories at most a year ahead." : "Schedule changes at most a year ahead."],
    });
  }
}

/**
 * Schedules a story (or moves its time) to be published at `publishAt`, based on `baseVersion`.
 * Nothing public changes until then, so there are no tags to expire.
 */
export async function scheduleStory(actor: Actor, params: { storyId: string; baseVersion: number; publishAt: Date }): Promise<StoryWriteResult> {
  const { storyId, baseVersion, publishAt } = params;
  if (!can(actor, "story.publish")) throw new ForbiddenError("Only editors can schedule stories.");
  assertScheduleTime(publishAt, new Date());

  const result = await db().$transaction(async (tx) => {
    const story = await loadStory(tx, storyId);
    if (!story) throw new NotFoundError("This story no longer exists; it may have been deleted.");
    if (story.status === "PUBLISHED") throw new InvalidError("This story is already published; unpublish it first or edit it directly.");
    const embargo = embargoInForce(story.embargoUntil, await databaseNow(tx));
    if (embargo && publishAt < embargo) {
      const refusal = embargoRefusal(embargo, await newsroomTimeZone(tx));
      throw new InvalidError(refusal, { publishAt: [refusal] });
    }
    const missing = await missingFromStored(tx, story);
    if (missing.length) throw new InvalidError(`This story cannot be scheduled yet. It needs ${missing.join(", ")}.`);
    const version = await updateStoryAtVersion(tx, {
      storyId,
      baseVersion,
      currentVersion: story.version,
      data: { status: "SCHEDULED", scheduledAt: publishAt },
    });
    await writeRevision(tx, storyId, version, "SAVE", actor);
    await recordAudit(tx, {
      actor,
      action: "story.schedule",
      entityType: "story",
      entityId: storyId,
      data: { publishAt: publishAt.toISOString(), version },
    });
    return { storyId, slug: story.slug, version, status: "SCHEDULED" as const, tags: [] };
  });

  // After the commit, so that a job never runs ahead of the row it checks. Moving the time moves the
  // story's one waiting job. Should this fail, the story is still scheduled (that is committed) and the
  // scheduler's catch-up publishes it; telling the editor "nothing was saved" would be untrue.
  try {
    await enqueuePublish(storyId, publishAt);
  } catch (error) {
    console.error(
      `[scheduler] Story ${storyId} is scheduled for ${publishAt.toISOString()}, but its job could not be queued; the catch-up will publish it.`,
      error,
    );
  }
  return result;
}

/** Takes a story off the schedule; it goes back to being a draft. */
export async function cancelSchedule(actor: Actor, params: { storyId: string; baseVersion: number }): Promise<StoryWriteResult> {
  const { storyId, baseVersion } = params;
  if (!can(actor, "story.publish")) throw new ForbiddenError("Only editors can cancel a scheduled publication.");

  const result = await db().$transaction(async (tx) => {
    const story = await loadStory(tx, storyId);
    if (!story) throw new NotFoundError("This story no longer exists; it may have been deleted.");
    if (story.status !== "SCHEDULED") throw new InvalidError("This story is not scheduled.");
    const version = await updateStoryAtVersion(tx, { storyId, baseVersion, currentVersion: story.version, data: { status: "DRAFT", scheduledAt: null } });
    await writeRevision(tx, storyId, version, "SAVE", actor);
    await recordAudit(tx, { actor, action: "story.unschedule", entityType: "story", entityId: storyId, data: { version } });
    return { storyId, slug: story.slug, version, status: "DRAFT" as const, tags: [] };
  });

  // Tidiness only: a job left behind finds the story no longer scheduled and does nothing.
  try {
    await removeQueuedPublish(storyId);
  } catch (error) {
    console.error(`[scheduler] Could not remove the queued job of unscheduled story ${storyId}; it will run and do nothing.`, error);
  }
  return result;
}

/**
 * Publishes a story if it is still scheduled and its time has come; otherwise does nothing and returns
 * null (it was cancelled, rescheduled, published by hand, or deleted). Safe to run twice at once: only
 * one run's conditional update succeeds. Then asks the web server to expire the public cache tags.
 */
export async function publishScheduledStory(storyId: string): Promise<StoryWriteResult | null> {
  const actor = SCHEDULER_ACTOR;
  if (!can(actor, "story.publish")) throw new ForbiddenError("The scheduler may not publish stories.");

  let wakeAgainAt: Date | null = null;
  const result = await db().$transaction(async (tx) => {
    const story = await loadStory(tx, storyId);
    const now = await databaseNow(tx);
    if (!story) return null;
    // Never early: a job that runs before the lift (a clock apart, an embargo held longer since it was
    // queued) publishes nothing and wakes again at the lift.
    const embargo = embargoInForce(story.embargoUntil, now);
    if (embargo) {
      wakeAgainAt = story.status === "SCHEDULED" && story.scheduledAt && story.scheduledAt > embargo ? story.scheduledAt : embargo;
      return null;
    }
    if (story.embargoUntil) {
      // The lift has come: recorded once (the conditional update), by whichever run gets here first.
      const lifted = await tx.story.updateMany({ where: { id: storyId, embargoUntil: story.embargoUntil }, data: { embargoUntil: null } });
      if (lifted.count === 1) {
        await recordAudit(tx, {
          actor,
          action: "story.embargo.lifted",
          entityType: "story",
          entityId: storyId,
          data: { from: story.embargoUntil.toISOString(), to: null, at: now.toISOString() },
        });
      }
    }
    if (story.status !== "SCHEDULED" || !story.scheduledAt || story.scheduledAt > now) return null;

    // Editors can still edit a scheduled story; if it lost what publishing needs, readers must not see
    // it half-made. It goes back to the desk as a draft, and the audit log says why.
    const missing = await missingFromStored(tx, story);
    if (missing.length) {
      const updated = await tx.story.updateMany({
        where: { id: storyId, version: story.version, status: "SCHEDULED" },
        data: { status: "DRAFT", scheduledAt: null, version: { increment: 1 } },
      });
      if (updated.count === 0) return null;
      await writeRevision(tx, storyId, story.version + 1, "SAVE", actor);
      await recordAudit(tx, { actor, action: "story.schedule.fail", entityType: "story", entityId: storyId, data: { missing } });
      console.warn(`[scheduler] Did not publish "${story.slug}": it needs ${missing.join(", ")}. It is a draft again.`);
      return null;
    }

    const updated = await tx.story.updateMany({
      where: { id: storyId, version: story.version, status: "SCHEDULED" },
      data: {
        status: "PUBLISHED",
        scheduledAt: null,
        firstPublishedAt: story.firstPublishedAt ?? now,
        lastUpdatedAt: now,
        version: { increment: 1 },
      },
    });
    // Someone saved, cancelled or published it between our read and write: theirs is the latest word.
    if (updated.count === 0) return null;
    const version = story.version + 1;
    await writeRevision(tx, storyId, version, "PUBLISH", actor);
    await recordPublishedVersion(tx, storyId);
    await recordAudit(tx, {
      actor,
      action: "story.publish",
      entityType: "story",
      entityId: storyId,
      data: { scheduled: true, scheduledAt: story.scheduledAt.toISOString(), version },
    });
    const tags = await publicTags(tx, storyId, [story.slug], [story.section?.slug]);
    return { storyId, slug: story.slug, version, status: "PUBLISHED" as const, tags };
  });

  if (result) await expireTagsOnServer(result.tags);
  if (wakeAgainAt) await enqueuePublish(storyId, wakeAgainAt);
  return result;
}

/** Publishes every scheduled story whose time has passed; the catch-up after downtime. Returns how many. */
export async function publishOverdueStories(): Promise<number> {
  const due = await db().$transaction(async (tx) => {
    const now = await databaseNow(tx);
    // Scheduled stories whose time has come and no embargo holds, and embargoes whose lift has come.
    return tx.story.findMany({
      where: {
        OR: [{ status: "SCHEDULED", scheduledAt: { lte: now }, OR: [{ embargoUntil: null }, { embargoUntil: { lte: now } }] }, { embargoUntil: { lte: now } }],
      },
      orderBy: { scheduledAt: "asc" },
      select: { id: true },
    });
  });
  let published = 0;
  for (const { id } of due) {
    // One story that cannot be published must not hold back the others.
    try {
      if (await publishScheduledStory(id)) published++;
    } catch (error) {
      console.error(`[scheduler] Could not publish overdue story ${id}; the next catch-up will try again.`, error);
    }
  }
  return published;
}
