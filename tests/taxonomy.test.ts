// Editors managing sections and tags through lib/sections and lib/tags against a real database: who
// may, what gets written alongside, and which readers' pages each change makes stale. The last block
// calls the server actions themselves, with the session lookup replaced by the actor under test.
import { randomUUID } from "node:crypto";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/permissions";

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/actor", (original) => import("./support/outside-next").then((next) => next.actorFromSession(original, session)));
// Cache expiry needs a running Next server; here it is only recorded.
const expired = vi.hoisted(() => [] as string[]);
vi.mock("next/cache", (original) => import("./support/outside-next").then((next) => next.cacheOutsideNext(original, (tag) => void expired.push(tag))));
vi.mock("next/server", (original) => import("./support/outside-next").then((next) => next.serverOutsideNext(original)));

import * as actions from "@/app/(editor)/desk/sections/actions";
import { db } from "@/lib/db";
import { cacheTags } from "@/lib/cache/tags";
import { ForbiddenError, InvalidError } from "@/lib/errors";
import { createSection, deleteSection, moveSection, updateSection } from "@/lib/sections/mutations";
import { listSectionsForDesk } from "@/lib/sections/queries";
import { sectionInputSchema, type SectionInput } from "@/lib/sections/schemas";
import { fieldErrorsOf } from "@/lib/actions";
import { createStory } from "@/lib/stories/mutations";
import { deleteTag, renameTag } from "@/lib/tags/mutations";
import { listTagsForDesk } from "@/lib/tags/queries";
import { tagRenameSchema } from "@/lib/tags/schemas";
import { createUser, storyValues } from "./support/factories";

let reporter: Awaited<ReturnType<typeof createUser>>;
let editor: Awaited<ReturnType<typeof createUser>>;
/** Where stories go when a test does not care: publishing needs a section. */
let homeSectionId: string;

beforeAll(async () => {
  [reporter, editor] = await Promise.all([createUser("REPORTER"), createUser("EDITOR")]);
  homeSectionId = (await db().section.create({ data: { name: "Home", slug: "home" }, select: { id: true } })).id;
});

let counter = 0;
const uniqueName = (base: string) => `${base} ${++counter}`;

/** Section form input, parsed the way the server action parses it. */
const section = (input: SectionInput) => sectionInputSchema.parse(input);
const tagName = (name: string) => tagRenameSchema.parse({ name });

function fieldErrors(input: SectionInput) {
  const parsed = sectionInputSchema.safeParse(input);
  return parsed.success ? null : fieldErrorsOf(parsed.error);
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail("expected the call to be refused"),
    (error: unknown) => error,
  );
}

async function story(intent: "save" | "publish", overrides: Parameters<typeof storyValues>[0] = {}) {
  return createStory(editor.actor, { intent, values: storyValues({ sectionId: homeSectionId, ...overrides }) });
}

const sectionOrder = () => db().section.findMany({ orderBy: { position: "asc" }, select: { id: true, position: true } });

const auditCount = (action: string, entityId: string) => db().auditEvent.count({ where: { action, entityId } });

describe("a reporter", () => {
  it("is refused every section and tag change, and nothing changes", async () => {
    const existing = await createSection(editor.actor, section({ name: uniqueName("Metro") }));
    const published = await story("publish", { tags: "Reporter proof" });
    const tag = await db().tag.findUniqueOrThrow({ where: { slug: "reporter-proof" } });
    const refusals = [
      () => createSection(reporter.actor, section({ name: uniqueName("Weather") })),
      () => updateSection(reporter.actor, existing.sectionId, section({ name: "Renamed" })),
      () => moveSection(reporter.actor, existing.sectionId, "up"),
      () => deleteSection(reporter.actor, existing.sectionId),
      () => renameTag(reporter.actor, tag.id, tagName("Renamed")),
      () => deleteTag(reporter.actor, tag.id),
    ];
    for (const refusal of refusals) {
      const error = await caught(refusal());
      expect(error).toBeInstanceOf(ForbiddenError);
      expect((error as Error).message).toBe("Only editors can manage sections and tags.");
    }
    expect((await db().section.findUniqueOrThrow({ where: { id: existing.sectionId } })).name).not.toBe("Renamed");
    expect(await db().tag.findUnique({ where: { id: tag.id }, select: { name: true } })).toEqual({ name: "Reporter proof" });
    expect(await db().storyTag.count({ where: { storyId: published.storyId } })).toBe(1);
    expect(await db().auditEvent.count({ where: { actorId: reporter.user.id } })).toBe(0);
  });

  it("sees the lists read-only", async () => {
    expect((await listSectionsForDesk(reporter.actor)).canManage).toBe(false);
    expect((await listTagsForDesk(reporter.actor)).canManage).toBe(false);
    expect((await listSectionsForDesk(editor.actor)).canManage).toBe(true);
  });
});

