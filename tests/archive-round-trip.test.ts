// Moving out: the archive exported (ninjs per story, a WXR file) and the WXR imported into an empty
// newsroom (a second database, fresh from the migrations) gives the same stories, bylines, sections,
// tags, update logs, corrections and addresses.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { db } from "@/lib/db";
import { createPrismaClient, type Db } from "@/lib/db/client";
import { createStory, updateStory } from "@/lib/stories/mutations";
import { addLogEntry, withdrawLogEntry } from "@/lib/updates/mutations";
import { importWordPress } from "@/lib/import/wxr/import";
import { parseAuthorChoice } from "@/lib/import/wxr/authors";
import { writeArchive } from "@/lib/export/write-archive";
import { textToBody } from "@/lib/body/story-body";
import { ingestMedia } from "@/lib/media/ingest";
import { ingestForImport } from "@/lib/import/photo-ingest";
import { stopQueue } from "@/lib/scheduling/queue";
import { createSection, createUser, storyValues } from "./support/factories";

const holder = globalThis as { newsroomDb?: Db };
const dir = mkdtempSync(path.join(tmpdir(), "archive-"));
const emptyDatabase = `newsroom_round_trip_${randomBytes(4).toString("hex")}`;
let original: Db;

/** Everything a reader or an editor would call "the same story", keyed by slug. */
async function archive() {
  const stories = await db().story.findMany({
    orderBy: { slug: "asc" },
    select: {
      slug: true,
      headline: true,
      dek: true,
      body: true,
      creditLine: true,
      status: true,
      firstPublishedAt: true,
      lastUpdatedAt: true,
      scheduledAt: true,
      section: { select: { slug: true, name: true } },
      bylines: { orderBy: { position: "asc" }, select: { name: true, title: true, user: { select: { name: true, email: true } } } },
      tags: { orderBy: { position: "asc" }, select: { tag: { select: { slug: true, name: true } } } },
      updates: {
        orderBy: { occurredAt: "asc" },
        select: { kind: true, note: true, occurredAt: true, significant: true, withdrawnAt: true, withdrawnReason: true },
      },
      pathRedirects: { orderBy: { path: "asc" }, select: { path: true } },
      redirects: { orderBy: { fromSlug: "asc" }, select: { fromSlug: true } },
      leadAlt: true,
      leadCaption: true,
      leadMedia: { select: { mimeType: true, byteSize: true, width: true, height: true } },
    },
  });
  return stories.map((s) => ({ ...s, bylines: s.bylines.map((b) => ({ name: b.user?.name ?? b.name, title: b.title, email: b.user?.email ?? null })) }));
}

let before: Awaited<ReturnType<typeof archive>>;
let exported: Awaited<ReturnType<typeof writeArchive>>;
let staffEmail: string;

beforeAll(async () => {
  // Photos are kept on disk here, in a folder of this test's own.
  process.env.NEWSROOM_DATA_DIR = mkdtempSync(path.join(tmpdir(), "archive-data-"));
  process.env.NEWSROOM_INTERNAL_ORIGIN = "http://127.0.0.1:9";
  const { actor: admin } = await createUser("ADMIN");
  const staff = await createUser("REPORTER", { name: "Dana Staff" });
  staffEmail = staff.user.email;
  const section = await createSection("Metro");
  // An imported site first: its old addresses must survive the move too.
  await importWordPress(admin, path.resolve("tests/fixtures/wxr/small-site.xml"), { fetchPhotos: false });
  const story = await createStory(admin, {
    intent: "publish",
    values: storyValues({
      headline: "Bridge closes for repairs",
      sectionId: section.id,
      tags: "Bridges, Traffic",
      creditLine: "The Associated Press contributed to this report.",
      bylines: [
        { userId: staff.user.id, name: "", title: "transportation reporter" },
        { userId: "", name: "Outside Writer", title: "special correspondent" },
      ],
      body: "The bridge closed.\n\n> We had no choice.\n\n## What next\n\nRepairs take a month.",
    }),
  });
  await addLogEntry(admin, { storyId: story.storyId, kind: "UPDATE", note: "Adds the city's statement.", significant: true });
  await addLogEntry(admin, { storyId: story.storyId, kind: "CORRECTION", note: "The bridge is on Elm Street, not Oak Street.", significant: true });
  const withdrawn = await addLogEntry(admin, { storyId: story.storyId, kind: "CLARIFICATION", note: "A note withdrawn.", significant: false });
  await withdrawLogEntry(admin, { updateId: withdrawn.updateId, reason: "Posted on the wrong story." });
  // A renamed story: its first address redirects.
  const latest = await db().story.findUniqueOrThrow({ where: { id: story.storyId }, select: { version: true } });
  await updateStory(admin, {
    storyId: story.storyId,
    baseVersion: latest.version,
    intent: "save",
    values: storyValues({
      headline: "Bridge closes for a month of repairs",
      slug: "bridge-closes-for-repairs-month",
      sectionId: section.id,
      tags: "Bridges, Traffic",
      creditLine: "The Associated Press contributed to this report.",
      bylines: [
        { userId: staff.user.id, name: "", title: "transportation reporter" },
        { userId: "", name: "Outside Writer", title: "special correspondent" },
      ],
      body: "The bridge closed.\n\n> We had no choice.\n\n## What next\n\nRepairs take a month.",
    }),
  });
  await createStory(admin, { intent: "save", values: storyValues({ headline: "A draft in progress", body: textToBody("Not yet.") as never }) });
  // A lead photo, through the media library.
  const photo = await ingestMedia(admin, { bytes: readFileSync(path.resolve("tests/fixtures/images/f6t.jpg")), fileName: "f6t.jpg" });
  if (!photo.ok) throw new Error(photo.message);
  await db().story.update({
    where: { id: story.storyId },
    data: {
      leadMediaId: photo.media.id,
      leadAlt: "The bridge, closed",
      leadCaption: "Elm Street bridge on Monday.",
      media: { create: { mediaId: photo.media.id, lead: true } },
    },
  });

  before = await archive();
  exported = await writeArchive(admin, dir);

  // The empty newsroom: a second database from the migrated template, with one admin.
  const adminUrl = inject("adminUrl");
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${emptyDatabase} TEMPLATE ${inject("templateDatabase")}`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${emptyDatabase}`;
  original = db();
  holder.newsroomDb = createPrismaClient(url.toString(), 4);
});

