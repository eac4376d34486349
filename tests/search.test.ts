// Reader search against a real database: what matches, in which order, with which filters, and that
// nothing unpublished and no hostile query ever gets through or breaks it.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createStory, unpublishStory, updateStory } from "@/lib/stories/mutations";
import { restoreRevision } from "@/lib/revisions/restore";
import { findSearchResults, type SearchResults } from "@/lib/search/search";
import { readSearchRequest, SEARCH_PAGE_SIZE } from "@/lib/search/params";
import { MATCH_END, MATCH_START } from "@/lib/search/highlight";
import { cacheTags } from "@/lib/cache/tags";
import { createSection, createUser, storyValues } from "./support/factories";
import type { StoryInput } from "@/lib/stories/schemas";

const ZONE = "America/New_York";
let editor: Awaited<ReturnType<typeof createUser>>;
let metro: { id: string; slug: string };
let sports: { id: string; slug: string };

async function publish(overrides: Partial<StoryInput>) {
  const values = storyValues({ sectionId: metro.id, ...overrides });
  return createStory(editor.actor, { intent: "publish", values });
}

async function draft(overrides: Partial<StoryInput>) {
  return createStory(editor.actor, { intent: "save", values: storyValues({ sectionId: metro.id, ...overrides }) });
}

async function publishedAt(storyId: string, at: Date) {
  await db().story.update({ where: { id: storyId }, data: { firstPublishedAt: at, lastUpdatedAt: at } });
}

function search(params: Record<string, string>): Promise<SearchResults> {
  return findSearchResults(readSearchRequest(params, ZONE));
}

const headlines = (results: SearchResults) => results.hits.map((h) => h.headline.map((p) => p.text).join(""));

beforeAll(async () => {
  editor = await createUser("EDITOR", { name: "Dana Whitlock" });
  metro = await createSection("Metro");
  sports = await createSection("Sports");
});

describe("matching and ranking", () => {
  beforeAll(async () => {
    await publish({ headline: "Ferry service resumes after storm", body: "Boats ran again on Tuesday." });
    await publish({ headline: "Harbor businesses count the cost", body: "Owners said the ferry schedule matters more than ever." });
    await publish({ headline: "City council approves ferry budget", dek: "A vote of 7 to 2.", body: "The council met late." });
    await publish({ headline: "Council weighs a new city hall", body: "Members of the city planning board and the council spoke." });
  });

  it("finds stemmed words and ranks a headline match above a body match", async () => {
    const results = await search({ q: "ferries" });
    expect(results.total).toBe(3);
    expect(headlines(results).at(-1)).toBe("Harbor businesses count the cost");
    expect(headlines(results).slice(0, 2)).toEqual(expect.arrayContaining(["Ferry service resumes after storm", "City council approves ferry budget"]));
  });

  it("highlights matches in the headline and the body as parts, never as markup", async () => {
    const results = await search({ q: "ferry schedule" });
    expect(results.total).toBe(1);
    const [hit] = results.hits;
    expect(hit.snippet.filter((p) => p.match).map((p) => p.text.toLowerCase())).toEqual(["ferry", "schedule"]);
    expect(hit.snippet.map((p) => p.text).join("")).toContain("Owners said the ferry schedule matters");
  });

  it("matches a quoted phrase only with the words together and in order", async () => {
    const phrase = await search({ q: '"city council"' });
    expect(headlines(phrase)).toEqual(["City council approves ferry budget"]);
    const words = await search({ q: "city council" });
    expect(words.total).toBe(2);
  });

  it("treats the last word as a prefix, and word* as a prefix anywhere", async () => {
    expect((await search({ q: "council budg" })).total).toBe(1);
    expect((await search({ q: "harb* cost" })).total).toBe(1);
    // A prefix of one or two letters is not a prefix (it would match half the archive).
    expect((await search({ q: "ferry bo" })).total).toBe(0);
  });

  it("leaves out -words and accepts either word with or", async () => {
    expect(headlines(await search({ q: "ferry -council" })).sort()).toEqual(["Ferry service resumes after storm", "Harbor businesses count the cost"]);
    expect((await search({ q: "storm or harbor" })).total).toBe(2);
  });

  it("searches the dek and the bylines", async () => {
    expect(headlines(await search({ q: "vote" }))).toEqual(["City council approves ferry budget"]);
    const byName = await search({ q: "Outside Writer ferry" });
    expect(byName.total).toBe(3);
  });
});