describe("an editor managing sections", () => {
  it("creates a section at the end of the order, with an audit event and the tags readers need expired", async () => {
    const before = await db().section.count();
    const created = await createSection(editor.actor, section({ name: "  Arts   and Culture ", slug: "" }));
    expect(created.slug).toBe("arts-and-culture");
    const row = await db().section.findUniqueOrThrow({ where: { id: created.sectionId } });
    expect(row).toMatchObject({ name: "Arts and Culture", slug: "arts-and-culture", position: before });
    expect(await auditCount("section.create", created.sectionId)).toBe(1);
    expect(created.tags).toEqual(
      expect.arrayContaining([cacheTags.section("arts-and-culture"), cacheTags.sections, cacheTags.frontPage, cacheTags.feeds, cacheTags.sitemaps]),
    );
  });

  it("gets a field error on the slug for a slug already used", async () => {
    const first = await createSection(editor.actor, section({ name: uniqueName("Sports") }));
    const error = await caught(createSection(editor.actor, section({ name: "Other sports", slug: first.slug })));
    expect(error).toBeInstanceOf(InvalidError);
    expect((error as InvalidError).fieldErrors?.slug?.[0]).toMatch(/Another section already uses this slug/);

    const second = await createSection(editor.actor, section({ name: uniqueName("Sports") }));
    const renameError = await caught(updateSection(editor.actor, second.sectionId, section({ name: "Sports", slug: first.slug })));
    expect((renameError as InvalidError).fieldErrors?.slug?.[0]).toMatch(/Another section already uses this slug/);
  });

  it("gets a field error on the slug for an address the site itself uses, typed or made from the name", async () => {
    expect(fieldErrors({ name: "Desk" })?.slug?.[0]).toMatch(/\/desk is one of the site's own addresses/);
    expect(fieldErrors({ name: "Opinion", slug: "stories" })?.slug?.[0]).toMatch(/\/stories is one of the site's own addresses/);
    expect(fieldErrors({ name: "Opinion", slug: "Bad Slug!" })).toEqual({
      slug: ["Use lowercase letters, numbers and single hyphens, like council-passes-budget."],
    });
    expect(fieldErrors({ name: "!!!" })?.slug?.[0]).toMatch(/Type a slug/);
    expect(fieldErrors({ name: "   " })).toEqual({ name: ["Name the section."] });
    expect(fieldErrors({ name: "x".repeat(81) })?.name?.[0]).toMatch(/80 characters/);
  });

  it("renames a section: its published stories' pages are stale, its drafts' are not", async () => {
    const created = await createSection(editor.actor, section({ name: uniqueName("Business") }));
    const published = await story("publish", { sectionId: created.sectionId });
    const draft = await story("save", { sectionId: created.sectionId });
    const elsewhere = await story("publish");

    const renamed = await updateSection(editor.actor, created.sectionId, section({ name: "Money", slug: "money" }));
    expect(renamed.slug).toBe("money");
    expect(await db().section.findUniqueOrThrow({ where: { id: created.sectionId } })).toMatchObject({ name: "Money", slug: "money" });
    expect(renamed.tags).toEqual(
      expect.arrayContaining([
        cacheTags.section(created.slug),
        cacheTags.section("money"),
        cacheTags.frontPage,
        cacheTags.feeds,
        cacheTags.sitemaps,
        cacheTags.story(published.slug),
      ]),
    );
    expect(renamed.tags).not.toContain(cacheTags.story(draft.slug));
    expect(renamed.tags).not.toContain(cacheTags.story(elsewhere.slug));
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "section.update", entityId: created.sectionId } });
    expect(audit).toMatchObject({ actorId: editor.user.id, data: { from: { slug: created.slug }, to: { name: "Money", slug: "money" } } });
  });

  it("moves sections up and down, keeping positions 0..n-1", async () => {
    // Rows written before positions were kept dense all sit at 0.
    await db().section.createMany({
      data: [
        { name: "Legacy B", slug: "legacy-b" },
        { name: "Legacy A", slug: "legacy-a" },
      ],
    });
    const last = await createSection(editor.actor, section({ name: uniqueName("Zoning") }));
    const before = await listSectionsForDesk(editor.actor);
    const ids = before.sections.map((s) => s.id);
    expect(ids.at(-1)).toBe(last.sectionId);

    const moved = await moveSection(editor.actor, last.sectionId, "up");
    const neighbour = before.sections.at(-2)!;
    expect(moved.tags).toEqual(expect.arrayContaining([cacheTags.section(last.slug), cacheTags.section(neighbour.slug), cacheTags.frontPage]));
    const after = await sectionOrder();
    expect(after.map((s) => s.position)).toEqual(after.map((_, i) => i));
    expect(after.map((s) => s.id)).toEqual([...ids.slice(0, -2), last.sectionId, neighbour.id]);
    expect(await auditCount("section.move", last.sectionId)).toBe(1);

    const first = after[0].id;
    await moveSection(editor.actor, first, "down");
    const afterDown = await sectionOrder();
    expect(afterDown.slice(0, 2).map((s) => s.id)).toEqual([after[1].id, first]);
    expect(afterDown.map((s) => s.position)).toEqual(afterDown.map((_, i) => i));

    await expect(moveSection(editor.actor, afterDown[0].id, "up")).rejects.toThrow(/already first/);
    await expect(moveSection(editor.actor, afterDown.at(-1)!.id, "down")).rejects.toThrow(/already last/);
  });

  it("keeps positions 0..n-1 when editors reorder, add and delete at the same moment", async () => {
    const [a, b] = await Promise.all([
      createSection(editor.actor, section({ name: uniqueName("Race") })),
      createSection(editor.actor, section({ name: uniqueName("Race") })),
    ]);
    const doomed = await createSection(editor.actor, section({ name: uniqueName("Race") }));
    await Promise.all([
      moveSection(editor.actor, a.sectionId, "up"),
      moveSection(editor.actor, b.sectionId, "up"),
      deleteSection(editor.actor, doomed.sectionId),
      createSection(editor.actor, section({ name: uniqueName("Race") })),
    ]);
    const order = await sectionOrder();
    expect(order.map((s) => s.position)).toEqual(order.map((_, i) => i));
  });

  it("deletes an unused section, and is told how many stories use one that is in use", async () => {
    const used = await createSection(editor.actor, section({ name: uniqueName("Schools") }));
    await story("save", { sectionId: used.sectionId });
    await story("publish", { sectionId: used.sectionId });
    const error = await caught(deleteSection(editor.actor, used.sectionId));
    expect(error).toBeInstanceOf(InvalidError);
    expect((error as Error).message).toMatch(/2 stories use it/);
    expect(await db().section.count({ where: { id: used.sectionId } })).toBe(1);

    const unused = await createSection(editor.actor, section({ name: uniqueName("Obituaries") }));
    const deleted = await deleteSection(editor.actor, unused.sectionId);
    expect(deleted.tags).toEqual(expect.arrayContaining([cacheTags.section(unused.slug), cacheTags.frontPage, cacheTags.feeds, cacheTags.sitemaps]));
    expect(await db().section.count({ where: { id: unused.sectionId } })).toBe(0);
    expect(await auditCount("section.delete", unused.sectionId)).toBe(1);
    const order = await sectionOrder();
    expect(order.map((s) => s.position)).toEqual(order.map((_, i) => i));
  });

  it("lists sections with all their stories and the published ones", async () => {
    const created = await createSection(editor.actor, section({ name: uniqueName("Health") }));
    await story("save", { sectionId: created.sectionId });
    await story("publish", { sectionId: created.sectionId });
    await story("publish", { sectionId: created.sectionId });
    const row = (await listSectionsForDesk(editor.actor)).sections.find((s) => s.id === created.sectionId);
    expect(row).toMatchObject({ storyCount: 3, publishedCount: 2 });
  });
});

