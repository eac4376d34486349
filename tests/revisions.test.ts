// A story's history against a real database: reading revisions, comparing two of them, and
// restoring an old one as a new revision.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createStory, deleteStory, updateStory } from "@/lib/stories/mutations";
import { getRevisionPair, listRevisions } from "@/lib/revisions/queries";
import { diffRevisions } from "@/lib/revisions/diff";
import { restoreRevision } from "@/lib/revisions/restore";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { cacheTags } from "@/lib/cache/tags";
import type { StoryInput } from "@/lib/stories/schemas";
import { createSection, createUser, storyValues } from "./support/factories";

let reporter: Awaited<ReturnType<typeof createUser>>;
let otherReporter: Awaited<ReturnType<typeof createUser>>;
let editor: Awaited<ReturnType<typeof createUser>>;
let section: Awaited<ReturnType<typeof createSection>>;

beforeAll(async () => {
  [reporter, otherReporter, editor] = await Promise.all([createUser("REPORTER"), createUser("REPORTER"), createUser("EDITOR", { name: "Dana Editor" })]);
  section = await createSection("Metro");
});

type Who = typeof reporter;

/** A story saved once per set of overrides: the first creates it, each later one is a new version. */
async function storyWithHistory(who: Who, ...versions: Partial<StoryInput>[]) {
  let result = await createStory(who.actor, { intent: "save", values: storyValues({ sectionId: section.id, ...versions[0] }) });
  for (const overrides of versions.slice(1)) {
    result = await updateStory(who.actor, {
      storyId: result.storyId,
      baseVersion: result.version,
      intent: "save",
      values: storyValues({ sectionId: section.id, ...overrides }),
    });
  }
  return result;
}

const oldestRevision = async (storyId: string) => (await listRevisions(editor.actor, storyId)).at(-1)!;

