// The edited front page (lib/front-page) against a real database: pins stand in their places and the
// rest fill with the newest publicly visible stories, once each; a pin's end, an unpublication or a
// move to another section takes a story out of its slot at once; a save based on an old version
// writes nothing; every save is in the audit log with what changed, and expires only its pages' tags.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("next/cache", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/cache")>()), unstable_cache: <T>(fn: T) => fn }));

const { db } = await import("@/lib/db");
const { frontPageSlots } = await import("@/lib/front-page/queries");
const { getFrontPageForDesk } = await import("@/lib/front-page/editor-queries");
const { saveFrontPage, STALE_LAYOUT_MESSAGE } = await import("@/lib/front-page/mutations");
const { findSectionListing } = await import("@/lib/stories/listings");
const { unpublishStory } = await import("@/lib/stories/mutations");
const { readSiteSettings } = await import("@/lib/settings/site");
const { toLocalInput } = await import("@/lib/time/local-input");
const { stopScheduler } = await import("@/lib/scheduling/worker");
const { ConflictError, ForbiddenError, InvalidError } = await import("@/lib/errors");
const { TOP_STORY_COUNT } = await import("@/lib/front-page/slots");
const { textToBody } = await import("@/lib/body/story-body");
const { createSection, createUser } = await import("./support/factories");
type Actor = import("@/lib/auth/permissions").Actor;
type Pin = import("@/lib/front-page/schemas").FrontPagePinInput;

const unique = () => randomBytes(4).toString("hex");
let editor: Actor;
let reporter: Actor;
let metro: { id: string; slug: string; name: string };
let sports: { id: string; slug: string; name: string };
let timeZone: string;
const base = Date.now() - 30 * 86_400_000;
/** Published stories, oldest first (index 0 is the oldest). */
let stories: { id: string; slug: string; sectionId: string }[] = [];

async function story(sectionId: string, minutes: number, status: "PUBLISHED" | "DRAFT" = "PUBLISHED") {
  const slug = `story-${unique()}`;
  const at = new Date(base + minutes * 60_000);
  return db().story.create({
    data: {
      slug,
      headline: `Headline ${slug}`,
      body: textToBody("A paragraph."),
      status,
      sectionId,
      firstPublishedAt: status === "PUBLISHED" ? at : null,
      lastUpdatedAt: status === "PUBLISHED" ? at : null,
      createdById: editor.id,
    },
    select: { id: true, slug: true, sectionId: true, version: true },
  }) as Promise<{ id: string; slug: string; sectionId: string; version: number }>;
}

const version = async () => (await db().frontPageLayout.findUniqueOrThrow({ where: { id: "front" } })).version;
const save = async (pins: Pin[], baseVersion?: number) => saveFrontPage(editor, { baseVersion: baseVersion ?? (await version()), pins });
const pin = (storyId: string, slot: Pin["slot"], position = 0, sectionId: string | null = null, expiresAt = ""): Pin => ({
  slot,
  sectionId,
  position,
  storyId,
  expiresAt,
});
const inMinutes = (n: number) => toLocalInput(new Date(Date.now() + n * 60_000), timeZone);
const everyId = (front: Awaited<ReturnType<typeof frontPageSlots>>) =>
  [front.lead, ...front.top, ...front.sections.flatMap((b) => b.stories)].map((s) => s!.id);

beforeAll(async () => {
  editor = (await createUser("EDITOR")).actor;
  reporter = (await createUser("REPORTER")).actor;
  [metro, sports] = [await createSection(`Metro ${unique()}`), await createSection(`Sports ${unique()}`)];
  timeZone = (await readSiteSettings()).timeZone;
  for (let i = 0; i < 16; i++) stories.push(await story(i % 2 ? sports.id : metro.id, i));
  stories = stories.map(({ id, slug, sectionId }) => ({ id, slug, sectionId }));
});
afterAll(() => stopScheduler());

