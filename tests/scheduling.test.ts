// Scheduled publication against a real database: who may schedule, what gets written, when the job
// publishes, the catch-up after downtime, and the pg-boss queue end to end. No web server runs here,
// so asking it to expire cache tags fails (and is logged): publication must not depend on that.
import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createStory, updateStory } from "@/lib/stories/mutations";
import { findPublishedStory } from "@/lib/stories/public";
import { cancelSchedule, publishOverdueStories, publishScheduledStory, scheduleStory } from "@/lib/scheduling/schedule";
import { startScheduler, stopScheduler } from "@/lib/scheduling/worker";
import { readTagExpiry, signTagExpiry } from "@/lib/cache/internal-signature";
import { parseLocalDateTime, scheduleStoryInputSchema } from "@/lib/scheduling/schemas";
import { zonedTimeToUtc } from "@/lib/time/zoned";
import { ConflictError, ForbiddenError, InvalidError } from "@/lib/errors";
import { cacheTags } from "@/lib/cache/tags";
import { reporterEditorAndSection, storyValues, type TestUser } from "./support/factories";

let reporter: TestUser;
let editor: TestUser;
let sectionId: string;

beforeAll(async () => {
  ({ reporter, editor, sectionId } = await reporterEditorAndSection());
  // A port just freed, so nothing listens there: the worker's cache-expiry request fails at once, as
  // with no web server, and never reaches a server someone happens to run on the default port.
  process.env.NEWSROOM_INTERNAL_ORIGIN = `http://127.0.0.1:${await closedPort()}`;
});

afterAll(() => stopScheduler());

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000);

const draft = (overrides = {}) => createStory(reporter.actor, { intent: "save", values: storyValues({ sectionId, ...overrides }) });

/** Moves a scheduled story's time into the past, as if the clock had reached it. */
const makeDue = (storyId: string, minutesAgo = 1) => db().story.update({ where: { id: storyId }, data: { scheduledAt: inMinutes(-minutesAgo) } });

const storyRow = (storyId: string) => db().story.findUniqueOrThrow({ where: { id: storyId } });

describe("scheduling a story", () => {
  it("is refused to a reporter, and nothing changes", async () => {
    const story = await draft();
    await expect(scheduleStory(reporter.actor, { storyId: story.storyId, baseVersion: 1, publishAt: inMinutes(60) })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await storyRow(story.storyId)).toMatchObject({ status: "DRAFT", version: 1, scheduledAt: null });
  });

  it("refuses a time that has passed, or one more than a year ahead, with a field error", async () => {
    const story = await draft();
    const past = scheduleStory(editor.actor, { storyId: story.storyId, baseVersion: 1, publishAt: inMinutes(-5) });
    await expect(past).rejects.toBeInstanceOf(InvalidError);
    await expect(past).rejects.toMatchObject({ fieldErrors: { publishAt: [expect.stringContaining("future")] } });
    const far = scheduleStory(editor.actor, { storyId: story.storyId, baseVersion: 1, publishAt: inMinutes(60 * 24 * 400) });
    await expect(far).rejects.toMatchObject({ fieldErrors: { publishAt: [expect.stringContaining("a year ahead")] } });
    expect((await storyRow(story.storyId)).status).toBe("DRAFT");
  });

  it("sets the status and time, and writes a revision and an audit event, without touching public pages", async () => {
    const story = await draft();
    const publishAt = inMinutes(90);
    const result = await scheduleStory(editor.actor, { storyId: story.storyId, baseVersion: 1, publishAt });
    expect(result).toMatchObject({ storyId: story.storyId, status: "SCHEDULED", version: 2, slug: story.slug, tags: [] });
    expect(await storyRow(story.storyId)).toMatchObject({ status: "SCHEDULED", scheduledAt: publishAt, version: 2, firstPublishedAt: null });
    const revision = await db().revision.findFirstOrThrow({ where: { storyId: story.storyId }, orderBy: { version: "desc" } });
    expect(revision).toMatchObject({ kind: "SAVE", version: 2, authorId: editor.user.id });
    expect(revision.snapshot).toMatchObject({ status: "SCHEDULED" });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { entityId: story.storyId, action: "story.schedule" } });
    expect(audit).toMatchObject({ actorId: editor.user.id, data: { publishAt: publishAt.toISOString(), version: 2 } });
    expect(await findPublishedStory(story.slug)).toBeNull();
  });

  it("refuses a schedule based on an old version", async () => {
    const story = await draft();
    await updateStory(editor.actor, { storyId: story.storyId, baseVersion: 1, intent: "save", values: storyValues({ sectionId, headline: "Edited" }) });
    const stale = scheduleStory(editor.actor, { storyId: story.storyId, baseVersion: 1, publishAt: inMinutes(60) });
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(stale).rejects.toMatchObject({ currentVersion: 2 });
    expect(await storyRow(story.storyId)).toMatchObject({ status: "DRAFT", version: 2 });
  });

  it("refuses a story that is already published, or one missing what publishing needs", async () => {
    const published = await createStory(editor.actor, { intent: "publish", values: storyValues({ sectionId }) });
    await expect(scheduleStory(editor.actor, { storyId: published.storyId, baseVersion: 1, publishAt: inMinutes(60) })).rejects.toThrow(
      "This story is already published; unpublish it first or edit it directly.",
    );
    const incomplete = await draft({ sectionId: "", body: "" });
    await expect(scheduleStory(editor.actor, { storyId: incomplete.storyId, baseVersion: 1, publishAt: inMinutes(60) })).rejects.toThrow(
      "This story cannot be scheduled yet. It needs a section, a body.",
    );
  });

  it("moves the time of an already scheduled story, and cancels it back to a draft", async () => {
    const story = await draft();
    await scheduleStory(editor.actor, { storyId: story.storyId, baseVersion: 1, publishAt: inMinutes(60) });
    const later = inMinutes(120);
    await scheduleStory(editor.actor, { storyId: story.storyId, baseVersion: 2, publishAt: later });
    expect(await storyRow(story.storyId)).toMatchObject({ status: "SCHEDULED", scheduledAt: later, version: 3 });
    await expect(cancelSchedule(reporter.actor, { storyId: story.storyId, baseVersion: 3 })).rejects.toBeInstanceOf(ForbiddenError);
    const cancelled = await cancelSchedule(editor.actor, { storyId: story.storyId, baseVersion: 3 });
    expect(cancelled).toMatchObject({ status: "DRAFT", version: 4, tags: [] });
    expect(await storyRow(story.storyId)).toMatchObject({ status: "DRAFT", scheduledAt: null });
    expect(await db().auditEvent.count({ where: { entityId: story.storyId, action: "story.unschedule", actorId: editor.user.id } })).toBe(1);
  });
});