describe("reading a story's history", () => {
  it("lists revisions newest first, with who made each", async () => {
    const story = await storyWithHistory(reporter, { headline: "One" }, { headline: "Two" });
    await updateStory(editor.actor, {
      storyId: story.storyId,
      baseVersion: 2,
      intent: "publish",
      values: storyValues({ sectionId: section.id, headline: "Three" }),
    });

    const revisions = await listRevisions(otherReporter.actor, story.storyId);
    expect(revisions.map((r) => [r.version, r.kind, r.author])).toEqual([
      [3, "PUBLISH", "Dana Editor"],
      [2, "SAVE", reporter.user.name],
      [1, "CREATE", reporter.user.name],
    ]);
    expect(new Date(revisions[0].createdAt).toISOString()).toBe(revisions[0].createdAt);
  });

  it("says so for a story that does not exist", async () => {
    await expect(listRevisions(editor.actor, "00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("shows two revisions as a person reads them: text, names and headlines, never JSON or ids", async () => {
    const related = await storyWithHistory(editor, { headline: "Bridge reopens" });
    const story = await storyWithHistory(
      reporter,
      { headline: "Storm closes bridge", bylines: [{ userId: "", name: "Lena Marsh", title: "special correspondent" }] },
      {
        headline: "Storm closes bridge",
        body: "First paragraph.\n\n## Aftermath\n\nLast paragraph.",
        bylines: [{ userId: editor.user.id, name: "", title: "" }],
        relatedIds: [related.storyId],
      },
    );
    const [newest, oldest] = await listRevisions(reporter.actor, story.storyId);

    const { from, to } = await getRevisionPair(reporter.actor, story.storyId, oldest.id, newest.id);
    expect(from).toEqual({
      headline: "Storm closes bridge",
      dek: "A dek.",
      slug: "storm-closes-bridge",
      section: "Metro",
      status: "Draft",
      creditLine: "",
      bylines: ["Lena Marsh, special correspondent"],
      tags: [],
      related: [],
      body: "First paragraph.\n\n> A quotation.\n\nLast paragraph.",
    });
    expect(to).toMatchObject({ bylines: ["Dana Editor"], related: ["Bridge reopens"], body: "First paragraph.\n\n## Aftermath\n\nLast paragraph." });
    expect(JSON.stringify([from, to])).not.toMatch(/"type"|"content"|[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it("names a section that has since been deleted as such, and shows tags by name when a snapshot has them", async () => {
    const doomed = await createSection("Weather");
    const story = await storyWithHistory(reporter, { sectionId: doomed.id });
    const tag = await db().tag.create({ data: { name: "Storms", slug: "storms" }, select: { id: true } });
    const first = await oldestRevision(story.storyId);
    // A newer snapshot format that carries tags, next to an older one that does not.
    const stored = await db().revision.findUniqueOrThrow({ where: { id: first.id }, select: { snapshot: true } });
    const tagged = await db().revision.create({
      data: { storyId: story.storyId, version: 2, kind: "SAVE", snapshot: { ...(stored.snapshot as object), tags: [tag.id] } },
      select: { id: true },
    });
    await db().section.delete({ where: { id: doomed.id } });

    const { from, to } = await getRevisionPair(editor.actor, story.storyId, first.id, tagged.id);
    expect(from).toMatchObject({ section: "(deleted section)", tags: [] });
    expect(to).toMatchObject({ section: "(deleted section)", tags: ["Storms"] });
  });

  it("refuses a revision of another story", async () => {
    const a = await storyWithHistory(reporter);
    const b = await storyWithHistory(reporter);
    const revisionOfB = await oldestRevision(b.storyId);
    await expect(getRevisionPair(editor.actor, a.storyId, revisionOfB.id, revisionOfB.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("marks exactly the words that changed", async () => {
    const story = await storyWithHistory(
      reporter,
      { headline: "Budget vote", body: "The council passed the budget on Tuesday.\n\nIt takes effect in July." },
      { headline: "Budget vote", body: "The council rejected the budget on Tuesday.\n\nIt takes effect in July." },
    );
    const [newest, oldest] = await listRevisions(reporter.actor, story.storyId);
    const { from, to } = await getRevisionPair(reporter.actor, story.storyId, oldest.id, newest.id);

    const fields = diffRevisions(from, to);
    expect(fields.filter((f) => f.changed).map((f) => f.label)).toEqual(["Body"]);
    const body = fields.find((f) => f.field === "body")!;
    expect(body.segments.filter((s) => s.kind !== "same")).toEqual([
      { kind: "removed", text: "passed" },
      { kind: "added", text: "rejected" },
    ]);
  });
});

describe("restoring a revision", () => {
  it("writes the old content as a new RESTORE revision, and keeps every earlier revision as it was", async () => {
    const story = await storyWithHistory(
      reporter,
      { headline: "Original headline", dek: "Original dek.", body: "Original body." },
      { headline: "Second headline", dek: "Second dek.", body: "Second body.", creditLine: "Reuters contributed." },
    );
    const before = await db().revision.findMany({ where: { storyId: story.storyId }, orderBy: { version: "asc" } });
    const original = before[0];

    const restored = await restoreRevision(reporter.actor, { storyId: story.storyId, revisionId: original.id, baseVersion: 2 });
    expect(restored).toEqual({ storyId: story.storyId, slug: "original-headline", version: 3, status: "DRAFT", tags: [] });

    const row = await db().story.findUniqueOrThrow({ where: { id: story.storyId } });
    expect(row).toMatchObject({ headline: "Original headline", dek: "Original dek.", creditLine: "", version: 3, sectionId: section.id });
    const after = await db().revision.findMany({ where: { storyId: story.storyId }, orderBy: { version: "asc" } });
    expect(after.slice(0, 2)).toEqual(before);
    expect(after[2]).toMatchObject({ version: 3, kind: "RESTORE", authorId: reporter.user.id });
    expect(after[2].snapshot).toMatchObject({
      headline: "Original headline",
      dek: "Original dek.",
      slug: "original-headline",
      body: (original.snapshot as { body: unknown }).body,
    });

    const audit = await db().auditEvent.findFirstOrThrow({ where: { entityId: story.storyId, action: "story.restore" } });
    expect(audit).toMatchObject({ actorId: reporter.user.id, data: { fromRevisionId: original.id, version: 3 } });
  });

  it("refuses a restore based on an old version, and changes nothing", async () => {
    const story = await storyWithHistory(reporter, { headline: "First" }, { headline: "Second" });
    const first = await oldestRevision(story.storyId);
    const stale = restoreRevision(editor.actor, { storyId: story.storyId, revisionId: first.id, baseVersion: 1 });
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(stale).rejects.toMatchObject({ currentVersion: 2 });
    expect(await db().story.findUniqueOrThrow({ where: { id: story.storyId } })).toMatchObject({ headline: "Second", version: 2 });
    expect(await db().revision.count({ where: { storyId: story.storyId } })).toBe(2);
  });

  it("refuses a reporter on another reporter's story", async () => {
    const story = await storyWithHistory(reporter, { headline: "Mine" }, { headline: "Still mine" });
    const first = await oldestRevision(story.storyId);
    await expect(restoreRevision(otherReporter.actor, { storyId: story.storyId, revisionId: first.id, baseVersion: 2 })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await db().story.findUniqueOrThrow({ where: { id: story.storyId } })).toMatchObject({ headline: "Still mine", version: 2 });
  });

  it("keeps the current slug when another story has taken the old one", async () => {
    const story = await storyWithHistory(reporter, { headline: "Old headline", slug: "shared-slug" }, { headline: "New headline", slug: "new-slug" });
    await storyWithHistory(otherReporter, { headline: "Someone else", slug: "shared-slug" });
    const first = await oldestRevision(story.storyId);

    const restored = await restoreRevision(reporter.actor, { storyId: story.storyId, revisionId: first.id, baseVersion: 2 });
    expect(restored.slug).toBe("new-slug");
    expect(await db().story.findUniqueOrThrow({ where: { id: story.storyId } })).toMatchObject({ headline: "Old headline", slug: "new-slug" });
  });

  it("leaves out a section and related stories that no longer exist", async () => {
    const doomedSection = await createSection();
    const doomedRelated = await storyWithHistory(reporter, { headline: "Soon gone" });
    const keptRelated = await storyWithHistory(reporter, { headline: "Still here" });
    const story = await storyWithHistory(
      reporter,
      { sectionId: doomedSection.id, relatedIds: [doomedRelated.storyId, keptRelated.storyId] },
      { sectionId: section.id, relatedIds: [] },
    );
    await db().section.delete({ where: { id: doomedSection.id } });
    await deleteStory(reporter.actor, doomedRelated.storyId);
    const first = await oldestRevision(story.storyId);

    await restoreRevision(reporter.actor, { storyId: story.storyId, revisionId: first.id, baseVersion: 2 });
    const row = await db().story.findUniqueOrThrow({ where: { id: story.storyId }, select: { sectionId: true, related: { select: { relatedId: true } } } });
    expect(row).toEqual({ sectionId: null, related: [{ relatedId: keptRelated.storyId }] });
  });

  it("keeps a published story published, and returns the tags readers' pages need expired", async () => {
    const linking = await createStory(editor.actor, { intent: "publish", values: storyValues({ sectionId: section.id }) });
    const story = await storyWithHistory(reporter, { headline: "Draft headline", slug: "draft-slug" });
    const published = await updateStory(editor.actor, {
      storyId: story.storyId,
      baseVersion: 1,
      intent: "publish",
      values: storyValues({ sectionId: section.id, headline: "Published headline", slug: "published-slug" }),
    });
    await updateStory(editor.actor, {
      storyId: linking.storyId,
      baseVersion: 1,
      intent: "save",
      values: storyValues({ sectionId: section.id, slug: linking.slug, relatedIds: [story.storyId] }),
    });
    const first = await oldestRevision(story.storyId);

    const restored = await restoreRevision(editor.actor, { storyId: story.storyId, revisionId: first.id, baseVersion: published.version });
    expect(restored).toMatchObject({ status: "PUBLISHED", slug: "draft-slug", version: 3 });
    expect(restored.tags.sort()).toEqual(
      [
        cacheTags.story("published-slug"),
        cacheTags.story("draft-slug"),
        cacheTags.story(linking.slug),
        cacheTags.section(section.slug),
        cacheTags.frontPage,
        cacheTags.feeds,
        cacheTags.sitemaps,
        cacheTags.search,
        cacheTags.corrections,
      ].sort(),
    );
    expect(await db().story.findUniqueOrThrow({ where: { id: story.storyId } })).toMatchObject({ status: "PUBLISHED", headline: "Draft headline" });
    // Readers have seen the published address: it keeps working.
    expect(await db().redirect.findUnique({ where: { fromSlug: "published-slug" }, select: { storyId: true } })).toEqual({ storyId: story.storyId });
  });

  it("returns no tags for a story readers cannot see", async () => {
    const story = await storyWithHistory(reporter, { headline: "Draft one" }, { headline: "Draft two" });
    const first = await oldestRevision(story.storyId);
    const restored = await restoreRevision(editor.actor, { storyId: story.storyId, revisionId: first.id, baseVersion: 2 });
    expect(restored).toMatchObject({ status: "DRAFT", tags: [] });
  });

  it("refuses to leave a published story without what publishing needs", async () => {
    const story = await storyWithHistory(reporter, { sectionId: "" });
    await updateStory(editor.actor, { storyId: story.storyId, baseVersion: 1, intent: "publish", values: storyValues({ sectionId: section.id }) });
    const first = await oldestRevision(story.storyId);
    const restore = restoreRevision(editor.actor, { storyId: story.storyId, revisionId: first.id, baseVersion: 2 });
    await expect(restore).rejects.toBeInstanceOf(InvalidError);
    await expect(restore).rejects.toThrow("this revision lacks what a published story needs: a section.");
    expect(await db().story.findUniqueOrThrow({ where: { id: story.storyId } })).toMatchObject({ version: 2, sectionId: section.id });
  });
});