afterAll(async () => {
  await stopQueue();
  await holder.newsroomDb?.$disconnect();
  holder.newsroomDb = original;
  const client = new pg.Client({ connectionString: inject("adminUrl") });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${emptyDatabase} WITH (FORCE)`);
  await client.end();
});

describe("the archive, moved out and back in", () => {
  it("writes one ninjs document per story with the news fields", () => {
    const files = readdirSync(exported.ninjsDir);
    expect(files).toHaveLength(before.length);
    const ninjs = JSON.parse(readFileSync(path.join(exported.ninjsDir, "bridge-closes-for-repairs-month.json"), "utf8"));
    expect(ninjs).toMatchObject({
      type: "text",
      pubstatus: "usable",
      headlines: [{ role: "main", value: "Bridge closes for a month of repairs" }],
      by: "Dana Staff and Outside Writer",
      subjects: expect.arrayContaining([expect.objectContaining({ name: "Metro", rel: "section" }), expect.objectContaining({ name: "Bridges", rel: "tag" })]),
    });
    expect(ninjs.bodies[0]).toMatchObject({ contenttype: "text/html" });
    expect(ninjs.bodies[0].value).toContain("<blockquote><p>We had no choice.</p></blockquote>");
    expect(Number(ninjs.version)).toBeGreaterThan(1);
  });

  it("writes a WXR file with every story as an item WordPress reads (post type, status, dates, terms)", () => {
    const parsed = new XMLParser({ isArray: (name) => name === "item" || name === "category", ignoreAttributes: false }).parse(
      readFileSync(exported.wxrFile, "utf8"),
    );
    const items = parsed.rss.channel.item.filter((i: { "wp:post_type": string }) => i["wp:post_type"] !== "attachment");
    expect(items).toHaveLength(before.length);
    expect(exported.photos).toBe(1);
    expect(String(parsed.rss.channel["wp:wxr_version"])).toBe("1.2");
    const bridge = items.find((i: { "wp:post_name": string }) => i["wp:post_name"] === "bridge-closes-for-repairs-month");
    expect(bridge).toMatchObject({ "wp:post_type": "post", "wp:status": "publish" });
    expect(bridge.category.map((c: { "#text": string }) => c["#text"])).toEqual(["Metro", "Bridges", "Traffic"]);
  });

  it("imported into an empty newsroom, gives the same stories, bylines, sections, tags, update logs, corrections and addresses", async () => {
    expect(await db().story.count()).toBe(0);
    const { actor: admin } = await createUser("ADMIN");
    const { report } = await importWordPress(admin, exported.wxrFile, {
      fetchPhotos: false,
      mediaDir: exported.photosDir,
      ingestPhoto: ingestForImport(admin),
      authors: [parseAuthorChoice("dana-staff=new")!],
    });
    expect(report.failed).toBe(0);
    expect(report.created).toBe(before.length);
    const after = await archive();
    expect(after).toEqual(before);
    expect(after.find((s) => s.slug === "bridge-closes-for-repairs-month")).toMatchObject({
      leadAlt: "The bridge, closed",
      leadMedia: { width: expect.any(Number) },
    });
    // The staff member came along as a person (inactive until invited), not as an outside name.
    expect(after.find((s) => s.slug === "bridge-closes-for-repairs-month")?.bylines[0].email).toBe(staffEmail);
  });
});