describe("an editor managing tags", () => {
  const tagsOf = async (storyId: string) =>
    (await db().storyTag.findMany({ where: { storyId }, orderBy: { position: "asc" }, select: { position: true, tag: { select: { name: true } } } })).map(
      (t) => [t.position, t.tag.name],
    );

  it("renames a tag: the slug follows, and only published stories' pages are stale", async () => {
    const published = await story("publish", { tags: "Potholes, Transit" });
    const draft = await story("save", { tags: "Potholes" });
    const tag = await db().tag.findUniqueOrThrow({ where: { slug: "potholes" } });
    const renamed = await renameTag(editor.actor, tag.id, tagName("Road repairs"));
    expect(renamed).toMatchObject({ tagId: tag.id, slug: "road-repairs", mergedInto: null });
    expect(await db().tag.findUniqueOrThrow({ where: { id: tag.id } })).toMatchObject({ name: "Road repairs", slug: "road-repairs" });
    expect(renamed.tags).toEqual(
      expect.arrayContaining([cacheTags.story(published.slug), cacheTags.tag("potholes"), cacheTags.tag("road-repairs"), cacheTags.feeds, cacheTags.sitemaps]),
    );
    expect(renamed.tags).not.toContain(cacheTags.story(draft.slug));
    expect(await tagsOf(published.storyId)).toEqual([
      [0, "Road repairs"],
      [1, "Transit"],
    ]);
    expect(await auditCount("tag.rename", tag.id)).toBe(1);
  });

  it("merges a tag renamed onto another's name: one row per story, in the earlier place, positions 0..n-1", async () => {
    const both = await story("publish", { tags: "Storms, Weather, Storm" });
    const onlyRenamed = await story("publish", { tags: "Flooding, Storms" });
    const onlyKept = await story("publish", { tags: "Storm" });
    const storms = await db().tag.findUniqueOrThrow({ where: { slug: "storms" } });
    const storm = await db().tag.findUniqueOrThrow({ where: { slug: "storm" } });

    const merged = await renameTag(editor.actor, storms.id, tagName("Storm"));
    expect(merged).toMatchObject({ tagId: storm.id, slug: "storm", mergedInto: storm.id });
    expect(await db().tag.count({ where: { id: storms.id } })).toBe(0);
    expect(await tagsOf(both.storyId)).toEqual([
      [0, "Storm"],
      [1, "Weather"],
    ]);
    expect(await tagsOf(onlyRenamed.storyId)).toEqual([
      [0, "Flooding"],
      [1, "Storm"],
    ]);
    expect(merged.tags).toEqual(
      expect.arrayContaining([cacheTags.story(both.slug), cacheTags.story(onlyRenamed.slug), cacheTags.tag("storms"), cacheTags.tag("storm"), cacheTags.feeds]),
    );
    // The kept tag's name did not change, so its other stories' pages are not stale.
    expect(merged.tags).not.toContain(cacheTags.story(onlyKept.slug));
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "tag.merge", entityId: storms.id } });
    expect(audit.data).toMatchObject({ mergedInto: storm.id, storyCount: 2 });
  });

  it("merges under a new spelling: the kept tag takes the typed name", async () => {
    const renamedStory = await story("publish", { tags: "Heat wave" });
    const keptStory = await story("publish", { tags: "Heatwave" });
    const source = await db().tag.findUniqueOrThrow({ where: { slug: "heat-wave" } });
    const kept = await db().tag.findUniqueOrThrow({ where: { slug: "heatwave" } });
    const merged = await renameTag(editor.actor, source.id, tagName("HEATWAVE"));
    expect(merged.mergedInto).toBe(kept.id);
    expect(await db().tag.findUniqueOrThrow({ where: { id: kept.id } })).toMatchObject({ name: "HEATWAVE", slug: "heatwave" });
    expect(merged.tags).toEqual(expect.arrayContaining([cacheTags.story(renamedStory.slug), cacheTags.story(keptStory.slug)]));
  });

  it("deletes a tag, taking it off every story and closing the gap it leaves", async () => {
    const published = await story("publish", { tags: "Budget, Council, Taxes" });
    const draft = await story("save", { tags: "Council" });
    const council = await db().tag.findUniqueOrThrow({ where: { slug: "council" } });
    const deleted = await deleteTag(editor.actor, council.id);
    expect(await db().tag.count({ where: { id: council.id } })).toBe(0);
    expect(await tagsOf(published.storyId)).toEqual([
      [0, "Budget"],
      [1, "Taxes"],
    ]);
    expect(await tagsOf(draft.storyId)).toEqual([]);
    expect(deleted.tags).toEqual(expect.arrayContaining([cacheTags.story(published.slug), cacheTags.tag("council"), cacheTags.feeds, cacheTags.sitemaps]));
    expect(deleted.tags).not.toContain(cacheTags.story(draft.slug));
    expect(await db().auditEvent.findFirstOrThrow({ where: { action: "tag.delete", entityId: council.id } })).toMatchObject({
      actorId: editor.user.id,
      data: { name: "Council", storyCount: 2 },
    });
  });

  it("lists tags with their story counts", async () => {
    await story("save", { tags: "Libraries" });
    await story("publish", { tags: "Libraries" });
    const { tags } = await listTagsForDesk(editor.actor, { q: "librar" });
    expect(tags).toEqual([expect.objectContaining({ name: "Libraries", slug: "libraries", storyCount: 2 })]);
    // A NUL byte typed into the address bar's ?q= is dropped, not sent to PostgreSQL (which refuses it).
    expect((await listTagsForDesk(editor.actor, { q: "lib\u0000rar\uD800" })).tags).toEqual(tags);
  });

  it("finds what was typed, with %, _ and a backslash as themselves, not as pattern characters", async () => {
    await story("save", { tags: "Rates up 5% (lab_tests)" });
    await story("save", { tags: "Rates up 5 (labXtests)" });
    const names = async (q: string) => (await listTagsForDesk(editor.actor, { q })).tags.map((tag) => tag.name);
    expect(await names("5%")).toEqual(["Rates up 5% (lab_tests)"]);
    expect(await names("lab_t")).toEqual(["Rates up 5% (lab_tests)"]);
    expect(await names("\\")).toEqual([]);
  });
});