describe("the front page as readers see it", () => {
  it("fills every place with the newest stories when nothing is pinned", async () => {
    const front = await frontPageSlots();
    const newest = [...stories].reverse().map((s) => s.id);
    expect(front.lead!.id).toBe(newest[0]);
    expect(front.top.map((s) => s.id)).toEqual(newest.slice(1, 1 + TOP_STORY_COUNT));
    expect([front.lead, ...front.top].every((s) => !s!.pinned)).toBe(true);
  });

  it("puts pinned stories in their places, fills the rest with the newest, and shows no story twice", async () => {
    const [oldest, second, third] = stories;
    const metroOld = stories.find((s) => s.sectionId === metro.id && s.id !== oldest.id && s.id !== third.id)!;
    await save([pin(oldest.id, "LEAD"), pin(second.id, "TOP", 2), pin(metroOld.id, "SECTION_BLOCK", 0, metro.id)]);
    const front = await frontPageSlots();
    expect(front.lead).toMatchObject({ id: oldest.id, pinned: true });
    expect(front.top[2]).toMatchObject({ id: second.id, pinned: true });
    const newest = [...stories].reverse().map((s) => s.id);
    const fillers = front.top.filter((s) => !s.pinned).map((s) => s.id);
    expect(fillers).toEqual(newest.slice(0, TOP_STORY_COUNT - 1));
    const block = front.sections.find((b) => b.section.id === metro.id)!;
    expect(block.stories[0]).toMatchObject({ id: metroOld.id, pinned: true });
    const ids = everyId(front);
    expect(new Set(ids).size).toBe(ids.length);
    await save([]);
  });

  it("drops a pin when its time has passed, by the database's clock, and queues the page's expiry for that time", async () => {
    const target = stories[3];
    const until = inMinutes(5);
    await save([pin(target.id, "LEAD", 0, null, until)]);
    expect((await frontPageSlots()).lead).toMatchObject({ id: target.id, pinned: true });
    const jobs = await db().$queryRaw<{ data: { tags: string[] }; start_after: Date }[]>`
      SELECT data, start_after FROM pgboss.job WHERE name = 'expire-cache-tags' ORDER BY created_on DESC LIMIT 1`;
    expect(jobs[0].data.tags).toEqual(["front-page"]);
    expect(toLocalInput(new Date(jobs[0].start_after), timeZone)).toBe(until);
    // The pin's time comes (moved back rather than waited for).
    await db().$executeRaw`UPDATE "FrontPagePin" SET "expiresAt" = now() - interval '1 second'`;
    const front = await frontPageSlots();
    expect(front.lead!.id).not.toBe(target.id);
    // It may still fill its section's block as one of the newest there, but pinned nowhere.
    expect([front.lead, ...front.top, ...front.sections.flatMap((b) => b.stories)].filter((s) => s!.pinned)).toEqual([]);
    await save([]);
  });

  it("takes an unpublished story out of its slot at once", async () => {
    const target = await story(metro.id, 1);
    await save([pin(target.id, "LEAD"), pin(target.id, "SECTION_TOP", 0, metro.id)]);
    expect((await frontPageSlots()).lead!.id).toBe(target.id);
    expect((await findSectionListing(metro.slug, 1))!.topStory!.id).toBe(target.id);
    await unpublishStory(editor, target.id, target.version);
    expect(everyId(await frontPageSlots())).not.toContain(target.id);
    const section = (await findSectionListing(metro.slug, 1))!;
    expect(section.topStory).toBeNull();
    expect(section.stories.map((s) => s.id)).not.toContain(target.id);
    await db().frontPagePin.deleteMany();
  });

  it("takes a section's pinned story out of the section's places when it moves to another section", async () => {
    const target = await story(metro.id, 2);
    await save([pin(target.id, "SECTION_TOP", 0, metro.id), pin(target.id, "SECTION_BLOCK", 1, metro.id)]);
    expect((await findSectionListing(metro.slug, 1))!.topStory!.id).toBe(target.id);
    await db().story.update({ where: { id: target.id }, data: { sectionId: sports.id } });
    expect((await findSectionListing(metro.slug, 1))!.topStory).toBeNull();
    const metroBlock = (await frontPageSlots()).sections.find((b) => b.section.id === metro.id)!;
    expect(metroBlock.stories.map((s) => s.id)).not.toContain(target.id);
    await save([]);
  });

  it("leads a section page with its pinned top story and leaves it out of the list on every page", async () => {
    const oldestMetro = stories.find((s) => s.sectionId === metro.id)!;
    await save([pin(oldestMetro.id, "SECTION_TOP", 0, metro.id)]);
    const first = (await findSectionListing(metro.slug, 1))!;
    expect(first.topStory!.id).toBe(oldestMetro.id);
    expect(first.stories.map((s) => s.id)).not.toContain(oldestMetro.id);
    const desk = await getFrontPageForDesk(editor);
    const place = desk.groups.find((g) => g.id === `page-${metro.id}`)!.places[0];
    expect(place).toMatchObject({ pinned: true, story: { id: oldestMetro.id } });
    await save([]);
  });
});

