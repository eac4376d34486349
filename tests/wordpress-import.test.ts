// The WordPress import against real exports: WordPress's own theme unit test data (tests/fixtures/wxr,
// see its SOURCE) imported whole, with the counts taken from the file by a separate XML parser, and a
// small export written for these tests with one of each kind of post.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { importWordPress } from "@/lib/import/wxr/import";
import { WxrFormatError } from "@/lib/import/wxr/read";
import { parseAuthorChoice } from "@/lib/import/wxr/authors";
import { bodySchema, bodyPlainText, readBody } from "@/lib/body/story-body";
import { createUser } from "./support/factories";
import type { Actor } from "@/lib/auth/permissions";

const THEME = path.resolve("tests/fixtures/wxr/themeunittestdata.wordpress.xml");
const SMALL = path.resolve("tests/fixtures/wxr/small-site.xml");
const THEME_SITE = "https://wpthemetestdata.wordpress.com";

type Item = { "wp:post_type": string; "wp:status": string; "wp:post_password"?: unknown; "wp:comment"?: unknown[] };

/** The file's items, read by another parser than the importer's (a whole-document one). */
function itemsOf(file: string): Item[] {
  const parser = new XMLParser({ isArray: (name) => name === "item" || name === "wp:comment", parseTagValue: false });
  return parser.parse(readFileSync(file, "utf8")).rss.channel.item;
}

let admin: Actor;
beforeAll(async () => {
  admin = (await createUser("ADMIN")).actor;
});

/** Every imported story of a source as comparable values (no ids, no times of the import itself). */
async function importedStories(sourceSite: string) {
  const rows = await db().importedPost.findMany({
    where: { sourceSite },
    orderBy: { sourceId: "asc" },
    select: {
      sourceId: true,
      postType: true,
      note: true,
      story: {
        select: {
          slug: true,
          headline: true,
          dek: true,
          body: true,
          status: true,
          firstPublishedAt: true,
          lastUpdatedAt: true,
          scheduledAt: true,
          section: { select: { slug: true } },
          bylines: { select: { name: true, userId: true } },
          tags: { orderBy: { position: "asc" }, select: { tag: { select: { slug: true } } } },
          pathRedirects: { orderBy: { path: "asc" }, select: { path: true } },
          _count: { select: { revisions: true, publishedVersions: true } },
        },
      },
    },
  });
  return rows;
}

async function rowCounts() {
  const [stories, users, sections, tags, audit, revisions, redirects] = await Promise.all([
    db().story.count(),
    db().user.count(),
    db().section.count(),
    db().tag.count(),
    db().auditEvent.count(),
    db().revision.count(),
    db().pathRedirect.count(),
  ]);
  return { stories, users, sections, tags, audit, revisions, redirects };
}