describe("the server actions", () => {
  beforeEach(() => {
    session.actor = null;
    expired.length = 0;
  });

  it("refuse anyone signed out, and reporters, before anything is written", async () => {
    const target = await createSection(editor.actor, section({ name: uniqueName("Courts") }));
    await story("publish", { tags: "Action proof" });
    const tag = await db().tag.findUniqueOrThrow({ where: { slug: "action-proof" } });
    for (const actor of [null, reporter.actor]) {
      session.actor = actor;
      const results = await Promise.all([
        actions.createSectionAction({ name: uniqueName("Nope"), slug: "" }),
        actions.updateSectionAction({ sectionId: target.sectionId, values: { name: "Nope", slug: "" } }),
        actions.moveSectionAction({ sectionId: target.sectionId, direction: "up" }),
        actions.deleteSectionAction({ sectionId: target.sectionId }),
        actions.renameTagAction({ tagId: tag.id, values: { name: "Nope" } }),
        actions.deleteTagAction({ tagId: tag.id }),
      ]);
      for (const result of results) {
        expect(result).toMatchObject({ ok: false, message: actor ? "Only editors can manage sections and tags." : expect.stringMatching(/Sign in again/) });
      }
    }
    expect(expired).toEqual([]);
  });

  it("return field errors keyed by the form's fields, and expire what a change makes stale", async () => {
    session.actor = editor.actor;
    expect(await actions.createSectionAction({ name: "Search", slug: "" })).toMatchObject({
      ok: false,
      fieldErrors: { slug: [expect.stringMatching(/site's own addresses/)] },
    });
    const taken = await createSection(editor.actor, section({ name: uniqueName("Transit") }));
    expect(await actions.createSectionAction({ name: "Transit again", slug: taken.slug })).toMatchObject({
      ok: false,
      fieldErrors: { slug: [expect.stringMatching(/already uses this slug/)] },
    });
    expect(await actions.updateSectionAction({ sectionId: taken.sectionId, values: { name: "", slug: "" } })).toMatchObject({
      ok: false,
      fieldErrors: { name: [expect.any(String)] },
    });
    expect(await actions.renameTagAction({ tagId: randomUUID(), values: { name: "?!" } })).toMatchObject({
      ok: false,
      fieldErrors: { name: ["Tags need letters or numbers."] },
    });
    expect(expired).toEqual([]);

    const published = await story("publish", { sectionId: taken.sectionId });
    expect(await actions.updateSectionAction({ sectionId: taken.sectionId, values: { name: "Getting Around", slug: "" } })).toEqual({
      ok: true,
      data: { name: "Getting Around", slug: "getting-around" },
    });
    expect(expired).toEqual(expect.arrayContaining([cacheTags.section(taken.slug), cacheTags.section("getting-around"), cacheTags.story(published.slug)]));
  });
});
