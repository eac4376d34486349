import "server-only";
import { createHash } from "node:crypto";
import sharp, { type Sharp } from "sharp";
import { rgbaToThumbHash } from "thumbhash";
import { db } from "@/lib/db";
import { mediaStore } from "@/lib/media/storage";
import { MAX_PIXELS } from "@/lib/media/formats";
import { publicTagsOfMedia } from "@/lib/media/public-tags";
import { expireTagsOnServer } from "@/lib/scheduling/queue";
import {
  CROP_ASPECTS,
  FORMATS,
  FULL_WIDTHS,
  cropOutputs,
  heightAt,
  planCrop,
  widthsFor,
  type CropShape,
  type RenditionFormat,
  type Shape,
  type Size,
} from "@/lib/media/geometry";

// The renditions job's body: every width, format and focal-point crop of one photo, its placeholder,
// then READY (or FAILED with a reason). Runs in the job worker, the seed, the importer and tests;
// running it twice for the same photo gives the same files, so a retried or duplicated job is harmless.
//
// What readers fetch must carry nothing of the original's metadata (GPS position, camera serial,
// IPTC/XMP): sharp writes none unless asked (withMetadata/keepMetadata, never called here), and the
// EXIF orientation is applied first so that the pixels stand upright without it.

const CONTENT_TYPES: Record<RenditionFormat, string> = { avif: "image/avif", webp: "image/webp", jpeg: "image/jpeg" };

/** Set once per process: one libvips thread and no operation cache, so processing never starves the web server. */
let configured = false;
function configureSharp() {
  if (configured) return;
  configured = true;
  sharp.concurrency(1);
  sharp.cache(false);
}

type Decoded = { pixels: Buffer; size: Size; channels: 3 | 4; opaque: boolean };

/** The original decoded once, upright and in sRGB, so that each rendition starts from pixels, not from the file. */
async function decodeUpright(original: Buffer): Promise<Decoded> {
  const { data, info } = await sharp(original, { limitInputPixels: MAX_PIXELS, animated: false })
    .rotate()
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  const channels = info.channels === 4 ? 4 : 3;
  let opaque = true;
  if (channels === 4) {
    for (let i = 3; i < data.length && opaque; i += 4) opaque = data[i] === 255;
  }
  return { pixels: data, size: { width: info.width, height: info.height }, channels, opaque };
}

const fromPixels = (decoded: Decoded): Sharp =>
  sharp(decoded.pixels, { raw: { width: decoded.size.width, height: decoded.size.height, channels: decoded.channels }, limitInputPixels: MAX_PIXELS });

function encode(image: Sharp, format: RenditionFormat, opaque: boolean): Promise<Buffer> {
  if (format === "avif") return image.avif({ quality: 50, effort: 3 }).toBuffer();
  if (format === "webp") return image.webp({ quality: 74, effort: 4 }).toBuffer();
  // JPEG has no transparency: transparent pixels become white rather than black.
  return (opaque ? image : image.flatten({ background: "#ffffff" })).jpeg({ quality: 78, mozjpeg: true }).toBuffer();
}

type Made = { shape: Shape; format: RenditionFormat; width: number; height: number; bytes: Buffer; file: string };

/**
 * The file name: the SHA-256 of the file's bytes, keyed with the photo and shape it belongs to, so
 * that two uploads of the same photo (or a square photo's whole and 1:1 files, which can be
 * byte-identical) never share a name, and deleting one never removes a file another still serves.
 */
function fileName(mediaId: string, shape: Shape, bytes: Buffer, format: RenditionFormat): string {
  const hash = createHash("sha256").update(`${mediaId}\0${shape}\0`).update(bytes).digest("hex");
  return `${hash}.${format === "jpeg" ? "jpg" : format}`;
}

