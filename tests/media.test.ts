// The media library's pipeline against a real database and real image processing: what is accepted
// and refused at upload, the metadata prefill, and what readers could fetch (every rendition read back).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createServer, type AddressInfo } from "node:net";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ingestMedia } from "@/lib/media/ingest";
import { processMedia } from "@/lib/media/renditions";
import { mediaStore } from "@/lib/media/storage";
import { HEIC_MESSAGE } from "@/lib/media/formats";
import { stopQueue } from "@/lib/scheduling/queue";
import type { Actor } from "@/lib/auth/permissions";
import { createUser } from "./support/factories";
import { fixturePhoto, metadataLeftIn, pngHeaderOnly, svgDrawing } from "./support/media";

let reporter: Actor;
/** The phone photo, processed once and looked at by several tests. */
let phonePhoto: Awaited<ReturnType<typeof uploadAndProcess>>["media"] | undefined;
let dataDir: string;

beforeAll(async () => {
  reporter = (await createUser("REPORTER")).actor;
  dataDir = await mkdtemp(path.join(tmpdir(), "newsroom-media-"));
  process.env.NEWSROOM_DATA_DIR = dataDir;
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.NEWSROOM_INTERNAL_ORIGIN = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await new Promise((resolve) => server.close(resolve));
});

afterAll(async () => {
  await stopQueue();
  await rm(dataDir, { recursive: true, force: true });
});

async function uploadAndProcess(name: string) {
  const result = await ingestMedia(reporter, { bytes: fixturePhoto(name), fileName: name });
  if (!result.ok) throw new Error(`${name} was refused: ${result.message}`);
  const processed = await processMedia(result.media.id);
  const media = await db().media.findUniqueOrThrow({ where: { id: result.media.id }, include: { renditions: true } });
  return { result, processed, media };
}