describe("saving the layout", () => {
  it("refuses a save based on an older version and writes nothing", async () => {
    const start = await version();
    await save([pin(stories[5].id, "LEAD")], start);
    const audits = await db().auditEvent.count({ where: { action: "frontpage.saved" } });
    const attempt = save([pin(stories[6].id, "LEAD")], start);
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toThrow(STALE_LAYOUT_MESSAGE);
    expect(await version()).toBe(start + 1);
    expect(await db().frontPagePin.findMany({ select: { storyId: true, slot: true } })).toEqual([{ storyId: stories[5].id, slot: "LEAD" }]);
    expect(await db().auditEvent.count({ where: { action: "frontpage.saved" } })).toBe(audits);
    await save([]);
  });

  it("records what was pinned, moved and unpinned, and expires only the pages that changed", async () => {
    const [a, b, c] = [stories[7], stories[8], stories[9]];
    const first = await save([pin(a.id, "TOP", 0), pin(b.id, "TOP", 1)]);
    expect(first.tags).toEqual(["front-page"]);
    const second = await save([pin(b.id, "TOP", 0), pin(c.id, "LEAD")]);
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "frontpage.saved" }, orderBy: { createdAt: "desc" } });
    expect(event).toMatchObject({ actorId: editor.id, entityType: "frontPage" });
    const data = event.data as Record<string, { storyId: string }[]>;
    expect(data.pinned.map((p) => p.storyId)).toEqual([c.id]);
    expect(data.unpinned.map((p) => p.storyId)).toEqual([a.id]);
    expect(data.moved).toEqual([{ storyId: b.id, from: { slot: "TOP", sectionId: null, position: 1 }, to: { slot: "TOP", sectionId: null, position: 0 } }]);
    expect(second.tags).toEqual(["front-page"]);
    // A section page's top story expires that section's pages only; the front page is not touched.
    const metroStory = stories.find((s) => s.sectionId === metro.id)!;
    const third = await save([pin(b.id, "TOP", 0), pin(c.id, "LEAD"), pin(metroStory.id, "SECTION_TOP", 0, metro.id)]);
    expect(third.tags).toEqual([`section:${metro.slug}`]);
    // Saving the same layout again changes nothing and records nothing.
    const audits = await db().auditEvent.count({ where: { action: "frontpage.saved" } });
    const same = await save([pin(b.id, "TOP", 0), pin(c.id, "LEAD"), pin(metroStory.id, "SECTION_TOP", 0, metro.id)]);
    expect(same.tags).toEqual([]);
    expect(await db().auditEvent.count({ where: { action: "frontpage.saved" } })).toBe(audits);
    await save([]);
  });

  it("refuses drafts, stories of another section, past times and a story in two places, saying which place", async () => {
    const draft = await story(metro.id, 3, "DRAFT");
    const sportsStory = stories.find((s) => s.sectionId === sports.id)!;
    const before = await version();
    const attempt = save([
      pin(draft.id, "LEAD"),
      pin(sportsStory.id, "SECTION_TOP", 0, metro.id),
      pin(stories[2].id, "TOP", 0, null, toLocalInput(new Date(Date.now() - 3_600_000), timeZone)),
      pin(stories[4].id, "TOP", 1),
      pin(stories[4].id, "TOP", 2),
      pin(stories[6].id, "TOP", 3, null, "2026-02-30T25:61"),
    ]);
    await expect(attempt).rejects.toBeInstanceOf(InvalidError);
    const errors: Record<string, string[]> = await attempt.then(
      () => ({}),
      (error: InstanceType<typeof InvalidError>) => error.fieldErrors!,
    );
    expect(errors["LEAD::0"].join(" ")).toMatch(/Lead story: that story is not published/);
    expect(errors[`SECTION_TOP:${metro.id}:0`].join(" ")).toMatch(/not in Metro/);
    expect(errors["TOP::0"].join(" ")).toMatch(/Top story 1: "Pinned until" has already passed/);
    expect(errors["TOP::2"].join(" ")).toMatch(/already pinned elsewhere/);
    expect(errors["TOP::3"].join(" ")).toMatch(/must be a date and time/);
    expect(await version()).toBe(before);
  });

  it("is for editors and admins only", async () => {
    await expect(saveFrontPage(reporter, { baseVersion: await version(), pins: [] })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getFrontPageForDesk(reporter)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
