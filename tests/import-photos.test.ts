// Imported photos through the media library's real pipeline (sharp, the disk store, the renditions
// job): a featured image from a local copy of the uploads folder becomes the story's lead photo with
// the attachment's alt text and caption; a rerun does not store it twice; an image whose host does
// not answer is listed and the story keeps no broken lead. Images in a post's content take the same
// path and become the body's image nodes, or stay a visible placeholder listed in the report.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { importWordPress } from "@/lib/import/wxr/import";
import { ingestForImport } from "@/lib/import/photo-ingest";
import { processMedia } from "@/lib/media/renditions";
import { stopQueue } from "@/lib/scheduling/queue";
import { createUser } from "./support/factories";
import type { Actor } from "@/lib/auth/permissions";

const SMALL = path.resolve("tests/fixtures/wxr/small-site.xml");
let admin: Actor;
let dataDir: string;
let mediaDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "import-photos-data-"));
  process.env.NEWSROOM_DATA_DIR = dataDir;
  // Cache expiry after the renditions job asks a server that is not there: a closed port answers at once.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  process.env.NEWSROOM_INTERNAL_ORIGIN = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  mediaDir = await mkdtemp(path.join(tmpdir(), "import-photos-uploads-"));
  mkdirSync(path.join(mediaDir, "2016", "12"), { recursive: true });
  copyFileSync(path.resolve("tests/fixtures/images/f6t.jpg"), path.join(mediaDir, "2016", "12", "council-chamber.jpg"));
  admin = (await createUser("ADMIN")).actor;
});

afterAll(async () => {
  await stopQueue();
  await rm(dataDir, { recursive: true, force: true });
  await rm(mediaDir, { recursive: true, force: true });
});

describe("photos of an imported site", () => {
  it("a featured image from the uploads folder becomes the lead photo, with the attachment's alt text and caption", async () => {
    const { report } = await importWordPress(admin, SMALL, { mediaDir, fetchPhotos: false, ingestPhoto: ingestForImport(admin) });
    expect(report.missingPhotos.filter((p) => p.url.endsWith("council-chamber.jpg"))).toEqual([]);
    const story = await db().story.findFirstOrThrow({
      where: { importedFrom: { some: { sourceId: "101" } } },
      select: { id: true, leadMediaId: true, leadAlt: true, leadCaption: true, media: { select: { mediaId: true, lead: true } } },
    });
    expect(story).toMatchObject({ leadAlt: "Council members at their desks", leadCaption: "The council chamber on Tuesday." });
    expect(story.media).toEqual([{ mediaId: story.leadMediaId, lead: true }]);
    // The renditions job, as the worker runs it: the photo is then ready, its files without metadata.
    await processMedia(story.leadMediaId!);
    const media = await db().media.findUniqueOrThrow({ where: { id: story.leadMediaId! }, select: { status: true, _count: { select: { renditions: true } } } });
    expect(media.status).toBe("READY");
    expect(media._count.renditions).toBeGreaterThan(0);
  });

  it("a rerun reuses the stored photo instead of storing it again", async () => {
    const before = await db().media.count();
    const { report } = await importWordPress(admin, SMALL, { mediaDir, fetchPhotos: false, ingestPhoto: ingestForImport(admin) });
    expect(report.created).toBe(0);
    expect(await db().media.count()).toBe(before);
  });

  it("an image whose host does not answer is listed, and the story has no lead photo", async () => {
    // The same site on a port where nothing listens: its photos cannot be fetched.
    const file = path.join(mediaDir, "unreachable.xml");
    writeFileSync(file, readFileSync(SMALL, "utf8").replace(/gazette\.example/g, "127.0.0.1:9"));
    const { report } = await importWordPress(admin, file, { ingestPhoto: ingestForImport(admin) });
    expect(report.missingPhotos.find((p) => p.url.endsWith("council-chamber.jpg"))?.reason).toMatch(/did not answer/);
    const story = await db().story.findFirstOrThrow({
      where: { importedFrom: { some: { sourceSite: "http://127.0.0.1:9", sourceId: "101" } } },
      select: { leadMediaId: true },
    });
    expect(story.leadMediaId).toBeNull();
  });
});