describe("the scheduled job", () => {
  it("publishes only once the time has come, as the system, and returns the tags readers need expired", async () => {
    const story = await draft();
    await scheduleStory(editor.actor, { storyId: story.storyId, baseVersion: 1, publishAt: inMinutes(60) });
    expect(await publishScheduledStory(story.storyId)).toBeNull();
    expect((await storyRow(story.storyId)).status).toBe("SCHEDULED");

    await makeDue(story.storyId);
    const published = await publishScheduledStory(story.storyId);
    const section = await db().section.findUniqueOrThrow({ where: { id: sectionId } });
    expect(published).toMatchObject({ status: "PUBLISHED", version: 3 });
    expect(published!.tags).toEqual(
      expect.arrayContaining([cacheTags.story(story.slug), cacheTags.section(section.slug), cacheTags.frontPage, cacheTags.feeds, cacheTags.sitemaps]),
    );
    const row = await storyRow(story.storyId);
    expect(row).toMatchObject({ status: "PUBLISHED", scheduledAt: null, version: 3 });
    expect(row.firstPublishedAt).toEqual(row.lastUpdatedAt);
    expect(await findPublishedStory(story.slug)).not.toBeNull();
    const revision = await db().revision.findFirstOrThrow({ where: { storyId: story.storyId }, orderBy: { version: "desc" } });
    expect(revision).toMatchObject({ kind: "PUBLISH", version: 3, authorId: null });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { entityId: story.storyId, action: "story.publish" } });
    expect(audit).toMatchObject({ actorId: null, data: { scheduled: true } });

    // A second run (another server's job, the catch-up) finds nothing left to do.
    expect(await publishScheduledStory(story.storyId)).toBeNull();
  });

  it("leaves a cancelled story alone", async () => {
    const story = await draft();
    await scheduleStory(editor.actor, { storyId: story.storyId, baseVersion: 1, publishAt: inMinutes(60) });
    await makeDue(story.storyId);
    await cancelSchedule(editor.actor, { storyId: story.storyId, baseVersion: 2 });
    expect(await publishScheduledStory(story.storyId)).toBeNull();
    expect(await storyRow(story.storyId)).toMatchObject({ status: "DRAFT", firstPublishedAt: null });
  });

  it("does not publish a scheduled story that lost what publishing needs; it goes back to the desk as a draft", async () => {
    const story = await draft();
    await scheduleStory(editor.actor, { storyId: story.storyId, baseVersion: 1, publishAt: inMinutes(60) });
    await updateStory(editor.actor, {
      storyId: story.storyId,
      baseVersion: 2,
      intent: "save",
      values: storyValues({ sectionId, headline: "Still scheduled", body: "" }),
    });
    await makeDue(story.storyId);
    expect(await publishScheduledStory(story.storyId)).toBeNull();
    expect(await storyRow(story.storyId)).toMatchObject({ status: "DRAFT", scheduledAt: null, firstPublishedAt: null });
    expect(await db().auditEvent.findFirst({ where: { entityId: story.storyId, action: "story.schedule.fail" } })).toMatchObject({
      data: { missing: ["a body"] },
    });
  });

  it("catches up on a story whose time passed while the server was down", async () => {
    const story = await draft();
    await scheduleStory(editor.actor, { storyId: story.storyId, baseVersion: 1, publishAt: inMinutes(60) });
    const waiting = await draft();
    await scheduleStory(editor.actor, { storyId: waiting.storyId, baseVersion: 1, publishAt: inMinutes(60) });
    await makeDue(story.storyId, 30);

    expect(await publishOverdueStories()).toBeGreaterThanOrEqual(1);
    expect((await storyRow(story.storyId)).status).toBe("PUBLISHED");
    expect((await storyRow(waiting.storyId)).status).toBe("SCHEDULED");
    expect(await publishOverdueStories()).toBe(0);
  });
});