describe("bylines in the search text", () => {
  it("follows staff bylines through a rename, and outside names through a restore", async () => {
    const reporter = await createUser("REPORTER", { name: "Priya Ramaswamy" });
    const values = storyValues({ sectionId: metro.id, headline: "Library hours expand", bylines: [{ userId: reporter.user.id, name: "", title: "" }] });
    const story = await createStory(editor.actor, { intent: "publish", values });
    expect((await search({ q: "Ramaswamy" })).total).toBe(1);

    await db().user.update({ where: { id: reporter.user.id }, data: { name: "Priya Okonkwo" } });
    expect((await search({ q: "Ramaswamy" })).total).toBe(0);
    expect(headlines(await search({ q: "Okonkwo" }))).toEqual(["Library hours expand"]);
    expect((await search({ q: "Library" })).hits[0].bylines).toEqual(["Priya Okonkwo"]);

    const changed = storyValues({ sectionId: metro.id, headline: "Library hours expand", bylines: [{ userId: "", name: "Tomasz Wierzbicki", title: "" }] });
    await updateStory(editor.actor, { storyId: story.storyId, baseVersion: 1, intent: "save", values: changed });
    expect((await search({ q: "Okonkwo" })).total).toBe(0);
    expect((await search({ q: "Wierzbicki" })).total).toBe(1);

    const first = await db().revision.findFirstOrThrow({ where: { storyId: story.storyId }, orderBy: { createdAt: "asc" } });
    await restoreRevision(editor.actor, { storyId: story.storyId, revisionId: first.id, baseVersion: 2 });
    expect((await search({ q: "Wierzbicki" })).total).toBe(0);
    expect((await search({ q: "Okonkwo" })).total).toBe(1);
  });
});

describe("only published stories", () => {
  it("never returns drafts, stories in review, scheduled or unpublished stories", async () => {
    await draft({ headline: "Zeppelin draft story" });
    const review = await draft({ headline: "Zeppelin in review" });
    await updateStory(editor.actor, {
      storyId: review.storyId,
      baseVersion: 1,
      intent: "submit",
      values: storyValues({ sectionId: metro.id, headline: "Zeppelin in review" }),
    });
    const scheduled = await draft({ headline: "Zeppelin scheduled" });
    await db().story.update({ where: { id: scheduled.storyId }, data: { status: "SCHEDULED", scheduledAt: new Date(Date.now() + 3_600_000) } });
    const gone = await publish({ headline: "Zeppelin unpublished" });
    expect((await search({ q: "zeppelin" })).total).toBe(1);
    // Cached results are expired by every change readers can see: publish, edit, unpublish.
    expect(gone.tags).toContain(cacheTags.search);
    const edited = await updateStory(editor.actor, {
      storyId: gone.storyId,
      baseVersion: gone.version,
      intent: "save",
      values: storyValues({ sectionId: metro.id, headline: "Zeppelin unpublished" }),
    });
    expect(edited.tags).toContain(cacheTags.search);
    const unpublished = await unpublishStory(editor.actor, gone.storyId, edited.version);
    expect(unpublished.tags).toContain(cacheTags.search);
    expect(await search({ q: "zeppelin" })).toMatchObject({ total: 0, hits: [] });
  });
});

describe("filters and pages", () => {
  beforeAll(async () => {
    // 23 stories about a marathon, a day apart, newest first by one minute; two in Sports.
    for (let i = 0; i < 23; i++) {
      const story = await publish({ headline: `Marathon day ${i}`, body: "Runners crossed the river.", sectionId: i < 2 ? sports.id : metro.id });
      await publishedAt(story.storyId, new Date(Date.UTC(2025, 2, 1 + i, 15, 0)));
    }
  });

  it("counts every match and pages through them in a stable order without repeats", async () => {
    const seen: string[] = [];
    let total = 0;
    for (let page = 1; page <= 3; page++) {
      const results = await search({ q: "marathon", page: String(page) });
      total = results.total;
      seen.push(...results.hits.map((h) => h.slug));
      expect(results.hits.length).toBe(page < 3 ? SEARCH_PAGE_SIZE : 3);
    }
    expect(total).toBe(23);
    expect(new Set(seen).size).toBe(23);
    // Equal ranks: the newest first.
    expect(headlines(await search({ q: "marathon" }))[0]).toBe("Marathon day 22");
    expect((await search({ q: "marathon", page: "4" })).hits).toEqual([]);
  });

  it("ranks among the newest matches when there are more than the window holds, and says so", async () => {
    const capped = await findSearchResults(readSearchRequest({ q: "marathon" }, ZONE), 5);
    expect(capped).toMatchObject({ total: 5, capped: true });
    expect(headlines(capped).sort()).toEqual(["Marathon day 18", "Marathon day 19", "Marathon day 20", "Marathon day 21", "Marathon day 22"]);
    expect(await search({ q: "marathon" })).toMatchObject({ total: 23, capped: false });
  });

  it("filters by section", async () => {
    const results = await search({ q: "marathon", section: sports.slug });
    expect(headlines(results).sort()).toEqual(["Marathon day 0", "Marathon day 1"]);
    expect(await search({ q: "marathon", section: "no-such-section" })).toMatchObject({ total: 0, unknownSection: true });
  });

  it("filters by dates in the newsroom's time zone, both ends included", async () => {
    // Day 3 ran at 15:00 UTC on March 4, 2025 (10 a.m. in New York).
    const results = await search({ q: "marathon", from: "2025-03-04", to: "2025-03-06" });
    expect(headlines(results).sort()).toEqual(["Marathon day 3", "Marathon day 4", "Marathon day 5"]);
    const late = await db().story.findFirstOrThrow({ where: { headline: "Marathon day 10" } });
    // 03:30 UTC on March 12 is still March 11 in New York.
    await publishedAt(late.id, new Date(Date.UTC(2025, 2, 12, 3, 30)));
    expect(headlines(await search({ q: "marathon", from: "2025-03-11", to: "2025-03-11" }))).toEqual(["Marathon day 10"]);
    expect(headlines(await search({ q: "marathon", from: "2025-03-12", to: "2025-03-12" }))).toEqual(["Marathon day 11"]);
    // Swapped dates mean the same days.
    expect((await search({ q: "marathon", from: "2025-03-06", to: "2025-03-04" })).total).toBe(3);
  });
});

