// How the WordPress import writes: new stories many to a transaction (lib/import/wxr/write.ts), built
// from the fields in hand, must be exactly the stories a save would have stored; a batch the
// database refuses is written again post by post; and a rerun keeps what the newsroom has edited.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { importWordPress, KEPT_EDITED } from "@/lib/import/wxr/import";
import { parseAuthorChoice } from "@/lib/import/wxr/authors";
import { storySnapshot } from "@/lib/stories/snapshot";
import { recordPublishedVersion } from "@/lib/history/record";
import { updateStory } from "@/lib/stories/mutations";
import { createUser, storyValues } from "./support/factories";
import type { Actor } from "@/lib/auth/permissions";

const THEME = path.resolve("tests/fixtures/wxr/themeunittestdata.wordpress.xml");
const SMALL = path.resolve("tests/fixtures/wxr/small-site.xml");
const dir = mkdtempSync(path.join(tmpdir(), "wxr-batches-"));

let admin: Actor;
let editor: Actor;
beforeAll(async () => {
  admin = (await createUser("ADMIN")).actor;
  editor = (await createUser("EDITOR")).actor;
});

/** A small export of `titles.length` published posts of one author, with ids from `firstId`. */
function exportOf(site: string, titles: string[], firstId = 1): string {
  const file = path.join(dir, `${site.replace(/\W+/g, "-")}-${firstId}-${titles.length}.xml`);
  const items = titles.map(
    (title, i) => `<item><title><![CDATA[${title}]]></title><link>${site}/2020/01/0${(i % 9) + 1}/post-${firstId + i}/</link>
<dc:creator>writer</dc:creator><guid isPermaLink="false">${site}/?p=${firstId + i}</guid>
<content:encoded><![CDATA[A paragraph of post ${firstId + i}.]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>${firstId + i}</wp:post_id><wp:post_date_gmt>2020-01-0${(i % 9) + 1} 10:00:00</wp:post_date_gmt><wp:post_name>post-${firstId + i}</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type><category domain="category" nicename="news"><![CDATA[News]]></category></item>`,
  );
  writeFileSync(
    file,
    `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Test site</title><link>${site}</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>${site}</wp:base_blog_url>
<wp:author><wp:author_login>writer</wp:author_login><wp:author_display_name><![CDATA[A Writer]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>1</wp:term_id><wp:category_nicename>news</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[News]]></wp:cat_name></wp:category>
${items.join("\n")}
</channel></rss>
`,
  );
  return file;
}

const storiesOf = (sourceSite: string) =>
  db().importedPost.findMany({
    where: { sourceSite },
    orderBy: { sourceId: "asc" },
    select: { sourceId: true, storyId: true, story: { select: { headline: true, status: true, version: true, sectionId: true } } },
  });

describe("stories written many to a transaction", { timeout: 180_000 }, () => {
  it("are exactly what the save path stores: each revision is the story's snapshot, each public version what readers see", async () => {
    const tom = await createUser("REPORTER");
    await importWordPress(admin, THEME, { fetchPhotos: false });
    // A staff byline (by address) and outside ones: readers see the person's own name.
    await importWordPress(admin, SMALL, { fetchPhotos: false, authors: [parseAuthorChoice(`tchen=${tom.user.email}`)!] });
    const rows = [...(await storiesOf("https://wpthemetestdata.wordpress.com")), ...(await storiesOf("http://gazette.example"))];
    expect(rows.length).toBeGreaterThan(80);
    let published = 0;
    for (const row of rows) {
      const revisions = await db().revision.findMany({ where: { storyId: row.storyId }, select: { snapshot: true, version: true } });
      expect(revisions).toHaveLength(1);
      expect(revisions[0].version).toBe(row.story.version);
      expect(revisions[0].snapshot).toEqual(await db().$transaction((tx) => storySnapshot(tx, row.storyId)));
      // Recording readers' content again finds it unchanged: the stored version is what the save path would have hashed.
      const again = await db()
        .$transaction(async (tx) => {
          const recorded = await recordPublishedVersion(tx, row.storyId);
          throw Object.assign(new Error("roll back"), { recorded });
        })
        .catch((error: { recorded?: unknown }) => error.recorded);
      expect(again).toBeNull();
      const versions = await db().publishedVersion.count({ where: { storyId: row.storyId } });
      expect(versions).toBe(row.story.status === "PUBLISHED" ? 1 : 0);
      if (row.story.status === "PUBLISHED") published++;
    }
    expect(published).toBeGreaterThan(40);
    const staff = await db().byline.findFirst({
      where: { userId: tom.user.id },
      select: { story: { select: { publishedVersions: { select: { snapshot: true } } } } },
    });
    expect(JSON.stringify(staff?.story.publishedVersions)).toContain(tom.user.name);
  });

  it("a batch the database refuses is written again post by post: only the refused post fails", async () => {
    await db().$executeRawUnsafe(`
      CREATE FUNCTION test_refuse_story() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.headline LIKE 'Refused%' THEN RAISE EXCEPTION 'this story is refused'; END IF; RETURN NEW; END $$`);
    await db().$executeRawUnsafe(`CREATE TRIGGER test_refuse_story BEFORE INSERT ON "Story" FOR EACH ROW EXECUTE FUNCTION test_refuse_story()`);
    try {
      const file = exportOf("https://refusing.example", ["One", "Two", "Refused three", "Four", "Five"]);
      const { report } = await importWordPress(admin, file, { fetchPhotos: false });
      expect({ created: report.created, failed: report.failed }).toEqual({ created: 4, failed: 1 });
      expect(report.failures).toEqual([expect.objectContaining({ sourceId: "3", title: "Refused three", reason: expect.stringContaining("refused") })]);
      expect((await storiesOf("https://refusing.example")).map((row) => row.story.headline)).toEqual(["One", "Two", "Four", "Five"]);
    } finally {
      await db().$executeRawUnsafe(`DROP TRIGGER test_refuse_story ON "Story"`);
      await db().$executeRawUnsafe(`DROP FUNCTION test_refuse_story()`);
    }
  });
});

describe("a rerun after the newsroom edited an imported story", () => {
  it("keeps the newsroom's edit, and updates the posts nobody edited", async () => {
    const site = "https://edited.example";
    await importWordPress(admin, exportOf(site, ["First title", "Second title"]), { fetchPhotos: false });
    const [first] = await storiesOf(site);
    const edit = await updateStory(editor, {
      storyId: first.storyId,
      baseVersion: first.story.version,
      values: storyValues({
        headline: "The newsroom's headline",
        sectionId: first.story.sectionId ?? "",
        bylines: [{ userId: "", name: "A Writer", title: "" }],
      }),
      intent: "publish",
    });
    expect(edit.version).toBe(first.story.version + 1);

    // The old site changed both posts since the export.
    const { report } = await importWordPress(admin, exportOf(site, ["First title, changed", "Second title, changed"]), { fetchPhotos: false });
    expect({ updated: report.updated, skipped: report.skipped }).toEqual({ updated: 1, skipped: 1 });
    expect(report.skippedBecause[KEPT_EDITED]).toBe(1);
    expect((await storiesOf(site)).map((row) => row.story.headline)).toEqual(["The newsroom's headline", "Second title, changed"]);

    // And a third run with nothing new changes nothing.
    const third = await importWordPress(admin, exportOf(site, ["First title, changed", "Second title, changed"]), { fetchPhotos: false });
    expect({ updated: third.report.updated, unchanged: third.report.unchanged, skipped: third.report.skipped }).toEqual({
      updated: 0,
      unchanged: 1,
      skipped: 1,
    });
  });
});
