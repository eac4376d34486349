// Scheduled changes to published stories, and original publication times of archive stories, against
// a real database and the real pg-boss queue. No web server runs here, so the scheduler's request to
// expire cache tags fails (and is logged): applying a change must not depend on it.
import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createStory, updateStory } from "@/lib/stories/mutations";
import { findPublishedStory } from "@/lib/stories/public";
import { applyHeldChange, applyOverdueChanges, applyScheduledChange, cancelScheduledChange, discardHeldChange, scheduleChange } from "@/lib/scheduling/changes";
import { listHeldChangesForDesk, listOpenScheduledChanges } from "@/lib/scheduling/change-queries";
import { startScheduler, stopScheduler } from "@/lib/scheduling/worker";
import { setOriginalPublicationTime } from "@/lib/stories/original-publication";
import { findPublishedVersions } from "@/lib/history/queries";
import { addLogEntry } from "@/lib/updates/mutations";
import { buildUpdateLog } from "@/lib/updates/update-log";
import { listStoriesForDesk } from "@/lib/stories/editor-queries";
import { zonedTimeToUtc } from "@/lib/time/zoned";
import { ConflictError, ForbiddenError, InvalidError } from "@/lib/errors";
import { cacheTags } from "@/lib/cache/tags";
import { createSection, createUser, storyValues } from "./support/factories";

let reporter: Awaited<ReturnType<typeof createUser>>;
let editor: Awaited<ReturnType<typeof createUser>>;
let admin: Awaited<ReturnType<typeof createUser>>;
let sectionId: string;

beforeAll(async () => {
  [reporter, editor, admin] = await Promise.all([createUser("REPORTER"), createUser("EDITOR"), createUser("ADMIN")]);
  sectionId = (await createSection()).id;
  process.env.NEWSROOM_INTERNAL_ORIGIN = `http://127.0.0.1:${await closedPort()}`;
});

afterAll(() => stopScheduler());

/** A port just freed, so nothing listens there: the cache-expiry request fails at once, as with no web server. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000);
const NEW_YORK = "America/New_York";

async function liveStory(headline = "Council meets tonight") {
  const values = storyValues({ sectionId, headline, slug: `live-${Math.random().toString(36).slice(2, 10)}` });
  return { ...(await createStory(editor.actor, { intent: "publish", values })), values };
}

/** The live story's content with a new headline and body: the overnight rewrite. */
const rewrite = (story: Awaited<ReturnType<typeof liveStory>>, headline: string) =>
  storyValues({ sectionId, headline, slug: story.slug, body: "The council voted 7-2 shortly after midnight." });

/** Moves a change's time into the past, as if the clock had reached it. */
const makeDue = (changeId: string) => db().scheduledChange.update({ where: { id: changeId }, data: { runAt: inMinutes(-1) } });
const changeRow = (changeId: string) => db().scheduledChange.findUniqueOrThrow({ where: { id: changeId } });
const storyRow = (storyId: string) => db().story.findUniqueOrThrow({ where: { id: storyId } });