describe("importing WordPress's theme unit test data", { timeout: 180_000 }, () => {
  const items = itemsOf(THEME);
  const stories = items.filter((i) => (i["wp:post_type"] === "post" || i["wp:post_type"] === "page") && !["trash", "auto-draft"].includes(i["wp:status"]));
  const hasPassword = (i: Item) => String(i["wp:post_password"] ?? "") !== "";

  it("dry run: reports what would happen and writes nothing", async () => {
    const before = await rowCounts();
    const { report } = await importWordPress(admin, THEME, { dryRun: true, fetchPhotos: false });
    expect(await rowCounts()).toEqual(before);
    expect(report.dryRun).toBe(true);
    expect(report.created).toBe(stories.length);
    expect(report.sectionsCreated).toBeGreaterThan(0);
  });

  it("imports every post and page, with the counts the file holds", async () => {
    const { report } = await importWordPress(admin, THEME, { fetchPhotos: false });
    expect(report.failed).toBe(0);
    expect(report.created).toBe(stories.length);
    expect(report.created + report.skipped).toBe(items.length);
    expect(report.commentsLeft).toBe(items.reduce((sum, i) => sum + (i["wp:comment"]?.length ?? 0), 0));
    expect(report.skippedBecause["a navigation menu item"]).toBe(items.filter((i) => i["wp:post_type"] === "nav_menu_item").length);
    expect(Object.values(report.skippedBecause).reduce((a, b) => a + b, 0)).toBe(items.length - stories.length);

    const rows = await importedStories(THEME_SITE);
    expect(rows).toHaveLength(stories.length);
    const byStatus = (status: string) => rows.filter((r) => r.story.status === status).length;
    expect(byStatus("PUBLISHED")).toBe(stories.filter((i) => i["wp:status"] === "publish" && !hasPassword(i)).length);
    expect(byStatus("SCHEDULED")).toBe(stories.filter((i) => i["wp:status"] === "future").length);
    expect(byStatus("DRAFT")).toBe(stories.filter((i) => i["wp:status"] === "draft" || i["wp:status"] === "private" || hasPassword(i)).length);
    expect(rows.filter((r) => r.postType === "page")).toHaveLength(stories.filter((i) => i["wp:post_type"] === "page").length);
    // Pages are in no section; every stored body is one the body format accepts.
    for (const row of rows) {
      if (row.postType === "page") expect(row.story.section).toBeNull();
      expect(bodySchema.safeParse(row.story.body).success).toBe(true);
      expect(row.story.bylines).toHaveLength(1);
    }
    // The password-protected post is a draft with a note, never public.
    const locked = rows.find((r) => r.note.startsWith("Password-protected"));
    expect(locked?.story.status).toBe("DRAFT");
    // Its images are on a host this machine cannot reach: listed, with placeholders in the bodies.
    expect(report.placeholders.gallery).toBeGreaterThan(0);
    const caption = rows.find((r) => r.story.headline === "Post Format: Image (Caption)");
    expect(bodyPlainText(readBody(caption?.story.body))).toMatch(/\[Image: .+\] could not be imported/);
    // Original times: the post's GMT publication time.
    const markup = rows.find((r) => r.story.slug === "markup-html-tags-and-formatting");
    expect(markup?.story.firstPublishedAt?.toISOString()).toBe("2013-01-12T03:22:19.000Z");
    expect(markup?.story.pathRedirects.map((p) => p.path)).toEqual(expect.arrayContaining(["/2013/01/11/markup-html-tags-and-formatting", "/?p=1178"]));
  });

  it("a second run changes nothing and creates nothing", async () => {
    const before = await rowCounts();
    const stored = await importedStories(THEME_SITE);
    const { report } = await importWordPress(admin, THEME, { fetchPhotos: false });
    expect({ created: report.created, updated: report.updated, unchanged: report.unchanged }).toEqual({ created: 0, updated: 0, unchanged: stories.length });
    expect(await rowCounts()).toEqual(before);
    expect(await importedStories(THEME_SITE)).toEqual(stored);
  });

  it("an import stopped in the middle, then run again, gives the same stories as one uninterrupted run", async () => {
    const whole = await importedStories(THEME_SITE);
    await db().story.deleteMany({ where: { importedFrom: { some: { sourceSite: THEME_SITE } } } });
    const controller = new AbortController();
    const { report: first } = await importWordPress(admin, THEME, {
      fetchPhotos: false,
      // Batches smaller than the file, so that the stop falls in the middle of it.
      batchSize: 10,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.created >= 10) controller.abort();
      },
    });
    expect(first.stopped).toBe(true);
    const partial = await importedStories(THEME_SITE);
    expect(partial.length).toBeGreaterThanOrEqual(10);
    expect(partial.length).toBeLessThan(stories.length);
    // Nothing half-written: every story that exists has its byline, revision and keyed row.
    expect(await db().story.count({ where: { importedFrom: { none: {} }, createdById: admin.id } })).toBe(0);
    for (const row of partial) expect(row.story._count.revisions).toBeGreaterThan(0);

    const { report: second } = await importWordPress(admin, THEME, { fetchPhotos: false });
    expect(second.created).toBe(stories.length - partial.length);
    expect(second.unchanged).toBe(partial.length);
    const strip = (rows: typeof whole) => rows.map((r) => ({ ...r, story: { ...r.story, bylines: r.story.bylines } }));
    expect(strip(await importedStories(THEME_SITE))).toEqual(strip(whole));
  });
});