describe("queries readers (and attackers) type", () => {
  const hostile = [
    "",
    " ",
    "a",
    "é",
    "*",
    "-",
    "--",
    '"',
    '""',
    '"unbalanced quote',
    'unbalanced quote"',
    "storm & | ! : * ( ) <-> <2>",
    '\'; DROP TABLE "Story"; --',
    "' OR 1=1 --",
    "\\",
    "$$",
    "storm\u0000bridge",
    "\u0000",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "&lt;b&gt;",
    "!!storm",
    "storm:*",
    "storm:A",
    "(storm",
    "storm)",
    "or",
    "or or or",
    "storm or",
    "-storm",
    "-storm -ferry",
    '-"ferry service"',
    "the",
    "the and of",
    "東京 都庁",
    "Zürich naïve café",
    "😀 🔥",
    "\u202Eevil\u202C",
    "\uE000marker\uE001",
    "\uD800 lone surrogate",
    "a".repeat(10_000),
    "ferry ".repeat(500),
    "x".repeat(201),
    "null",
    "undefined",
    "%27%20OR%201=1",
  ];

  const FINDS_THE_STORM = ["!!storm", "storm:*", "storm:A", "(storm", "storm)", "storm or"];

  it.each(hostile.map((q) => [JSON.stringify(q).slice(0, 60), q]))("%s returns results, never an error", async (_label, q) => {
    const request = readSearchRequest({ q, section: metro.slug, from: "2025-13-40", to: "tomorrow", page: "-1" }, ZONE);
    const results = await findSearchResults(request);
    // The impossible dates and the negative page are dropped with a note, so the answer is exactly
    // that of the same words with no such filters.
    expect(request).toMatchObject({ from: null, to: null, page: 1 });
    expect(request.notes).toEqual(
      expect.arrayContaining([expect.stringMatching(/“From” must be a date/), expect.stringMatching(/page number is not one we have/)]),
    );
    expect(results).toEqual(await search({ q, section: metro.slug }));
    expect(results.unknownSection).toBe(false);
    expect(results.hits).toHaveLength(Math.min(results.total, SEARCH_PAGE_SIZE));
    // Operators around a real word still find it.
    if (FINDS_THE_STORM.includes(q)) expect(headlines(results)).toContain("Ferry service resumes after storm");
    // No letter or digit, nothing to find.
    else if (!/[\p{L}\p{N}]/u.test(q)) expect(results.total).toBe(0);
    expect(request.query.text.length).toBeLessThanOrEqual(200);
    // eslint-disable-next-line no-control-regex -- a NUL in the query is what this looks for
    expect(request.query.text).not.toMatch(/[\u0000\uE000\uE001]/);
  });

  it("still finds stories with operator characters around real words", async () => {
    expect((await search({ q: "(ferry) & service!" })).total).toBe(1);
    expect((await search({ q: "ferry:* <-> service" })).total).toBe(1);
  });

  it("keeps hostile text in stories as plain text in results, and drops fake markers", async () => {
    await publish({ headline: `Quilt show <script>alert("x")</script> & "more"`, body: `Quilters ${MATCH_START}faked${MATCH_END} the marks.` });
    const [hit] = (await search({ q: "quilt" })).hits;
    expect(hit.headline.map((p) => p.text).join("")).toBe(`Quilt show <script>alert("x")</script> & "more"`);
    expect(hit.headline.find((p) => p.match)?.text).toBe("Quilt");
    expect(hit.snippet.map((p) => p.text).join("")).not.toMatch(/[\uE000\uE001]/);
    expect(hit.snippet.some((p) => p.match && p.text === "faked")).toBe(false);
  });
});