describe("the queue", () => {
  it("publishes a story a couple of seconds after it was scheduled, with nobody visiting the site", async () => {
    await startScheduler();
    await startScheduler(); // idempotent: a second call registers no second set of workers
    const story = await draft();
    await scheduleStory(editor.actor, { storyId: story.storyId, baseVersion: 1, publishAt: new Date(Date.now() + 2000) });
    expect((await storyRow(story.storyId)).status).toBe("SCHEDULED");

    const deadline = Date.now() + 20_000;
    let status = "SCHEDULED";
    while (status !== "PUBLISHED" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = (await storyRow(story.storyId)).status;
    }
    expect(status).toBe("PUBLISHED");
    expect(await findPublishedStory(story.slug)).not.toBeNull();
  }, 30_000);
});

describe("the schedule form's time", () => {
  it("reads a datetime-local value as wall time in the newsroom's zone", () => {
    const parsed = scheduleStoryInputSchema.parse({ storyId: crypto.randomUUID(), baseVersion: 1, publishAt: "2026-11-25T09:30" });
    expect(zonedTimeToUtc(parsed.publishAt, "America/New_York").toISOString()).toBe("2026-11-25T14:30:00.000Z");
    expect(parseLocalDateTime("2026-07-01T09:30:00")).toEqual({ year: 2026, month: 7, day: 1, hour: 9, minute: 30 });
  });

  it("refuses what is not a real date and time with a message saying what to type", () => {
    for (const publishAt of ["", "tomorrow", "2026-02-30T09:30", "2026-11-25T24:00", "2026-11-25"]) {
      const parsed = scheduleStoryInputSchema.safeParse({ storyId: crypto.randomUUID(), baseVersion: 1, publishAt });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]).toMatchObject({ path: ["publishAt"], message: "Enter a date and time, like 2026-11-25 9:30 a.m." });
    }
  });
});

describe("the cache-expiry request", () => {
  it("is accepted only signed, fresh and well formed", () => {
    const { body, signature } = signTagExpiry([cacheTags.frontPage, cacheTags.story("a-story")]);
    expect(readTagExpiry(body, signature)).toEqual({ ok: true, tags: ["front-page", "story:a-story"] });
    expect(readTagExpiry(body, null)).toEqual({ ok: false, status: 401 });
    expect(readTagExpiry(body, "0".repeat(64))).toEqual({ ok: false, status: 401 });
    expect(readTagExpiry(body.replace("front-page", "feeds"), signature)).toEqual({ ok: false, status: 401 });
    expect(readTagExpiry(body, signature, new Date(Date.now() + 10 * 60_000))).toEqual({ ok: false, status: 401 });
    const tooMany = signTagExpiry(Array.from({ length: 101 }, (_, i) => `story:s-${i}`));
    expect(readTagExpiry(tooMany.body, tooMany.signature)).toEqual({ ok: false, status: 400 });
  });
});
