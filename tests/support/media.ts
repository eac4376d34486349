// Helpers for the media tests: fixture photos, files the library must refuse, and a metadata check
// of a rendition's bytes with two readers (exifr and the image library's own).
import { readFileSync } from "node:fs";
import { crc32, deflateSync } from "node:zlib";
import exifr from "exifr";
import sharp from "sharp";

export const fixturePhoto = (name: string) => readFileSync(new URL(`../fixtures/images/${name}`, import.meta.url));

/** A PNG whose header declares a picture of the given size, with almost no pixels behind it: a decompression bomb's header. */
export function pngHeaderOnly(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.alloc(64))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

export const svgDrawing = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>alert(1)</script><rect width="100" height="100"/></svg>',
);

/** Everything a metadata reader finds in a file, or an empty list: GPS, EXIF, IPTC, XMP, and the image library's own view. */
export async function metadataLeftIn(bytes: Buffer): Promise<string[]> {
  const found: string[] = [];
  const blocks = (await exifr
    .parse(bytes, { tiff: true, exif: true, gps: true, iptc: true, xmp: true, interop: true, ifd1: true, makerNote: true, mergeOutput: false })
    .catch(() => undefined)) as Record<string, unknown> | undefined;
  for (const [block, value] of Object.entries(blocks ?? {})) if (value && Object.keys(value).length) found.push(`exifr:${block}`);
  if (await exifr.gps(bytes).catch(() => undefined)) found.push("exifr:gps-position");
  const meta = await sharp(bytes).metadata();
  if (meta.exif) found.push("sharp:exif");
  if (meta.iptc) found.push("sharp:iptc");
  if (meta.xmp) found.push("sharp:xmp");
  return found;
}

/**
 * A photo in the library as the upload and the renditions job leave it, made through the real
 * pipeline from a small fixture: for tests about who may do what with photos.
 */
export async function createProcessedPhoto(actor: import("@/lib/auth/permissions").Actor, name = "noexif.jpg") {
  const { ingestMedia } = await import("@/lib/media/ingest");
  const { processMedia } = await import("@/lib/media/renditions");
  const { db } = await import("@/lib/db");
  const result = await ingestMedia(actor, { bytes: fixturePhoto(name), fileName: name });
  if (!result.ok) throw new Error(result.message);
  await processMedia(result.media.id);
  return db().media.findUniqueOrThrow({ where: { id: result.media.id }, select: { id: true, version: true, renditions: { select: { file: true }, take: 1 } } });
}

/** Marks a story as using a photo, as the story's save does. */
export async function putPhotoInStory(storyId: string, mediaId: string) {
  const { db } = await import("@/lib/db");
  await db().storyMedia.create({ data: { storyId, mediaId } });
}
