// Sitemaps and robots.txt against a real database: the documents parse, validate against the
// sitemap schemas (tests/fixtures/sitemaps), list only published stories, and page stably.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createStory, unpublishStory } from "@/lib/stories/mutations";
import {
  buildNewsSitemap,
  buildPagesSitemap,
  buildSitemapIndex,
  buildStorySitemap,
  findStoryPages,
  NEWS_LIMIT,
  SITEMAP_PAGE_SIZE,
} from "@/lib/sitemaps/sitemaps";
import { newsSitemapXml, urlsetXml } from "@/lib/sitemaps/xml";
import robots from "@/app/robots";
import { createSection, createUser, storyValues } from "./support/factories";
import { parseXml, schemaErrors } from "./support/xml";
import type { StoryInput } from "@/lib/stories/schemas";

const ORIGIN = "https://news.example.com";
const PAGE = 3; // a small page size, so that a handful of stories spans several sitemaps
const HOSTILE = `Fire & ice: <script>alert("x")</script> 'quoted' R&D; &lt;b&gt;\u0001\u000B\uFFFE`;
const HOSTILE_AS_XML_READS_IT = `Fire & ice: <script>alert("x")</script> 'quoted' R&D; &lt;b&gt;`;

let editor: Awaited<ReturnType<typeof createUser>>;
let reporter: Awaited<ReturnType<typeof createUser>>;
let metro: { id: string; slug: string };
let empty: { id: string; slug: string };
const published: { slug: string; storyId: string }[] = [];

