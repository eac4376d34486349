// The reader's listings (lib/stories/listings.ts) against a real database: only published stories,
// newest first with a stable order, and page bounds that make out-of-range pages a 404.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import {
  LISTING_PAGE_SIZE,
  SECTION_BLOCK_SIZE,
  TOP_STORY_COUNT,
  findAuthorIdBySlug,
  findAuthorListing,
  findLatestListed,
  findNavigationSections,
  findSectionListing,
  findTagListing,
  pageFromSegment,
} from "@/lib/stories/listings";
import { frontPageSlots as findFrontPage } from "@/lib/front-page/queries";
import { textToBody } from "@/lib/body/story-body";
import type { StoryStatus } from "@/lib/generated/prisma/enums";
import { createSection, createUser } from "./support/factories";

const unique = () => randomBytes(4).toString("hex");
const HIDDEN: StoryStatus[] = ["DRAFT", "IN_REVIEW", "SCHEDULED", "UNPUBLISHED"];

let writer: Awaited<ReturnType<typeof createUser>>;
const base = new Date("2026-06-01T12:00:00Z").getTime();
const minutesAfter = (n: number) => new Date(base + n * 60_000);

async function story(options: {
  status?: StoryStatus;
  sectionId?: string | null;
  publishedAt?: Date | null;
  tagIds?: string[];
  staffIds?: string[];
  headline?: string;
}) {
  const status = options.status ?? "PUBLISHED";
  const slug = `story-${unique()}`;
  // Unpublished and scheduled stories may keep their old publication time: the status alone hides them.
  const publishedAt = options.publishedAt === undefined ? (status === "DRAFT" || status === "IN_REVIEW" ? null : minutesAfter(0)) : options.publishedAt;
  return db().story.create({
    data: {
      slug,
      headline: options.headline ?? `Headline ${slug}`,
      body: textToBody("A paragraph."),
      status,
      sectionId: options.sectionId ?? null,
      firstPublishedAt: publishedAt,
      lastUpdatedAt: publishedAt,
      scheduledAt: status === "SCHEDULED" ? minutesAfter(10_000) : null,
      createdById: writer.user.id,
      tags: { create: (options.tagIds ?? []).map((tagId, position) => ({ tagId, position })) },
      bylines: { create: (options.staffIds ?? []).map((userId, position) => ({ userId, position })) },
    },
    select: { id: true, slug: true },
  });
}

beforeAll(async () => {
  writer = await createUser("REPORTER");
});

describe("page addresses", () => {
  it("accept plain positive page numbers only", () => {
    expect(pageFromSegment("2")).toBe(2);
    expect(pageFromSegment("137")).toBe(137);
    for (const bad of ["0", "02", "-1", "1.5", "two", "", "1e3", "9999999"]) expect(pageFromSegment(bad)).toBeNull();
  });
});