describe("importing a small site: the mapping", () => {
  let rows: Awaited<ReturnType<typeof importedStories>>;
  let report: Awaited<ReturnType<typeof importWordPress>>["report"];
  let tom: Awaited<ReturnType<typeof createUser>>;

  beforeAll(async () => {
    tom = await createUser("REPORTER");
    ({ report } = await importWordPress(admin, SMALL, {
      fetchPhotos: false,
      authors: [parseAuthorChoice("mlopez=new")!, parseAuthorChoice(`tchen=${tom.user.email}`)!],
    }));
    rows = await importedStories("http://gazette.example");
  });

  const story = (sourceId: string) => rows.find((r) => r.sourceId === sourceId)!.story;

  it("maps statuses: published, draft, scheduled, private and password-protected as drafts with a note, trash skipped", () => {
    expect(story("101").status).toBe("PUBLISHED");
    expect(story("103").status).toBe("DRAFT");
    expect(story("104")).toMatchObject({ status: "SCHEDULED", scheduledAt: new Date("2030-01-05T12:00:00Z") });
    expect(story("105").status).toBe("DRAFT");
    expect(story("106").status).toBe("DRAFT");
    expect(rows.find((r) => r.sourceId === "105")!.note).toMatch(/Private/);
    expect(rows.find((r) => r.sourceId === "106")!.note).toMatch(/Password-protected/);
    expect(rows.find((r) => r.sourceId === "108")).toBeUndefined();
    expect(report.skippedBecause["in WordPress's trash"]).toBe(1);
    expect(report.commentsLeft).toBe(2);
  });

  it("keeps the original publication and modification times", () => {
    expect(story("101").firstPublishedAt?.toISOString()).toBe("2016-12-13T16:50:00.000Z");
    expect(story("101").lastUpdatedAt?.toISOString()).toBe("2016-12-14T09:05:00.000Z");
  });

  it("files a post under its category's top-level section, with the child category and tags as tags", () => {
    expect(story("101").section?.slug).toBe("news");
    expect(story("101").tags.map((t) => t.tag.slug)).toEqual(["city-hall", "flood"]);
    expect(story("102").section?.slug).toBe("sports");
    expect(rows.find((r) => r.sourceId === "107")).toMatchObject({ postType: "page", story: { section: null } });
  });

  it("maps authors: a new person is inactive with no password; an existing person by email; the default is an outside byline", async () => {
    const maria = await db().user.findUniqueOrThrow({
      where: { email: "maria@gazette.example" },
      select: { id: true, name: true, active: true, passwordHash: true },
    });
    expect(maria).toMatchObject({ name: "María López", active: false, passwordHash: "" });
    expect(story("101").bylines).toEqual([{ userId: maria.id, name: null }]);
    expect(story("102").bylines).toEqual([{ userId: tom.user.id, name: null }]);
    const { report: again } = await importWordPress(admin, SMALL, { dryRun: true, fetchPhotos: false });
    // With no mapping the bylines would become outside names: a changed post each.
    expect(again.updated).toBe(rows.length);
  });

  it("turns the content into a body: wpautop paragraphs and line breaks, links to the old site made relative, shortcodes as placeholders", () => {
    const body = readBody(story("101").body);
    expect(body.content.map((b) => b.type)).toEqual(["paragraph", "paragraph", "paragraph", "blockquote"]);
    expect(body.content[1]).toMatchObject({
      content: expect.arrayContaining([
        { type: "text", text: "7 to 2", marks: [{ type: "bold" }] },
        { type: "text", text: "our preview", marks: [{ type: "link", attrs: { href: "/2016/12/01/budget-preview/" } }] },
        { type: "hardBreak" },
      ]),
    });
    expect(bodyPlainText(body)).toContain("[gallery] could not be imported");
    expect(report.placeholders).toMatchObject({ gallery: 1 });
    expect(readBody(story("102").body).content.map((b) => b.type)).toEqual(["paragraph", "heading", "bulletList"]);
    expect(story("101").dek).toBe("The budget passes.");
    expect(story("101").headline).toBe("Council passes & signs the budget");
  });

  it("records every old address: the permalink, the ?p= form, the old slug, the page's ?page_id=", () => {
    expect(story("101").pathRedirects.map((p) => p.path)).toEqual(["/2016/12/13/council-budget-vote", "/2016/12/13/council-passes-budget", "/?p=101"]);
    expect(story("102").pathRedirects.map((p) => p.path)).toEqual(["/?p=102", "/sports/tigers-win-the-final"]);
    expect(story("107").pathRedirects.map((p) => p.path)).toEqual(["/?page_id=107", "/about"]);
  });

  it("lists the featured image it could not get, and the story has no lead photo rather than a broken one", async () => {
    expect(report.missingPhotos.map((p) => p.url)).toContain("http://gazette.example/wp-content/uploads/2016/12/council-chamber.jpg");
    const lead = await db().story.findUniqueOrThrow({ where: { slug: story("101").slug }, select: { leadMediaId: true } });
    expect(lead.leadMediaId).toBeNull();
  });

  it("refuses an author mapping that names no one, before writing anything", async () => {
    const before = await rowCounts();
    await expect(importWordPress(admin, SMALL, { authors: [parseAuthorChoice("mlopez=nobody@newsroom.test")!] })).rejects.toThrow(/No one in the newsroom/);
    expect(await rowCounts()).toEqual(before);
  });

  it("is for admins only", async () => {
    const editor = (await createUser("EDITOR")).actor;
    await expect(importWordPress(editor, SMALL)).rejects.toThrow(/Only admins/);
  });
});

describe("a file that is not a whole WordPress export", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "wxr-"));

  it.each([
    ["cut short", readFileSync(SMALL, "utf8").slice(0, 6000), /Line \d+: .*unclosed/i],
    ["broken markup", readFileSync(SMALL, "utf8").replace("<wp:post_id>102</wp:post_id>", "<wp:post_id>102</wp:post_idx>"), /Line 7\d: /],
    ["not an export", "<html><body>hello</body></html>", /Line 1: this is not a WordPress export/],
    ["an RSS feed", '<rss version="2.0"><channel><title>x</title><item><title>y</title></item></channel></rss>', /not a WordPress export/],
  ])("is refused with its line and reason, having written nothing (%s)", async (name, content, message) => {
    const file = path.join(dir, `${name}.xml`);
    writeFileSync(file, content);
    const before = await rowCounts();
    const refusal = await importWordPress(admin, file).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(WxrFormatError);
    expect(String((refusal as Error).message)).toMatch(message);
    expect(await rowCounts()).toEqual(before);
  });
});
