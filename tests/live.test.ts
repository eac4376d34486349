// Live coverage of a breaking story: editors switch it on for a published story and off again, each
// time on the audit trail, and readers' pages learn of it through the story's public read.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createStory, unpublishStory } from "@/lib/stories/mutations";
import { setStoryLive } from "@/lib/stories/live";
import { findPublishedStory, findStoryForPreview } from "@/lib/stories/public";
import { liveEntries } from "@/lib/updates/live-entries";
import { addLogEntry, withdrawLogEntry } from "@/lib/updates/mutations";
import { ForbiddenError, InvalidError } from "@/lib/errors";
import { cacheTags } from "@/lib/cache/tags";
import { reporterEditorAndSection, storyValues, type TestUser } from "./support/factories";

let reporter: TestUser;
let editor: TestUser;
let sectionId: string;

beforeAll(async () => {
  ({ reporter, editor, sectionId } = await reporterEditorAndSection());
});

const publishedStory = () => createStory(editor.actor, { intent: "publish", values: storyValues({ sectionId }) });
const liveEvents = (storyId: string) =>
  db().auditEvent.findMany({
    where: { entityId: storyId, action: { startsWith: "story.live." } },
    orderBy: { createdAt: "asc" },
    select: { action: true, actorId: true },
  });
const isLive = async (storyId: string) => (await db().story.findUniqueOrThrow({ where: { id: storyId }, select: { live: true } })).live;

describe("an editor running live coverage", () => {
  it("starts and ends it on a published story, with an audit event each time, and gets the story's tag back", async () => {
    const story = await publishedStory();

    const started = await setStoryLive(editor.actor, { storyId: story.storyId, live: true });
    expect(started).toMatchObject({ storyId: story.storyId, live: true, changed: true });
    expect(started.tags).toContain(cacheTags.story(story.slug));
    expect(await isLive(story.storyId)).toBe(true);

    const ended = await setStoryLive(editor.actor, { storyId: story.storyId, live: false });
    expect(ended).toMatchObject({ live: false, changed: true });
    expect(ended.tags).toContain(cacheTags.story(story.slug));
    expect(await isLive(story.storyId)).toBe(false);

    expect(await liveEvents(story.storyId)).toEqual([
      { action: "story.live.start", actorId: editor.user.id },
      { action: "story.live.end", actorId: editor.user.id },
    ]);
  });

  it("leaves the story's version alone, so that an open editor form does not conflict", async () => {
    const story = await publishedStory();
    await setStoryLive(editor.actor, { storyId: story.storyId, live: true });
    expect((await db().story.findUniqueOrThrow({ where: { id: story.storyId } })).version).toBe(story.version);
  });

  it("writes nothing when the story already is as asked (two editors clicking at once)", async () => {
    const story = await publishedStory();
    await setStoryLive(editor.actor, { storyId: story.storyId, live: true });
    const again = await setStoryLive(editor.actor, { storyId: story.storyId, live: true });
    expect(again).toMatchObject({ live: true, changed: false, tags: [] });
    expect(await liveEvents(story.storyId)).toHaveLength(1);
  });

  it("refuses to start it on a draft, and on a story taken off the site, but may still end it there", async () => {
    const draft = await createStory(editor.actor, { intent: "save", values: storyValues({ sectionId }) });
    await expect(setStoryLive(editor.actor, { storyId: draft.storyId, live: true })).rejects.toBeInstanceOf(InvalidError);
    expect(await isLive(draft.storyId)).toBe(false);

    const story = await publishedStory();
    await setStoryLive(editor.actor, { storyId: story.storyId, live: true });
    await unpublishStory(editor.actor, story.storyId, story.version);
    expect((await findStoryForPreview(story.storyId))?.live).toBe(false);
    await expect(setStoryLive(editor.actor, { storyId: story.storyId, live: true })).rejects.toBeInstanceOf(InvalidError);
    await setStoryLive(editor.actor, { storyId: story.storyId, live: false });
    expect(await isLive(story.storyId)).toBe(false);
    expect((await liveEvents(story.storyId)).map((e) => e.action)).toEqual(["story.live.start", "story.live.end"]);
  });
});

describe("a reporter", () => {
  it("is refused starting and ending live coverage, and nothing changes", async () => {
    const story = await publishedStory();
    await expect(setStoryLive(reporter.actor, { storyId: story.storyId, live: true })).rejects.toBeInstanceOf(ForbiddenError);
    await setStoryLive(editor.actor, { storyId: story.storyId, live: true });
    await expect(setStoryLive(reporter.actor, { storyId: story.storyId, live: false })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await isLive(story.storyId)).toBe(true);
    expect(await liveEvents(story.storyId)).toHaveLength(1);
  });
});

describe("readers", () => {
  it("see whether a story is live in its public read", async () => {
    const story = await publishedStory();
    expect((await findPublishedStory(story.slug))?.live).toBe(false);
    await setStoryLive(editor.actor, { storyId: story.storyId, live: true });
    expect((await findPublishedStory(story.slug))?.live).toBe(true);
    await setStoryLive(editor.actor, { storyId: story.storyId, live: false });
    expect((await findPublishedStory(story.slug))?.live).toBe(false);
  });

  it("get the running list newest first, without withdrawn entries, in AP style", async () => {
    const story = await publishedStory();
    await setStoryLive(editor.actor, { storyId: story.storyId, live: true });
    const first = await addLogEntry(editor.actor, { storyId: story.storyId, kind: "UPDATE", note: "Crews reached the scene.", significant: true });
    const wrong = await addLogEntry(editor.actor, { storyId: story.storyId, kind: "UPDATE", note: "A wrong figure.", significant: true });
    await withdrawLogEntry(editor.actor, { updateId: wrong.updateId, reason: "The figure was wrong." });
    const correction = await addLogEntry(editor.actor, {
      storyId: story.storyId,
      kind: "CORRECTION",
      note: "An earlier update misstated the street.",
      significant: true,
    });

    const entries = liveEntries((await findPublishedStory(story.slug))!, "America/New_York");
    expect(entries.map((e) => e.id)).toEqual([correction.updateId, first.updateId]);
    expect(entries[0]).toMatchObject({ text: "Correction: An earlier update misstated the street.", edited: false });
    expect(entries[1].text).toBe("Crews reached the scene.");
    expect(entries[1].label).toMatch(/^(?:\d{1,2}(?::\d{2})? [ap]\.m\.|noon|midnight)$/);
    expect(new Date(entries[1].iso).toISOString()).toBe(entries[1].iso);
  });
});