async function publish(overrides: Partial<StoryInput>, at: Date) {
  const story = await createStory(editor.actor, { intent: "publish", values: storyValues({ sectionId: metro.id, ...overrides }) });
  await db().story.update({ where: { id: story.storyId }, data: { firstPublishedAt: at, lastUpdatedAt: at } });
  return story;
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
type Urlset = { urlset: { url?: { loc: string; lastmod?: string; "news:news"?: Record<string, unknown> }[] } };
const locs = (xml: string) => ((parseXml(xml) as Urlset).urlset.url ?? []).map((u) => u.loc);

beforeAll(async () => {
  editor = await createUser("EDITOR");
  reporter = await createUser("REPORTER", { name: "Ada Byline" });
  metro = await createSection("Metro");
  empty = await createSection("Empty");
  // Seven published stories, one a day, oldest first; the newest has a hostile headline.
  for (let i = 0; i < 7; i++) {
    const story = await publish(
      { headline: i === 6 ? "Placeholder" : `Story ${i}`, tags: "Weather", bylines: [{ userId: reporter.user.id, name: "", title: "" }] },
      daysAgo(7 - i - 0.5),
    );
    published.push({ slug: story.slug, storyId: story.storyId });
  }
  await db().story.update({ where: { id: published[6].storyId }, data: { headline: HOSTILE } });
  await createStory(editor.actor, { intent: "save", values: storyValues({ sectionId: empty.id, headline: "A draft" }) });
  const gone = await publish({ headline: "Gone", sectionId: empty.id }, daysAgo(1));
  await unpublishStory(editor.actor, gone.storyId, gone.version);
});

describe("the sitemap index", () => {
  it("lists the pages sitemap and one story sitemap per page of stories, valid against siteindex.xsd", async () => {
    const xml = await buildSitemapIndex(ORIGIN, PAGE);
    expect(await schemaErrors(xml, "siteindex.xsd")).toEqual([]);
    const doc = parseXml(xml) as { sitemapindex: { sitemap: { loc: string; lastmod: string }[] } };
    expect(doc.sitemapindex.sitemap.map((s) => s.loc)).toEqual([
      `${ORIGIN}/sitemaps/pages.xml`,
      `${ORIGIN}/sitemaps/stories/1.xml`,
      `${ORIGIN}/sitemaps/stories/2.xml`,
      `${ORIGIN}/sitemaps/stories/3.xml`,
    ]);
    for (const s of doc.sitemapindex.sitemap) expect(Date.parse(s.lastmod)).not.toBeNaN();
    expect(SITEMAP_PAGE_SIZE).toBe(50_000);
  });

  it("pages the stories oldest first, each published story once, no drafts or unpublished ones", async () => {
    const pages = await Promise.all([1, 2, 3].map((n) => buildStorySitemap(n, ORIGIN, PAGE)));
    for (const xml of pages) expect(await schemaErrors(xml!, "sitemap.xsd")).toEqual([]);
    expect(pages.flatMap((xml) => locs(xml!))).toEqual(published.map((p) => `${ORIGIN}/stories/${p.slug}`));
    expect(pages.map((xml) => locs(xml!).length)).toEqual([3, 3, 1]);
    expect(await buildStorySitemap(4, ORIGIN, PAGE)).toBeNull();
    const lastmods = ((parseXml(pages[0]!) as Urlset).urlset.url ?? []).map((u) => u.lastmod);
    for (const lastmod of lastmods) expect(lastmod).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it("keeps earlier pages as they were when a story is published: it joins the last page", async () => {
    const before = await Promise.all([1, 2].map((n) => buildStorySitemap(n, ORIGIN, PAGE)));
    const story = await publish({ headline: "Just in" }, new Date());
    const after = await Promise.all([1, 2, 3].map((n) => buildStorySitemap(n, ORIGIN, PAGE)));
    expect(after.slice(0, 2).map((x) => locs(x!))).toEqual(before.map((x) => locs(x!)));
    expect(locs(after[2]!)).toEqual([`${ORIGIN}/stories/${published[6].slug}`, `${ORIGIN}/stories/${story.slug}`]);
    expect((await findStoryPages(PAGE)).map((p) => p.count)).toEqual([3, 3, 2]);
    await unpublishStory(editor.actor, story.storyId, story.version);
  });
});

describe("the pages sitemap", () => {
  it("has the front page, corrections, and the section, tag and author pages that have published stories", async () => {
    const xml = await buildPagesSitemap(ORIGIN);
    expect(await schemaErrors(xml, "sitemap.xsd")).toEqual([]);
    const { slug: authorSlug } = await db().user.findUniqueOrThrow({ where: { id: reporter.user.id }, select: { slug: true } });
    const editorSlug = (await db().user.findUniqueOrThrow({ where: { id: editor.user.id }, select: { slug: true } })).slug;
    const urls = locs(xml);
    expect(urls).toEqual([
      `${ORIGIN}/`,
      `${ORIGIN}/corrections`,
      `${ORIGIN}/authors/${authorSlug}`,
      `${ORIGIN}/sections/${metro.slug}`,
      `${ORIGIN}/tags/weather`,
    ]);
    expect(urls).not.toContain(`${ORIGIN}/sections/${empty.slug}`);
    expect(urls).not.toContain(`${ORIGIN}/authors/${editorSlug}`);
  });
});

describe("the news sitemap", () => {
  it("has the stories of the last two days, newest first, with publication, date and title, valid with the news schema", async () => {
    const xml = await buildNewsSitemap(ORIGIN, "The Metro & <Ledger>");
    expect(await schemaErrors(xml, "urlset-with-news.xsd")).toEqual([]);
    const urls = (parseXml(xml) as Urlset).urlset.url!;
    expect(urls.map((u) => u.loc)).toEqual([published[6], published[5]].map((p) => `${ORIGIN}/stories/${p.slug}`));
    expect(urls[0]["news:news"]).toMatchObject({
      "news:publication": { "news:name": "The Metro & <Ledger>", "news:language": "en" },
      "news:title": HOSTILE_AS_XML_READS_IT,
    });
    expect(String(urls[0]["news:news"]!["news:publication_date"])).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(NEWS_LIMIT).toBe(1000);
  });

  it("is well formed with no recent stories", async () => {
    const xml = await buildNewsSitemap(ORIGIN, "Site", new Date(Date.now() + 10 * 86_400_000));
    expect((parseXml(xml) as Urlset).urlset.url).toBeUndefined();
  });
});

describe("hostile text", () => {
  it("every kind of document stays well formed and valid with headlines and URLs full of markup", async () => {
    const nasty = [HOSTILE, "]]>", "<![CDATA[x]]>", "&#0;", "&unknown;", "x\u0000y", "a\uD800b", "\uDC00x", "😀", "a\r\nb\tc"];
    const news = newsSitemapXml(
      nasty.map((title, i) => ({ loc: `${ORIGIN}/stories/x-${i}?a=1&b=<2>`, title, publishedAt: new Date() })),
      { name: HOSTILE, language: "en" },
    );
    expect(await schemaErrors(news, "urlset-with-news.xsd")).toEqual([]);
    const titles = ((parseXml(news) as Urlset).urlset.url ?? []).map((u) => String(u["news:news"]!["news:title"]));
    expect(titles).toEqual([HOSTILE_AS_XML_READS_IT, "]]>", "<![CDATA[x]]>", "&#0;", "&unknown;", "xy", "ab", "x", "😀", "a\nb\tc"]);
    const set = urlsetXml([{ loc: `${ORIGIN}/a?b=1&c="d"'e'<f>` }]);
    expect(await schemaErrors(set, "sitemap.xsd")).toEqual([]);
    expect(locs(set)).toEqual([`${ORIGIN}/a?b=1&c="d"'e'<f>`]);
  });

  it("the schemas do refuse a broken document (so the checks above can fail)", async () => {
    expect(
      await schemaErrors(
        `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><lastmod>yesterday</lastmod></url></urlset>`,
        "sitemap.xsd",
      ),
    ).not.toEqual([]);
    expect(
      await schemaErrors(`<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></sitemapindex>`, "siteindex.xsd"),
    ).not.toEqual([]);
  });
});

describe("robots.txt", () => {
  it("points at the sitemap index and the news sitemap and keeps crawlers out of the newsroom", () => {
    process.env.NEXTAUTH_URL = ORIGIN;
    const rules = robots();
    expect(rules.sitemap).toEqual([`${ORIGIN}/sitemap.xml`, `${ORIGIN}/news-sitemap.xml`]);
    expect(rules.rules).toEqual({ userAgent: "*", allow: "/", disallow: ["/desk", "/preview", "/api", "/signin"] });
  });
});