async function makeRenditions(mediaId: string, decoded: Decoded, focal: { x: number; y: number }): Promise<Made[]> {
  const made: Made[] = [];
  const add = async (shape: Shape, size: Size, image: () => Sharp) => {
    for (const format of FORMATS) {
      const bytes = await encode(image(), format, decoded.opaque);
      made.push({ shape, format, width: size.width, height: size.height, bytes, file: fileName(mediaId, shape, bytes, format) });
    }
  };
  for (const width of widthsFor(decoded.size.width, FULL_WIDTHS)) {
    const size = { width, height: heightAt(decoded.size, width) };
    await add("full", size, () => fromPixels(decoded).resize(size.width, size.height, { fit: "fill" }));
  }
  for (const shape of Object.keys(CROP_ASPECTS) as CropShape[]) {
    for (const output of cropOutputs(decoded.size, shape)) {
      const plan = planCrop(decoded.size, output, focal);
      await add(shape, output, () => fromPixels(decoded).resize(plan.resize.width, plan.resize.height, { fit: "fill" }).extract(plan.window));
    }
  }
  return made;
}

/** A ThumbHash (base64) of the photo at 100 px or less: a few dozen bytes that a page draws blurred. */
async function placeholderOf(decoded: Decoded): Promise<string> {
  const { data, info } = await fromPixels(decoded).resize(100, 100, { fit: "inside" }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return Buffer.from(rgbaToThumbHash(info.width, info.height, data)).toString("base64");
}

/** Why a photo could not be processed, for the newsroom (the detail goes to the server log). */
function failureOf(error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(detail)) return "The picture is larger than 100 megapixels.";
  if (/unsupported image format|bad seek|heif|corrupt|premature|truncated|invalid|vips/i.test(detail))
    return "The image library could not read this file (it may be damaged). Export it again as JPEG and upload that.";
  return "The photo could not be processed. Try uploading it again.";
}

/**
 * Makes every rendition and the placeholder of a photo, replaces its previous set, marks it READY,
 * and removes the files of the previous set that no longer belong to it. A photo that cannot be read
 * is marked FAILED with a reason (not retried: the same file would fail again); a store or database
 * that is down makes this throw, and the job is retried.
 */
export async function processMedia(mediaId: string): Promise<{ status: "READY" | "FAILED" | "MISSING"; renditions: number }> {
  configureSharp();
  const media = await db().media.findUnique({ where: { id: mediaId }, select: { id: true, originalKey: true, focalX: true, focalY: true } });
  if (!media) return { status: "MISSING", renditions: 0 };
  const store = mediaStore();
  const original = await store.get(media.originalKey);
  if (!original) {
    await db().media.update({ where: { id: mediaId }, data: { status: "FAILED", failure: "The uploaded original is missing from the media store." } });
    return { status: "FAILED", renditions: 0 };
  }

  let made: Made[];
  let placeholder: string;
  let size: Size;
  try {
    const decoded = await decodeUpright(original);
    size = decoded.size;
    made = await makeRenditions(mediaId, decoded, { x: media.focalX, y: media.focalY });
    placeholder = await placeholderOf(decoded);
  } catch (error) {
    console.error(`[media] Processing photo ${mediaId} failed.`, error);
    await db().media.update({ where: { id: mediaId }, data: { status: "FAILED", failure: failureOf(error) } });
    return { status: "FAILED", renditions: 0 };
  }

  for (const rendition of made) await store.put(rendition.file, rendition.bytes, CONTENT_TYPES[rendition.format]);

  const { previous, tags } = await db().$transaction(async (tx) => {
    const old = await tx.mediaRendition.findMany({ where: { mediaId }, select: { file: true } });
    await tx.mediaRendition.deleteMany({ where: { mediaId } });
    await tx.mediaRendition.createMany({
      data: made.map((r) => ({ mediaId, shape: r.shape, format: r.format, width: r.width, height: r.height, byteSize: r.bytes.length, file: r.file })),
    });
    await tx.media.update({ where: { id: mediaId }, data: { status: "READY", failure: "", placeholder, width: size.width, height: size.height } });
    return { previous: old.map((r) => r.file), tags: await publicTagsOfMedia(tx, mediaId) };
  });
  // Public pages that show the photo name its files: new crops (a moved focal point) mean new names.
  await expireTagsOnServer(tags);

  // Files of the previous set (an earlier focal point) that nothing refers to any more. A page cached
  // before the change may still name one for a moment; it then shows the placeholder's alt text.
  const kept = new Set(made.map((r) => r.file));
  for (const file of previous) if (!kept.has(file)) await store.delete(file).catch((error) => console.error(`[media] Could not delete ${file}.`, error));
  return { status: "READY", renditions: made.length };
}