describe("scheduling a change to a published story", () => {
  it("is refused to a reporter, for a story that is not published, and for a time that has passed", async () => {
    const story = await liveStory();
    const values = rewrite(story, "Council passes budget");
    await expect(scheduleChange(reporter.actor, { storyId: story.storyId, baseVersion: 1, values, runAt: inMinutes(60) })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const past = scheduleChange(editor.actor, { storyId: story.storyId, baseVersion: 1, values, runAt: inMinutes(-5) });
    await expect(past).rejects.toMatchObject({ fieldErrors: { runAt: [expect.stringContaining("future")] } });
    const draft = await createStory(editor.actor, { intent: "save", values: storyValues({ sectionId }) });
    await expect(scheduleChange(editor.actor, { storyId: draft.storyId, baseVersion: 1, values, runAt: inMinutes(60) })).rejects.toThrow(
      "Only a published story takes scheduled changes",
    );
    expect(await db().scheduledChange.count({ where: { storyId: { in: [story.storyId, draft.storyId] } } })).toBe(0);
  });

  it("is refused when based on an old version of the story", async () => {
    const story = await liveStory();
    await updateStory(editor.actor, { storyId: story.storyId, baseVersion: 1, intent: "save", values: { ...story.values, dek: "A new dek." } });
    const stale = scheduleChange(editor.actor, { storyId: story.storyId, baseVersion: 1, values: rewrite(story, "Late"), runAt: inMinutes(60) });
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(stale).rejects.toMatchObject({ currentVersion: 2 });
  });

  it("keeps readers on the current version, and records who prepared it", async () => {
    const story = await liveStory("Council meets tonight");
    const runAt = inMinutes(60);
    const { changeId, tags } = await scheduleChange(editor.actor, {
      storyId: story.storyId,
      baseVersion: 1,
      values: rewrite(story, "Council passes budget"),
      runAt,
    });
    expect(tags).toEqual([]);
    expect(await changeRow(changeId)).toMatchObject({ status: "PENDING", baseVersion: 1, runAt, preparedById: editor.user.id });
    expect((await findPublishedStory(story.slug))?.headline).toBe("Council meets tonight");
    expect(await storyRow(story.storyId)).toMatchObject({ version: 1, headline: "Council meets tonight" });
    expect(await db().auditEvent.findFirst({ where: { entityId: story.storyId, action: "story.change.schedule" } })).toMatchObject({
      actorId: editor.user.id,
      data: { changeId, baseVersion: 1, runAt: runAt.toISOString() },
    });
    const [open] = await listOpenScheduledChanges(editor.actor, story.storyId);
    expect(open).toMatchObject({
      id: changeId,
      status: "PENDING",
      preparedBy: editor.user.name,
      content: { headline: "Council passes budget", slug: story.slug },
    });
    expect(await listOpenScheduledChanges(reporter.actor, story.storyId)).toEqual([]);
  });
});

describe("applying a change at its time", () => {
  it("does nothing early; at the time saves it once as the scheduler, with a revision, a public version and a new Updated time", async () => {
    const story = await liveStory("Council meets tonight");
    const before = await storyRow(story.storyId);
    const versionsBefore = await db().publishedVersion.count({ where: { storyId: story.storyId } });
    const { changeId } = await scheduleChange(editor.actor, {
      storyId: story.storyId,
      baseVersion: 1,
      values: rewrite(story, "Council passes budget"),
      runAt: inMinutes(60),
    });
    expect(await applyScheduledChange(changeId)).toBeNull();
    expect((await changeRow(changeId)).status).toBe("PENDING");

    await makeDue(changeId);
    const outcome = await applyScheduledChange(changeId);
    const section = await db().section.findUniqueOrThrow({ where: { id: sectionId } });
    expect(outcome).toMatchObject({ outcome: "applied", result: { status: "PUBLISHED", version: 2 } });
    if (outcome?.outcome !== "applied") throw new Error("not applied");
    expect(outcome.result.tags).toEqual(
      expect.arrayContaining([cacheTags.story(story.slug), cacheTags.section(section.slug), cacheTags.frontPage, cacheTags.feeds]),
    );

    expect((await findPublishedStory(story.slug))?.headline).toBe("Council passes budget");
    const after = await storyRow(story.storyId);
    expect(after.lastUpdatedAt!.getTime()).toBeGreaterThan(before.lastUpdatedAt!.getTime());
    expect(after.firstPublishedAt).toEqual(before.firstPublishedAt);
    expect(await changeRow(changeId)).toMatchObject({ status: "APPLIED", appliedVersion: 2 });
    expect(await db().revision.findFirst({ where: { storyId: story.storyId }, orderBy: { version: "desc" } })).toMatchObject({
      version: 2,
      kind: "SAVE",
      authorId: null,
    });
    expect(await db().publishedVersion.count({ where: { storyId: story.storyId } })).toBe(versionsBefore + 1);
    expect(await db().auditEvent.findFirst({ where: { entityId: story.storyId, action: "story.change.apply" } })).toMatchObject({
      actorId: null,
      data: { changeId, preparedById: editor.user.id, version: 2 },
    });

    // Another server's job, or the sweep, finds nothing left to do.
    expect(await applyScheduledChange(changeId)).toBeNull();
    expect(await applyOverdueChanges()).toBe(0);
    expect((await storyRow(story.storyId)).version).toBe(2);
  });

  it("is applied late, by the catch-up, when its time passed while no server ran; a change not yet due waits", async () => {
    const story = await liveStory("Ferry schedule unchanged");
    const waiting = await liveStory("Bridge stays open");
    const { changeId } = await scheduleChange(editor.actor, {
      storyId: story.storyId,
      baseVersion: 1,
      values: rewrite(story, "Ferry schedule cut"),
      runAt: inMinutes(60),
    });
    const later = await scheduleChange(editor.actor, {
      storyId: waiting.storyId,
      baseVersion: 1,
      values: rewrite(waiting, "Bridge closes"),
      runAt: inMinutes(60),
    });
    await db().scheduledChange.update({ where: { id: changeId }, data: { runAt: inMinutes(-30) } });
    expect(await applyOverdueChanges()).toBeGreaterThanOrEqual(1);
    expect((await changeRow(changeId)).status).toBe("APPLIED");
    expect((await findPublishedStory(story.slug))?.headline).toBe("Ferry schedule cut");
    expect((await changeRow(later.changeId)).status).toBe("PENDING");
    expect((await findPublishedStory(waiting.slug))?.headline).toBe("Bridge stays open");
  });

  it("two servers running the job at once apply it once", async () => {
    const story = await liveStory();
    const { changeId } = await scheduleChange(editor.actor, {
      storyId: story.storyId,
      baseVersion: 1,
      values: rewrite(story, "Once only"),
      runAt: inMinutes(60),
    });
    await makeDue(changeId);
    const outcomes = await Promise.all([applyScheduledChange(changeId), applyScheduledChange(changeId)]);
    expect(outcomes.filter((o) => o?.outcome === "applied")).toHaveLength(1);
    expect(outcomes.filter((o) => o === null)).toHaveLength(1);
    expect((await storyRow(story.storyId)).version).toBe(2);
  });

  it("goes live through the queue a couple of seconds after it was scheduled", async () => {
    await startScheduler();
    const story = await liveStory("Polls close at eight");
    const { changeId } = await scheduleChange(editor.actor, {
      storyId: story.storyId,
      baseVersion: 1,
      values: rewrite(story, "Polls closed; counting begins"),
      runAt: new Date(Date.now() + 2000),
    });
    expect((await findPublishedStory(story.slug))?.headline).toBe("Polls close at eight");
    const deadline = Date.now() + 20_000;
    let status = "PENDING";
    while (status === "PENDING" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = (await changeRow(changeId)).status;
    }
    expect(status).toBe("APPLIED");
    expect((await findPublishedStory(story.slug))?.headline).toBe("Polls closed; counting begins");
  }, 30_000);

  it("a cancelled change is never applied", async () => {
    const story = await liveStory();
    const { changeId } = await scheduleChange(editor.actor, { storyId: story.storyId, baseVersion: 1, values: rewrite(story, "Never"), runAt: inMinutes(60) });
    await expect(cancelScheduledChange(reporter.actor, changeId)).rejects.toBeInstanceOf(ForbiddenError);
    await cancelScheduledChange(editor.actor, changeId);
    expect(await changeRow(changeId)).toMatchObject({ status: "CANCELLED", closedById: editor.user.id });
    await makeDue(changeId);
    expect(await applyScheduledChange(changeId)).toBeNull();
    expect(await storyRow(story.storyId)).toMatchObject({ version: 1, headline: story.values.headline });
    expect(await db().auditEvent.count({ where: { entityId: story.storyId, action: "story.change.cancel", actorId: editor.user.id } })).toBe(1);
    await expect(cancelScheduledChange(editor.actor, changeId)).rejects.toBeInstanceOf(InvalidError);
  });
});

describe("a change to a story edited meanwhile", () => {
  async function heldChange() {
    const story = await liveStory("Storm nears the coast");
    const { changeId } = await scheduleChange(editor.actor, {
      storyId: story.storyId,
      baseVersion: 1,
      values: rewrite(story, "Storm makes landfall"),
      runAt: inMinutes(60),
    });
    // A colleague's edit lands before the change's time.
    await updateStory(editor.actor, { storyId: story.storyId, baseVersion: 1, intent: "save", values: { ...story.values, dek: "Evacuations ordered." } });
    await makeDue(changeId);
    return { story, changeId };
  }

  it("is held, not applied, and the desk shows it needs a look", async () => {
    const { story, changeId } = await heldChange();
    expect(await applyScheduledChange(changeId)).toMatchObject({ outcome: "held" });
    expect(await storyRow(story.storyId)).toMatchObject({ version: 2, headline: "Storm nears the coast", dek: "Evacuations ordered." });
    expect(await changeRow(changeId)).toMatchObject({ status: "HELD", heldReason: expect.stringContaining("saved after this change was prepared") });
    expect(await db().auditEvent.findFirst({ where: { entityId: story.storyId, action: "story.change.hold" } })).toMatchObject({
      actorId: null,
      data: { changeId, preparedById: editor.user.id },
    });
    expect(await listHeldChangesForDesk(editor.actor)).toContainEqual(expect.objectContaining({ storyId: story.storyId, headline: "Storm nears the coast" }));
    const desk = await listStoriesForDesk(editor.actor, { q: "Storm nears the coast" });
    expect(desk.stories.find((s) => s.id === story.storyId)?.changes).toEqual({ held: 1, nextRunAt: null });
    // The sweep leaves it held.
    await applyOverdueChanges();
    expect((await changeRow(changeId)).status).toBe("HELD");
  });

  it("an editor applies it after review, on the version compared with", async () => {
    const { story, changeId } = await heldChange();
    await applyScheduledChange(changeId);
    await expect(applyHeldChange(reporter.actor, { changeId, storyVersion: 2 })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(applyHeldChange(editor.actor, { changeId, storyVersion: 1 })).rejects.toBeInstanceOf(ConflictError);
    const result = await applyHeldChange(editor.actor, { changeId, storyVersion: 2 });
    expect(result).toMatchObject({ version: 3, status: "PUBLISHED" });
    expect(result.tags).toContain(cacheTags.story(story.slug));
    expect((await findPublishedStory(story.slug))?.headline).toBe("Storm makes landfall");
    expect(await changeRow(changeId)).toMatchObject({ status: "APPLIED", appliedVersion: 3 });
    expect(await db().auditEvent.findFirst({ where: { entityId: story.storyId, action: "story.change.apply_reviewed" } })).toMatchObject({
      actorId: editor.user.id,
      data: { changeId, preparedById: editor.user.id, version: 3 },
    });
    await expect(applyHeldChange(editor.actor, { changeId, storyVersion: 3 })).rejects.toBeInstanceOf(InvalidError);
  });

  it("an editor discards it: the story stays as it is", async () => {
    const { story, changeId } = await heldChange();
    await applyScheduledChange(changeId);
    await expect(discardHeldChange(reporter.actor, changeId)).rejects.toBeInstanceOf(ForbiddenError);
    await discardHeldChange(editor.actor, changeId);
    expect(await changeRow(changeId)).toMatchObject({ status: "CANCELLED", closedById: editor.user.id });
    expect(await storyRow(story.storyId)).toMatchObject({ version: 2, headline: "Storm nears the coast" });
    expect(await db().auditEvent.count({ where: { entityId: story.storyId, action: "story.change.discard" } })).toBe(1);
    expect(await listHeldChangesForDesk(editor.actor)).not.toContainEqual(expect.objectContaining({ storyId: story.storyId }));
  });

  it("is held with the save's reason when the save is refused (its slug was taken meanwhile)", async () => {
    const story = await liveStory();
    const other = await liveStory();
    const values = storyValues({ sectionId, headline: "Clash", slug: other.slug });
    const { changeId } = await scheduleChange(editor.actor, { storyId: story.storyId, baseVersion: 1, values, runAt: inMinutes(60) });
    await makeDue(changeId);
    expect(await applyScheduledChange(changeId)).toMatchObject({ outcome: "held", reason: expect.stringContaining("slug is taken") });
    expect(await storyRow(story.storyId)).toMatchObject({ version: 1 });
  });
});

describe("an archive story's original publication time", () => {
  const dec13 = (hour: number, minute: number) => zonedTimeToUtc({ year: 2016, month: 12, day: 13, hour, minute }, NEW_YORK);

  it("is an admin's act only, audited, and noted in the public history beside when it first went online", async () => {
    const story = await liveStory("Fire on the pier");
    const firstPublishedAt = (await storyRow(story.storyId)).firstPublishedAt!;
    const firstOnline = (await db().publishedVersion.findFirstOrThrow({ where: { storyId: story.storyId, sequence: 1 } })).publishedAt;
    await expect(setOriginalPublicationTime(editor.actor, { storyId: story.storyId, at: dec13(4, 50) })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(setOriginalPublicationTime(admin.actor, { storyId: story.storyId, at: inMinutes(10) })).rejects.toMatchObject({
      fieldErrors: { firstPublishedAt: [expect.stringContaining("future")] },
    });
    expect((await storyRow(story.storyId)).firstPublishedAt).toEqual(firstPublishedAt);

    const { tags } = await setOriginalPublicationTime(admin.actor, { storyId: story.storyId, at: dec13(4, 50) });
    expect(tags).toContain(cacheTags.story(story.slug));
    const row = await storyRow(story.storyId);
    expect(row.firstPublishedAt).toEqual(dec13(4, 50));
    // Never updated since it went online: no "Updated" time of today.
    expect(row.lastUpdatedAt).toEqual(dec13(4, 50));
    expect(await db().auditEvent.findFirst({ where: { entityId: story.storyId, action: "story.backdate" } })).toMatchObject({
      actorId: admin.user.id,
      data: { from: firstPublishedAt.toISOString(), to: dec13(4, 50).toISOString(), firstOnlineAt: firstOnline.toISOString() },
    });
    const history = await findPublishedVersions(story.slug);
    expect(history?.versions[0]).toMatchObject({ sequence: 1, originallyPublishedAt: dec13(4, 50).toISOString(), publishedAt: firstOnline.toISOString() });
    expect((await findPublishedStory(story.slug))?.firstPublishedAt).toBe(dec13(4, 50).toISOString());
  });

  it("lets the update log carry times from that day, still refusing future times and times before it", async () => {
    const story = await liveStory("Ferry runs aground");
    await setOriginalPublicationTime(admin.actor, { storyId: story.storyId, at: dec13(4, 50) });
    await addLogEntry(editor.actor, {
      storyId: story.storyId,
      kind: "UPDATE",
      note: "Updated with the Coast Guard's account.",
      occurredAt: dec13(5, 5),
      significant: true,
    });
    await addLogEntry(editor.actor, {
      storyId: story.storyId,
      kind: "UPDATE",
      note: "This article has been updated throughout with additional reporting, quotes, background.",
      occurredAt: dec13(17, 5),
      significant: true,
    });
    await expect(
      addLogEntry(editor.actor, { storyId: story.storyId, kind: "UPDATE", note: "Too soon.", occurredAt: inMinutes(5), significant: true }),
    ).rejects.toMatchObject({ fieldErrors: { occurredAt: [expect.stringContaining("future")] } });
    await expect(
      addLogEntry(editor.actor, { storyId: story.storyId, kind: "UPDATE", note: "Too early.", occurredAt: dec13(4, 0), significant: true }),
    ).rejects.toMatchObject({ fieldErrors: { occurredAt: [expect.stringContaining("before the story was first published")] } });

    const entries = await db().storyUpdate.findMany({ where: { storyId: story.storyId }, select: { id: true, occurredAt: true, note: true } });
    const log = buildUpdateLog(entries, (await storyRow(story.storyId)).firstPublishedAt!, NEW_YORK);
    expect(log.lines.map((l) => l.label)).toEqual(["5:05 p.m.", "5:05 a.m."]);
    expect(log.originalLine.label).toBe("4:50 a.m.");

    // Its entries now come before any later original time: it cannot be moved after them.
    await expect(setOriginalPublicationTime(admin.actor, { storyId: story.storyId, at: dec13(6, 0) })).rejects.toMatchObject({
      fieldErrors: { firstPublishedAt: [expect.stringContaining("update-log entry")] },
    });
  });
});