describe("uploading photos", () => {
  it("prefills IPTC's staff photographer example field by field and keeps the original private", async () => {
    const { media, processed } = await uploadAndProcess("iptc-staff-photographer-example.jpg");
    expect(processed.status).toBe("READY");
    expect(media).toMatchObject({
      status: "READY",
      mimeType: "image/jpeg",
      originalName: "iptc-staff-photographer-example.jpg",
      caption: "After digging the furrows another ten yards with the tractor, Jim Moore hops off to hand-set more leeks and onions.",
      photographer: "John Doe",
      photographerTitle: "Staff Photographer",
      creditLine: "Big Newspaper",
      source: "John Doe / Big Newspaper",
      copyrightNotice: "©2010 Big Newspaper, all rights reserved",
      takenAt: new Date("2007-04-19T17:03:15Z"),
      uploadedById: reporter.id,
    });
    expect(media.placeholder.length).toBeGreaterThan(10);
    expect(Buffer.from(media.placeholder, "base64").length).toBeLessThan(100);
    // The original is kept byte for byte, under a key that is not a public file name.
    expect((await mediaStore().get(media.originalKey))?.equals(fixturePhoto("iptc-staff-photographer-example.jpg"))).toBe(true);
    expect(media.renditions.some((r) => r.file === media.originalKey)).toBe(false);
    const audit = await db().auditEvent.findFirst({ where: { action: "media.upload", entityId: media.id } });
    expect(audit?.actorId).toBe(reporter.id);
  });

  // A 12-megapixel photo takes a while on one libvips thread (minutes on a loaded machine): not a time limit, a bound on a hang.
  it("makes every width, format and crop, never upscaled, named by content hash, with nothing of the original's metadata", { timeout: 600_000 }, async () => {
    for (const name of ["IMG_20180725_163423.jpg", "png_with_exif_and_gps.png"]) {
      const { media } = await uploadAndProcess(name);
      if (name === "IMG_20180725_163423.jpg") phonePhoto = media;
      expect(media.status).toBe("READY");
      const shapes = new Set(media.renditions.map((r) => r.shape));
      expect([...shapes].sort()).toEqual(["1.91x1", "16x9", "1x1", "4x3", "full"]);
      for (const r of media.renditions) {
        const bytes = await mediaStore().get(r.file);
        expect(bytes, r.file).not.toBeNull();
        expect(r.file).toMatch(/^[0-9a-f]{64}\.(avif|webp|jpg)$/);
        expect(r.byteSize).toBe(bytes!.length);
        const meta = await sharp(bytes!).metadata();
        expect({ width: meta.width, height: meta.height }).toEqual({ width: r.width, height: r.height });
        expect(r.width).toBeLessThanOrEqual(media.width);
        expect(await metadataLeftIn(bytes!), `${name} → ${r.shape} ${r.width} ${r.format}`).toEqual([]);
      }
      // The original did carry a position: the test would notice one left behind.
      expect(await metadataLeftIn(fixturePhoto(name))).toContain("exifr:gps-position");
    }
  });

  it("makes the phone photo's sizes from 320 to 2400 and a 1200 x 630 share card", { timeout: 600_000 }, async () => {
    const media = phonePhoto ?? (await uploadAndProcess("IMG_20180725_163423.jpg")).media;
    const full = media.renditions.filter((r) => r.shape === "full" && r.format === "jpeg").map((r) => r.width);
    expect(full.sort((a, b) => a - b)).toEqual([320, 640, 960, 1280, 1600, 2000, 2400]);
    expect(media.renditions.filter((r) => r.shape === "1.91x1").map((r) => `${r.width}x${r.height}`)).toEqual(["1200x630", "1200x630", "1200x630"]);
    expect(new Set(media.renditions.map((r) => r.format))).toEqual(new Set(["avif", "webp", "jpeg"]));
  });

  it("stands a rotated phone photo upright, as its EXIF orientation says", async () => {
    const { media } = await uploadAndProcess("f6t.jpg");
    expect(media.width).toBeLessThan(media.height);
    for (const r of media.renditions.filter((r) => r.shape === "full")) {
      const meta = await sharp((await mediaStore().get(r.file))!).metadata();
      expect(meta.width!).toBeLessThan(meta.height!);
      expect(meta.orientation ?? 1).toBe(1);
    }
  });

  it("accepts AVIF and a photo whose metadata is damaged", async () => {
    expect((await uploadAndProcess("Irvine_CA.avif")).media).toMatchObject({ status: "READY", mimeType: "image/avif" });
    // broken1.jpg's EXIF sizes disagree with its picture; the picture itself decodes cleanly here.
    expect((await uploadAndProcess("broken1.jpg")).media).toMatchObject({ status: "READY", width: 600, height: 900 });
  });

  it("keeps a GIF's first frame", async () => {
    const frame = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#c00" } })
      .gif()
      .toBuffer();
    const result = await ingestMedia(reporter, { bytes: frame, fileName: "anim.gif" });
    expect(result).toMatchObject({ ok: true, media: { mimeType: "image/gif" } });
    if (result.ok) expect(await processMedia(result.media.id)).toMatchObject({ status: "READY" });
  });

  it("refuses what it cannot or must not take, each with its reason, and keeps nothing of it", async () => {
    const before = await db().media.count();
    const refusals: [string, Buffer, string | RegExp][] = [
      ["heic-single.heic", fixturePhoto("heic-single.heic"), HEIC_MESSAGE],
      ["drawing.svg", svgDrawing, /SVG drawings are not accepted/],
      ["notes.jpg", Buffer.from("These are my notes, not a photo.\n"), /not an image we can read/],
      ["huge.jpg", Buffer.alloc(40 * 1024 * 1024 + 1, 0xff), /the limit is 40 MB/],
      ["bomb.png", pngHeaderOnly(20000, 20000), /20000 × 20000 pixels \(400 megapixels\); the limit is 100 megapixels/],
      ["cut-short.jpg", fixturePhoto("IMG_20180725_163423.jpg").subarray(0, 1_500_000), /damaged/],
      ["empty.jpg", Buffer.alloc(0), /empty/],
    ];
    for (const [fileName, bytes, message] of refusals) {
      const result = await ingestMedia(reporter, { bytes, fileName });
      expect(result.ok, fileName).toBe(false);
      if (!result.ok) expect(result.message, fileName).toMatch(message);
    }
    expect(await db().media.count()).toBe(before);
  });
});