describe("a section's listing", () => {
  it("shows published stories only, newest first, paged with stable bounds", async () => {
    const section = await createSection();
    const count = LISTING_PAGE_SIZE + 5;
    const published = [];
    for (let i = 0; i < count; i++) published.push(await story({ sectionId: section.id, publishedAt: minutesAfter(i) }));
    // Two stories published at the same moment (no other story has it): their order is still fixed, by id.
    const twinA = await story({ sectionId: section.id, publishedAt: minutesAfter(3.5) });
    const twinB = await story({ sectionId: section.id, publishedAt: minutesAfter(3.5) });
    for (const status of HIDDEN) await story({ status, sectionId: section.id, publishedAt: status === "DRAFT" ? null : minutesAfter(999) });

    const first = await findSectionListing(section.slug, 1);
    expect(first).toMatchObject({ section: { slug: section.slug, name: section.name }, page: 1, hasOlder: true });
    expect(first!.stories).toHaveLength(LISTING_PAGE_SIZE);
    expect(first!.stories[0].slug).toBe(published.at(-1)!.slug);
    const times = first!.stories.map((s) => s.firstPublishedAt);
    expect([...times].sort().reverse()).toEqual(times);

    const second = await findSectionListing(section.slug, 2);
    expect(second!.stories).toHaveLength(7);
    expect(second!.hasOlder).toBe(false);
    expect(second!.stories.at(-1)!.slug).toBe(published[0].slug);
    const all = [...first!.stories, ...second!.stories].map((s) => s.slug);
    expect(new Set(all).size).toBe(count + 2);
    const [a, b] = [twinA, twinB].sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(all.indexOf(a.slug)).toBe(all.indexOf(b.slug) - 1);

    expect(await findSectionListing(section.slug, 3)).toBeNull();
    expect(await findSectionListing(section.slug, 0)).toBeNull();
    expect(await findSectionListing(`no-such-${unique()}`, 1)).toBeNull();
  });

  it("ends exactly at a full page with no empty page after it", async () => {
    const section = await createSection();
    for (let i = 0; i < LISTING_PAGE_SIZE; i++) await story({ sectionId: section.id, publishedAt: minutesAfter(i) });
    expect(await findSectionListing(section.slug, 1)).toMatchObject({ hasOlder: false });
    expect((await findSectionListing(section.slug, 1))!.stories).toHaveLength(LISTING_PAGE_SIZE);
    expect(await findSectionListing(section.slug, 2)).toBeNull();
  });

  it("of a section with nothing published is an empty first page and no second", async () => {
    const section = await createSection();
    await story({ status: "DRAFT", sectionId: section.id });
    expect(await findSectionListing(section.slug, 1)).toMatchObject({ stories: [], page: 1, hasOlder: false });
    expect(await findSectionListing(section.slug, 2)).toBeNull();
  });
});

describe("a tag's listing", () => {
  it("lists the published stories that carry it, and is no page while only drafts do", async () => {
    const tag = await db().tag.create({ data: { slug: `tag-${unique()}`, name: "Ferries" }, select: { id: true, slug: true } });
    const onlyDrafts = await db().tag.create({ data: { slug: `tag-${unique()}`, name: "Secret plans" }, select: { id: true, slug: true } });
    const older = await story({ tagIds: [tag.id], publishedAt: minutesAfter(1) });
    const newer = await story({ tagIds: [tag.id, onlyDrafts.id], status: "UNPUBLISHED", publishedAt: minutesAfter(5) });
    const newest = await story({ tagIds: [tag.id], publishedAt: minutesAfter(2) });
    await story({ tagIds: [onlyDrafts.id], status: "DRAFT" });
    await story({ tagIds: [onlyDrafts.id], status: "SCHEDULED" });

    const listing = await findTagListing(tag.slug, 1);
    expect(listing).toMatchObject({ tag: { slug: tag.slug, name: "Ferries" }, hasOlder: false });
    expect(listing!.stories.map((s) => s.slug)).toEqual([newest.slug, older.slug]);
    expect(listing!.stories.map((s) => s.slug)).not.toContain(newer.slug);
    expect(await findTagListing(tag.slug, 2)).toBeNull();
    expect(await findTagListing(onlyDrafts.slug, 1)).toBeNull();
  });
});

describe("an author's listing", () => {
  it("lists the published stories under their own byline, with their title and bio", async () => {
    const author = await createUser("REPORTER", { name: `Ana Ruiz ${unique()}` });
    const { slug } = await db().user.update({
      where: { id: author.user.id },
      data: { title: "special correspondent", bio: "Ana Ruiz covers the harbor." },
      select: { slug: true },
    });
    const other = await createUser("REPORTER");
    const shared = await story({ staffIds: [other.user.id, author.user.id], publishedAt: minutesAfter(4) });
    const own = await story({ staffIds: [author.user.id], publishedAt: minutesAfter(2) });
    await story({ staffIds: [author.user.id], status: "DRAFT" });
    await story({ staffIds: [author.user.id], status: "SCHEDULED" });
    await story({ staffIds: [other.user.id], publishedAt: minutesAfter(3) });

    expect(await findAuthorIdBySlug(slug!)).toBe(author.user.id);
    const listing = await findAuthorListing(author.user.id, 1);
    expect(listing!.author).toMatchObject({ slug, name: author.user.name, title: "special correspondent", bio: "Ana Ruiz covers the harbor." });
    expect(listing!.stories.map((s) => s.slug)).toEqual([shared.slug, own.slug]);
    expect(listing!.stories[0].bylines).toEqual([
      { name: other.user.name, authorSlug: expect.any(String) },
      { name: author.user.name, authorSlug: slug },
    ]);
    expect(await findAuthorListing(author.user.id, 2)).toBeNull();
  });

  it("is no page for someone with nothing published, or for an address that names nobody", async () => {
    const unpublished = await createUser("REPORTER");
    await story({ staffIds: [unpublished.user.id], status: "IN_REVIEW" });
    expect(await findAuthorListing(unpublished.user.id, 1)).toBeNull();
    expect(await findAuthorIdBySlug(`nobody-${unique()}`)).toBeNull();
  });
});

