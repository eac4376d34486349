// Imported photos through the media library's real pipeline (sharp, the disk store, the renditions
// job): a featured image from a local copy of the uploads folder becomes the story's lead photo with
// the attachment's alt text and caption; a rerun does not store it twice; an image whose host does
// not answer is listed and the story keeps no broken lead.
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