// A post whose content shows two images on a host where nothing listens: one (a resized copy of an
// attachment, in a [caption]) has a local copy in the uploads folder, the other has none.
const INLINE_SITE = "http://127.0.0.1:9";
const INLINE_WXR = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.1/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.1/">
<channel>
  <title>Market Weekly</title>
  <link>${INLINE_SITE}</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>${INLINE_SITE}</wp:base_site_url>
  <wp:base_blog_url>${INLINE_SITE}</wp:base_blog_url>
  <wp:author><wp:author_id>1</wp:author_id><wp:author_login>ana</wp:author_login><wp:author_email>ana@market.example</wp:author_email><wp:author_display_name><![CDATA[Ana Ruiz]]></wp:author_display_name></wp:author>
  <item>
    <title>The Saturday market returns</title>
    <link>${INLINE_SITE}/2017/03/04/market-returns/</link>
    <dc:creator>ana</dc:creator>
    <guid isPermaLink="false">${INLINE_SITE}/?p=501</guid>
    <content:encoded><![CDATA[The stalls are back.

[caption id="attachment_601" align="aligncenter" width="300"]<img src="${INLINE_SITE}/wp-content/uploads/2017/03/market-300x200.jpg" alt="Stalls under the bridge" width="300" height="200" /> The market on Saturday.[/caption]

Some stalls are new.

<img src="${INLINE_SITE}/wp-content/uploads/2017/03/lost.jpg" alt="A stall that moved" />]]></content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>
    <wp:post_id>501</wp:post_id>
    <wp:post_date_gmt>2017-03-04 10:00:00</wp:post_date_gmt>
    <wp:post_name>market-returns</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_type>post</wp:post_type>
  </item>
  <item>
    <title>market</title>
    <guid isPermaLink="false">${INLINE_SITE}/wp-content/uploads/2017/03/market.jpg</guid>
    <content:encoded><![CDATA[]]></content:encoded>
    <excerpt:encoded><![CDATA[The market on Saturday.]]></excerpt:encoded>
    <wp:post_id>601</wp:post_id>
    <wp:status>inherit</wp:status>
    <wp:post_parent>501</wp:post_parent>
    <wp:post_type>attachment</wp:post_type>
    <wp:attachment_url>${INLINE_SITE}/wp-content/uploads/2017/03/market.jpg</wp:attachment_url>
    <wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value><![CDATA[2017/03/market.jpg]]></wp:meta_value></wp:postmeta>
  </item>
</channel>
</rss>
`;

describe("images in an imported post's content", () => {
  let file: string;
  const storyOf501 = () =>
    db().story.findFirst({
      where: { importedFrom: { some: { sourceSite: INLINE_SITE, sourceId: "501" } } },
      select: { id: true, version: true, body: true, media: { select: { mediaId: true, lead: true } } },
    });

  beforeAll(() => {
    mkdirSync(path.join(mediaDir, "2017", "03"), { recursive: true });
    copyFileSync(path.resolve("tests/fixtures/images/noexif.jpg"), path.join(mediaDir, "2017", "03", "market.jpg"));
    file = path.join(mediaDir, "inline.xml");
    writeFileSync(file, INLINE_WXR);
  });

  it("a dry run stores no photo", async () => {
    const before = await db().media.count();
    const { report } = await importWordPress(admin, file, { dryRun: true, mediaDir, ingestPhoto: ingestForImport(admin) });
    expect(report.created).toBe(1);
    expect(report.missingPhotos.map((p) => p.url)).toEqual([`${INLINE_SITE}/wp-content/uploads/2017/03/lost.jpg`]);
    expect(await db().media.count()).toBe(before);
    expect(await db().importedMedia.count({ where: { sourceSite: INLINE_SITE } })).toBe(0);
    expect(await storyOf501()).toBeNull();
  });

  it("an image with a local copy becomes an image node of a stored photo; one that cannot be had stays a placeholder, listed", async () => {
    const { report } = await importWordPress(admin, file, { mediaDir, ingestPhoto: ingestForImport(admin) });
    expect(report.created).toBe(1);
    expect(report.missingPhotos).toEqual([
      expect.objectContaining({ sourceId: "501", url: `${INLINE_SITE}/wp-content/uploads/2017/03/lost.jpg`, reason: expect.stringMatching(/did not answer/) }),
    ]);
    expect(report.placeholders.image).toBe(1);
    const story = (await storyOf501())!;
    const blocks = (story.body as { content: { type: string; attrs?: Record<string, unknown>; content?: { text?: string }[] }[] }).content;
    const images = blocks.filter((block) => block.type === "image");
    expect(images).toEqual([{ type: "image", attrs: { mediaId: expect.any(String), alt: "Stalls under the bridge", caption: "The market on Saturday." } }]);
    const mediaId = images[0].attrs!.mediaId as string;
    expect(await db().media.findUnique({ where: { id: mediaId }, select: { id: true } })).toEqual({ id: mediaId });
    expect(await db().importedMedia.findMany({ where: { sourceSite: INLINE_SITE }, select: { sourceUrl: true, mediaId: true } })).toEqual([
      { sourceUrl: `${INLINE_SITE}/wp-content/uploads/2017/03/market.jpg`, mediaId },
    ]);
    // Readers may fetch a photo only through the stories that use it.
    expect(story.media).toEqual([{ mediaId, lead: false }]);
    const texts = blocks.flatMap((block) => block.content?.map((node) => node.text ?? "") ?? []);
    expect(texts).toContain("[Image: A stall that moved] could not be imported");
    expect(texts.join(" ")).not.toContain("Stalls under the bridge");
  });

  it("a rerun with the same images changes nothing", async () => {
    const before = { media: await db().media.count(), story: await storyOf501() };
    const { report } = await importWordPress(admin, file, { mediaDir, ingestPhoto: ingestForImport(admin) });
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect(await db().media.count()).toBe(before.media);
    expect(await storyOf501()).toEqual(before.story);
  });
});