describe("the front page", () => {
  it("leads with the newest published story, then top stories, then each section's newest others in section order", async () => {
    // Later than anything above, so that these stories lead regardless of the other tests' rows.
    const later = (n: number) => minutesAfter(100_000 + n);
    const [first, second] = [await createSection(`Alpha ${unique()}`), await createSection(`Beta ${unique()}`)];
    await db().section.update({ where: { id: first.id }, data: { position: -2 } });
    await db().section.update({ where: { id: second.id }, data: { position: -1 } });
    const stories = [];
    for (let i = 0; i < 1 + TOP_STORY_COUNT + SECTION_BLOCK_SIZE + 2; i++) {
      stories.push(await story({ sectionId: i % 2 ? second.id : first.id, publishedAt: later(i) }));
    }
    const draft = await story({ status: "DRAFT", sectionId: first.id, publishedAt: null });
    const scheduled = await story({ status: "SCHEDULED", sectionId: first.id, publishedAt: later(1_000) });
    const unpublished = await story({ status: "UNPUBLISHED", sectionId: second.id, publishedAt: later(1_001) });
    const newestFirst = [...stories].reverse().map((s) => s.slug);

    const front = await findFrontPage();
    expect(front.lead!.slug).toBe(newestFirst[0]);
    expect(front.top.map((s) => s.slug)).toEqual(newestFirst.slice(1, 1 + TOP_STORY_COUNT));
    const above = new Set([front.lead!.slug, ...front.top.map((s) => s.slug)]);
    const blocks = front.sections.slice(0, 2);
    expect(blocks.map((b) => b.section.slug)).toEqual([first.slug, second.slug]);
    for (const block of blocks) {
      expect(block.stories.length).toBeLessThanOrEqual(SECTION_BLOCK_SIZE);
      for (const s of block.stories) {
        expect(above.has(s.slug)).toBe(false);
        expect(s.section!.slug).toBe(block.section.slug);
      }
    }
    // Even-numbered stories went to the first section: its block is the newest of those not shown above.
    const firstSectionSlugs = new Set(stories.filter((_, i) => i % 2 === 0).map((s) => s.slug));
    expect(blocks[0].stories.map((s) => s.slug)).toEqual(
      newestFirst.filter((slug) => firstSectionSlugs.has(slug) && !above.has(slug)).slice(0, SECTION_BLOCK_SIZE),
    );

    const everything = [front.lead!, ...front.top, ...front.sections.flatMap((b) => b.stories)].map((s) => s.slug);
    for (const hidden of [draft, scheduled, unpublished]) expect(everything).not.toContain(hidden.slug);
    const latest = (await findLatestListed(8)).map((s) => s.slug);
    expect(latest).toEqual(newestFirst.slice(0, 8));
    for (const hidden of [draft, scheduled, unpublished]) expect(latest).not.toContain(hidden.slug);
  });

  it("names sections in the navigation in section order", async () => {
    const sections = await findNavigationSections();
    const positions = await db().section.findMany({ select: { slug: true, position: true } });
    const position = new Map(positions.map((p) => [p.slug, p.position]));
    const order = sections.map((s) => position.get(s.slug)!);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});
