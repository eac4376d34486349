import "server-only";
import { randomUUID } from "node:crypto";
import sharp from "sharp";
import { db } from "@/lib/db";
import { can, authorIdOf, type Actor } from "@/lib/auth/permissions";
import { ForbiddenError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import { mediaStore } from "@/lib/media/storage";
import { HEIC_MESSAGE, MAX_PIXELS, judgeHeader, sizeRefusal, type HeaderFacts } from "@/lib/media/formats";
import { prefillFromMetadata, readMetadataBlocks } from "@/lib/media/metadata";
import { enqueueMediaProcessing } from "@/lib/scheduling/queue";
import { withoutUnstorable } from "@/lib/text/storable";

// A photo's way into the library: judge the bytes, read the newsroom's metadata as a prefill, keep the
// original (private), create the row and queue the renditions job. Everything slow (decoding the
// whole picture, encoding some sixty files) happens in the job, off the request.

export type IngestedMedia = { id: string; status: "PROCESSING"; width: number; height: number; mimeType: string; originalName: string };
export type IngestResult = { ok: true; media: IngestedMedia } | { ok: false; message: string };

const DAMAGED_MESSAGE = "This image is damaged and cannot be read (it may be cut short or corrupted). Export it again as JPEG and upload that.";

/** A name fit to show in the newsroom: no path, no control characters, not absurdly long. */
function displayName(fileName: string): string {
  return (
    withoutUnstorable(fileName.split(/[\\/]/).pop() ?? "")
      .trim()
      .slice(0, 255) || "photo"
  );
}

async function headerFacts(bytes: Buffer): Promise<HeaderFacts | null> {
  try {
    // Reads the header only: no pixel is decoded, so a declared 20000 x 20000 picture costs nothing here.
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    return { format: meta.format, compression: meta.compression, width: meta.width, height: meta.height, orientation: meta.orientation };
  } catch {
    return null;
  }
}

/**
 * Whether the whole file decodes: a small decode (JPEG decodes at an eighth of its size, so this is
 * quick) that reads every byte of the compressed picture, so that a file cut short or corrupted is
 * refused at upload, with its reason, rather than failing later in the job.
 */
async function decodeRefusal(bytes: Buffer, mimeType: string): Promise<string | null> {
  try {
    await sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: "warning", animated: false }).resize(64, 64, { fit: "inside" }).raw().toBuffer();
    return null;
  } catch (error) {
    if (mimeType === "image/heic") return HEIC_MESSAGE;
    console.warn(`[media] An upload did not decode: ${error instanceof Error ? error.message : String(error)}`);
    return DAMAGED_MESSAGE;
  }
}

/** Judges and stores one uploaded file; a refusal says why, in words the uploader can act on. */
export async function ingestMedia(actor: Actor, { bytes, fileName }: { bytes: Buffer; fileName: string }): Promise<IngestResult> {
  if (!can(actor, "media.upload")) throw new ForbiddenError("You may not upload photos.");
  const tooLarge = sizeRefusal(bytes.length);
  if (tooLarge) return { ok: false, message: tooLarge };
  const facts = await headerFacts(bytes);
  if (!facts) return { ok: false, message: "This file is not an image we can read. Upload JPEG, PNG, WebP, AVIF or GIF." };
  const verdict = judgeHeader(facts);
  if (!verdict.ok) return verdict;
  const undecodable = await decodeRefusal(bytes, verdict.mimeType);
  if (undecodable) return { ok: false, message: undecodable };

  const prefill = prefillFromMetadata(await readMetadataBlocks(bytes));
  const id = randomUUID();
  const originalKey = `originals/${id}.${verdict.extension}`;
  await mediaStore().put(originalKey, bytes, verdict.mimeType);
  const originalName = displayName(fileName);
  try {
    await db().$transaction(async (tx) => {
      await tx.media.create({
        data: {
          id,
          status: "PROCESSING",
          originalKey,
          originalName,
          mimeType: verdict.mimeType,
          byteSize: bytes.length,
          width: verdict.width,
          height: verdict.height,
          ...prefill,
          uploadedById: authorIdOf(actor),
        },
      });
      await recordAudit(tx, {
        actor,
        action: "media.upload",
        entityType: "media",
        entityId: id,
        data: { name: originalName, type: verdict.mimeType, bytes: bytes.length },
      });
    });
  } catch (error) {
    await mediaStore()
      .delete(originalKey)
      .catch(() => {});
    throw error;
  }
  // After the commit, so that the job finds the row; a lost enqueue leaves the photo PROCESSING,
  // and the library page offers to process it again.
  await enqueueMediaProcessing(id);
  return { ok: true, media: { id, status: "PROCESSING", width: verdict.width, height: verdict.height, mimeType: verdict.mimeType, originalName } };
}
