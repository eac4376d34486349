// Writing stories through lib/stories against a real database: who may do what, what gets written
// alongside, and what readers can see.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { addStoryUpdate, createStory, deleteStory, unpublishStory, updateStory } from "@/lib/stories/mutations";
import { findPublishedStory, findRedirectTarget } from "@/lib/stories/public";
import { findLatestListed } from "@/lib/stories/listings";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { listStoriesForDesk } from "@/lib/stories/editor-queries";
import { cacheTags } from "@/lib/cache/tags";
import { createSection, createUser, storyValues } from "./support/factories";

let reporter: Awaited<ReturnType<typeof createUser>>;
let otherReporter: Awaited<ReturnType<typeof createUser>>;
let editor: Awaited<ReturnType<typeof createUser>>;
let sectionId: string;

beforeAll(async () => {
  [reporter, otherReporter, editor] = await Promise.all([createUser("REPORTER"), createUser("REPORTER"), createUser("EDITOR")]);
  sectionId = (await createSection()).id;
});

const draftBy = (who: typeof reporter, overrides = {}) => createStory(who.actor, { intent: "save", values: storyValues({ sectionId, ...overrides }) });

describe("a reporter", () => {
  it("creates a draft, with its first revision and an audit event", async () => {
    const draft = await draftBy(reporter, { headline: "Council passes budget" });
    expect(draft).toMatchObject({ status: "DRAFT", version: 1, slug: "council-passes-budget", tags: [] });
    const revisions = await db().revision.findMany({ where: { storyId: draft.storyId } });
    expect(revisions).toHaveLength(1);
    expect(revisions[0]).toMatchObject({ kind: "CREATE", authorId: reporter.user.id });
    expect(revisions[0].snapshot).toMatchObject({ headline: "Council passes budget", status: "DRAFT" });
    expect(await db().auditEvent.count({ where: { entityId: draft.storyId, action: "story.create" } })).toBe(1);
  });

  it("is refused by the server-side check when trying to publish, and nothing changes", async () => {
    const draft = await draftBy(reporter);
    await expect(
      updateStory(reporter.actor, { storyId: draft.storyId, baseVersion: 1, intent: "publish", values: storyValues({ sectionId }) }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createStory(reporter.actor, { intent: "publish", values: storyValues({ sectionId }) })).rejects.toBeInstanceOf(ForbiddenError);
    const story = await db().story.findUniqueOrThrow({ where: { id: draft.storyId } });
    expect(story).toMatchObject({ status: "DRAFT", version: 1, firstPublishedAt: null });
    await expect(unpublishStory(reporter.actor, draft.storyId, 1)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(addStoryUpdate(reporter.actor, draft.storyId, "An update")).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("submits for review, but cannot edit another reporter's story", async () => {
    const draft = await draftBy(reporter);
    const submitted = await updateStory(reporter.actor, { storyId: draft.storyId, baseVersion: 1, intent: "submit", values: storyValues({ sectionId }) });
    expect(submitted.status).toBe("IN_REVIEW");
    await expect(
      updateStory(otherReporter.actor, { storyId: draft.storyId, baseVersion: 2, intent: "save", values: storyValues({ sectionId }) }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("cannot change a story once it is published", async () => {
    const draft = await draftBy(reporter);
    await updateStory(editor.actor, { storyId: draft.storyId, baseVersion: 1, intent: "publish", values: storyValues({ sectionId }) });
    await expect(updateStory(reporter.actor, { storyId: draft.storyId, baseVersion: 2, intent: "save", values: storyValues({ sectionId }) })).rejects.toThrow(
      /only an editor can change it/,
    );
  });
});

describe("an editor", () => {
  it("publishes a reporter's draft: public, timestamped, and the tags readers need expired", async () => {
    const values = storyValues({ sectionId, headline: "Storm closes bridge", creditLine: "The Associated Press contributed to this report." });
    const draft = await createStory(reporter.actor, { intent: "save", values });
    expect(await findPublishedStory(draft.slug)).toBeNull();

    const published = await updateStory(editor.actor, { storyId: draft.storyId, baseVersion: 1, intent: "publish", values });
    expect(published.status).toBe("PUBLISHED");
    const section = await db().section.findUniqueOrThrow({ where: { id: sectionId } });
    expect(published.tags).toEqual(
      expect.arrayContaining([cacheTags.story(draft.slug), cacheTags.section(section.slug), cacheTags.frontPage, cacheTags.feeds, cacheTags.sitemaps]),
    );

    const story = await findPublishedStory(draft.slug);
    expect(story).toMatchObject({ headline: "Storm closes bridge", creditLine: "The Associated Press contributed to this report." });
    expect(story!.bylines).toEqual([{ name: "Outside Writer", title: "special correspondent", staffId: null, authorSlug: null }]);
    expect(story!.body.content.map((b) => b.type)).toEqual(["paragraph", "blockquote", "paragraph"]);
    expect(story!.firstPublishedAt).toBe(story!.lastUpdatedAt);
    const revision = await db().revision.findFirstOrThrow({ where: { storyId: draft.storyId }, orderBy: { version: "desc" } });
    expect(revision).toMatchObject({ kind: "PUBLISH", version: 2, authorId: editor.user.id });
  });

  it("adds updates that readers see newest first and that move the Updated time", async () => {
    const { storyId, slug } = await createStory(editor.actor, { intent: "publish", values: storyValues({ sectionId }) });
    const before = (await findPublishedStory(slug))!;
    await addStoryUpdate(editor.actor, storyId, "First update.");
    await addStoryUpdate(editor.actor, storyId, "Second update.");
    const after = (await findPublishedStory(slug))!;
    expect(after.updates.map((u) => u.note)).toEqual(["Second update.", "First update."]);
    expect(new Date(after.lastUpdatedAt).getTime()).toBeGreaterThan(new Date(before.lastUpdatedAt).getTime());
    // An update is its own row: it does not bump the story's version, so it never conflicts with an edit.
    expect((await db().story.findUniqueOrThrow({ where: { id: storyId } })).version).toBe(1);
  });

  it("cannot add an update to a story readers cannot see", async () => {
    const draft = await draftBy(reporter);
    await expect(addStoryUpdate(editor.actor, draft.storyId, "Too early")).rejects.toBeInstanceOf(InvalidError);
  });

  it("unpublishes: the story leaves every public read but keeps its first-publication time", async () => {
    const { storyId, slug } = await createStory(editor.actor, { intent: "publish", values: storyValues({ sectionId }) });
    expect((await findLatestListed(50)).map((s) => s.slug)).toContain(slug);
    await unpublishStory(editor.actor, storyId, 1);
    expect(await findPublishedStory(slug)).toBeNull();
    expect((await findLatestListed(50)).map((s) => s.slug)).not.toContain(slug);
    expect((await db().story.findUniqueOrThrow({ where: { id: storyId } })).firstPublishedAt).not.toBeNull();
  });

  it("is told what is missing when publishing an incomplete story", async () => {
    const values = storyValues({ sectionId: "", bylines: [], body: "" });
    await expect(createStory(editor.actor, { intent: "publish", values })).rejects.toThrow(
      "This story cannot be published yet. It needs a byline, a section, a body.",
    );
  });
});

describe("no lost work", () => {
  it("refuses a save based on an old version, and keeps what the other person saved", async () => {
    const draft = await draftBy(reporter);
    await updateStory(editor.actor, {
      storyId: draft.storyId,
      baseVersion: 1,
      intent: "save",
      values: storyValues({ sectionId, headline: "Editor's headline" }),
    });
    const stale = updateStory(reporter.actor, {
      storyId: draft.storyId,
      baseVersion: 1,
      intent: "save",
      values: storyValues({ sectionId, headline: "Reporter's headline" }),
    });
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(stale).rejects.toMatchObject({ currentVersion: 2 });
    const story = await db().story.findUniqueOrThrow({ where: { id: draft.storyId } });
    expect(story).toMatchObject({ headline: "Editor's headline", version: 2 });
  });

  it("reports a duplicate slug as a field error", async () => {
    await draftBy(reporter, { slug: "same-slug" });
    const duplicate = draftBy(reporter, { slug: "same-slug" });
    await expect(duplicate).rejects.toBeInstanceOf(InvalidError);
    await expect(duplicate).rejects.toMatchObject({ fieldErrors: { slug: [expect.stringContaining("Another story already uses this slug")] } });
  });

  it("says so when the story was deleted while someone was editing it", async () => {
    const draft = await draftBy(reporter);
    await deleteStory(reporter.actor, draft.storyId);
    await expect(
      updateStory(editor.actor, { storyId: draft.storyId, baseVersion: 1, intent: "save", values: storyValues({ sectionId }) }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("never deletes a story that readers have seen", async () => {
    const { storyId } = await createStory(editor.actor, { intent: "publish", values: storyValues({ sectionId }) });
    await expect(deleteStory(editor.actor, storyId)).rejects.toBeInstanceOf(InvalidError);
  });
});

describe("a new story's first save, retried because its answer was lost", () => {
  const firstSave = (who: typeof reporter, newStoryId: string, overrides = {}) =>
    createStory(who.actor, { id: newStoryId, intent: "save", values: storyValues({ sectionId, ...overrides }) });

  it("makes one story under the id the browser chose, and the retry saves into it", async () => {
    const id = randomUUID();
    const first = await firstSave(reporter, id, { headline: "Retried first save" });
    const retry = await firstSave(reporter, id, { headline: "Retried first save, typed on" });
    expect(first).toMatchObject({ storyId: id, version: 1 });
    expect(retry).toMatchObject({ storyId: id, version: 2 });
    const stories = await db().story.findMany({
      where: { createdById: reporter.user.id, headline: { startsWith: "Retried first save" } },
      select: { id: true, headline: true },
    });
    expect(stories).toEqual([{ id, headline: "Retried first save, typed on" }]);
    expect(await db().auditEvent.count({ where: { entityId: id, action: "story.create" } })).toBe(1);
  });

  it("makes one story when the tries arrive at once", async () => {
    const id = randomUUID();
    const results = await Promise.all([
      firstSave(reporter, id, { headline: "Sent twice at once" }),
      firstSave(reporter, id, { headline: "Sent twice at once" }),
    ]);
    expect(results.map((r) => r.version).sort()).toEqual([1, 2]);
    expect(await db().story.count({ where: { headline: "Sent twice at once" } })).toBe(1);
  });

  it("is refused when the id is another person's story, which stays as it was", async () => {
    const id = randomUUID();
    await firstSave(reporter, id, { headline: "Mine alone" });
    await expect(firstSave(otherReporter, id, { headline: "Taken over" })).rejects.toThrow(ForbiddenError);
    expect(await db().story.findUnique({ where: { id }, select: { headline: true, version: true } })).toEqual({ headline: "Mine alone", version: 1 });
  });

  it("is a conflict when the story was saved again since the first save", async () => {
    const id = randomUUID();
    await firstSave(reporter, id);
    await updateStory(editor.actor, { storyId: id, baseVersion: 1, intent: "save", values: storyValues({ sectionId, headline: "The editor's version" }) });
    await expect(firstSave(reporter, id)).rejects.toThrow(ConflictError);
  });
});

describe("what readers see", () => {
  it("shows only published related stories, in order", async () => {
    const a = await createStory(editor.actor, { intent: "publish", values: storyValues({ sectionId, headline: "Related A" }) });
    const b = await draftBy(reporter, { headline: "Related draft B" });
    const c = await createStory(editor.actor, { intent: "publish", values: storyValues({ sectionId, headline: "Related C" }) });
    const main = await createStory(editor.actor, {
      intent: "publish",
      values: storyValues({ sectionId, relatedIds: [c.storyId, b.storyId, a.storyId] }),
    });
    expect((await findPublishedStory(main.slug))!.related.map((r) => r.headline)).toEqual(["Related C", "Related A"]);
    // Unpublishing a related story expires the pages that link to it.
    const { tags } = await unpublishStory(editor.actor, a.storyId, 1);
    expect(tags).toContain(cacheTags.story(main.slug));
  });
});

describe("slug changes", () => {
  it("keep every old address of a published story working, in one hop, through chains of renames", async () => {
    const values = storyValues({ sectionId, slug: "first-slug" });
    const { storyId } = await createStory(editor.actor, { intent: "publish", values });
    await updateStory(editor.actor, { storyId, baseVersion: 1, intent: "save", values: { ...values, slug: "second-slug" } });
    const renamed = await updateStory(editor.actor, { storyId, baseVersion: 2, intent: "save", values: { ...values, slug: "third-slug" } });
    expect(await findRedirectTarget("first-slug")).toBe("third-slug");
    expect(await findRedirectTarget("second-slug")).toBe("third-slug");
    expect(await findRedirectTarget("third-slug")).toBeNull();
    // The rename expires every address readers may have cached.
    expect(renamed.tags).toEqual(expect.arrayContaining(["first-slug", "second-slug", "third-slug"].map(cacheTags.story)));

    await unpublishStory(editor.actor, storyId, 3);
    expect(await findRedirectTarget("first-slug")).toBeNull();
  });

  it("give an old slug to a new story that claims it", async () => {
    const values = storyValues({ sectionId, slug: "claimed-old" });
    const { storyId } = await createStory(editor.actor, { intent: "publish", values });
    await updateStory(editor.actor, { storyId, baseVersion: 1, intent: "save", values: { ...values, slug: "claimed-new" } });
    expect(await findRedirectTarget("claimed-old")).toBe("claimed-new");
    const claimant = await createStory(editor.actor, { intent: "publish", values: storyValues({ sectionId, slug: "claimed-old" }) });
    expect(claimant.slug).toBe("claimed-old");
    expect(await findRedirectTarget("claimed-old")).toBeNull();
    expect((await findPublishedStory("claimed-old"))!.id).toBe(claimant.storyId);
  });

  it("of a story never published leave no redirect behind", async () => {
    const draft = await draftBy(reporter, { slug: "draft-before" });
    await updateStory(reporter.actor, { storyId: draft.storyId, baseVersion: 1, intent: "save", values: storyValues({ sectionId, slug: "draft-after" }) });
    expect(await db().redirect.count({ where: { storyId: draft.storyId } })).toBe(0);
  });
});

describe("the desk", () => {
  it("filters by status, section, author (creator or byline) and headline words", async () => {
    const otherSection = await createSection();
    const marker = `Zeppelin${Date.now()}`;
    const a = await draftBy(reporter, { headline: `${marker} lands downtown`, sectionId: otherSection.id });
    const b = await createStory(editor.actor, {
      intent: "publish",
      values: storyValues({
        sectionId: otherSection.id,
        headline: `Crowds greet the ${marker.toLowerCase()}`,
        bylines: [{ userId: otherReporter.user.id, name: "", title: "" }],
      }),
    });
    const ids = async (filters: Parameters<typeof listStoriesForDesk>[1]) => (await listStoriesForDesk(editor.actor, filters)).stories.map((s) => s.id).sort();

    expect(await ids({ q: marker })).toEqual([a.storyId, b.storyId].sort());
    expect(await ids({ q: marker, status: "PUBLISHED" })).toEqual([b.storyId]);
    expect(await ids({ sectionId: otherSection.id })).toEqual([a.storyId, b.storyId].sort());
    expect(await ids({ q: marker, authorId: otherReporter.user.id })).toEqual([b.storyId]);
    expect(await ids({ q: marker, authorId: reporter.user.id })).toEqual([a.storyId]);
    expect(await ids({ q: "%_\\" })).toEqual([]);
  });
});

describe("tags", () => {
  it("are found by name, created only by people who manage them, and kept in revisions", async () => {
    const name = `Flood ${Date.now()}`;
    await expect(draftBy(reporter, { tags: name })).rejects.toMatchObject({ fieldErrors: { tags: [expect.stringContaining("is not a tag yet")] } });
    const byEditor = await createStory(editor.actor, { intent: "save", values: storyValues({ sectionId, tags: `${name}, Weather , ${name.toUpperCase()}` }) });
    const tags = await db().storyTag.findMany({
      where: { storyId: byEditor.storyId },
      orderBy: { position: "asc" },
      select: { tag: { select: { name: true } } },
    });
    expect(tags.map((t) => t.tag.name)).toEqual([name, "Weather"]);
    // Now that it exists, a reporter may use it (any capitalisation).
    const byReporter = await draftBy(reporter, { tags: name.toLowerCase() });
    const revision = await db().revision.findFirstOrThrow({ where: { storyId: byReporter.storyId } });
    expect((revision.snapshot as { tags: string[] }).tags).toHaveLength(1);
  });

  it("expire the listing pages a published story leaves as well as the ones it joins", async () => {
    const before = `Before ${Date.now()}`;
    const after = `After ${Date.now()}`;
    const staff = [{ userId: editor.actor.id, name: "", title: "" }];
    const published = await createStory(editor.actor, { intent: "publish", values: storyValues({ sectionId, tags: before, bylines: staff }) });
    const tagSlug = async (name: string) => (await db().tag.findFirstOrThrow({ where: { name }, select: { slug: true } })).slug;
    expect(published.tags).toEqual(expect.arrayContaining([cacheTags.tag(await tagSlug(before)), cacheTags.author(editor.actor.id), cacheTags.search]));

    const retagged = await updateStory(editor.actor, {
      storyId: published.storyId,
      baseVersion: published.version,
      intent: "publish",
      values: storyValues({ sectionId, slug: published.slug, tags: after }),
    });
    expect(retagged.tags).toEqual(
      expect.arrayContaining([cacheTags.tag(await tagSlug(before)), cacheTags.tag(await tagSlug(after)), cacheTags.author(editor.actor.id)]),
    );
  });
});

describe("autosave", () => {
  it("coalesces one person's autosaves into one revision a minute, and a manual save starts a new one", async () => {
    const draft = await draftBy(reporter);
    const autosave = (version: number, headline: string) =>
      updateStory(reporter.actor, {
        storyId: draft.storyId,
        baseVersion: version,
        intent: "save",
        autosave: true,
        values: storyValues({ sectionId, headline }),
      });
    await autosave(1, "Typing one");
    await autosave(2, "Typing two");
    const revisions = async () =>
      db().revision.findMany({ where: { storyId: draft.storyId }, orderBy: { createdAt: "asc" }, select: { kind: true, version: true, snapshot: true } });
    let all = await revisions();
    expect(all.map((r) => r.kind)).toEqual(["CREATE", "AUTOSAVE"]);
    expect(all[1]).toMatchObject({ version: 3, snapshot: expect.objectContaining({ headline: "Typing two" }) });
    expect(await db().auditEvent.count({ where: { entityId: draft.storyId, action: "story.autosave" } })).toBe(1);

    await updateStory(reporter.actor, { storyId: draft.storyId, baseVersion: 3, intent: "save", values: storyValues({ sectionId, headline: "Saved" }) });
    await autosave(4, "Typing three");
    all = await revisions();
    expect(all.map((r) => r.kind)).toEqual(["CREATE", "AUTOSAVE", "SAVE", "AUTOSAVE"]);
  });

  it("never changes a published story behind readers' backs", async () => {
    const { storyId } = await createStory(editor.actor, { intent: "publish", values: storyValues({ sectionId }) });
    await expect(
      updateStory(editor.actor, { storyId, baseVersion: 1, intent: "save", autosave: true, values: storyValues({ sectionId, headline: "Half-typed" }) }),
    ).rejects.toBeInstanceOf(InvalidError);
    expect((await db().story.findUniqueOrThrow({ where: { id: storyId } })).version).toBe(1);
  });
});

describe("the Updated time of a published story", () => {
  it("moves for new reporting, not for a typo fix", async () => {
    const values = storyValues({ sectionId, body: "The council voted on Tuesday to approve the budget for next year." });
    const { storyId } = await createStory(editor.actor, { intent: "publish", values });
    const updatedAt = async () => (await db().story.findUniqueOrThrow({ where: { id: storyId } })).lastUpdatedAt!.getTime();
    const published = await updatedAt();

    await updateStory(editor.actor, {
      storyId,
      baseVersion: 1,
      intent: "save",
      values: { ...values, body: storyValues({ body: "The council voted on Tuesday to aprove the budget for next year." }).body },
    });
    expect(await updatedAt()).toBe(published);

    await new Promise((resolve) => setTimeout(resolve, 5));
    const more = "The council voted on Tuesday to approve the budget for next year. The mayor said she would sign it on Friday after a hearing.";
    await updateStory(editor.actor, { storyId, baseVersion: 2, intent: "save", values: { ...values, body: storyValues({ body: more }).body } });
    expect(await updatedAt()).toBeGreaterThan(published);
  });
});
