// What the media library accepts, judged from what the image library reads in the file's header
// (sharp's metadata(), which decodes no pixels), never from the file's name. Pure, so that the rules
// can be tested without files.

export const MAX_UPLOAD_BYTES = 40 * 1024 * 1024;
/** Larger pictures are refused before a pixel is decoded (a small file can declare a huge picture). */
export const MAX_PIXELS = 100_000_000;

export const ACCEPTED_TYPES_TEXT = "JPEG, PNG, WebP, AVIF or GIF";

export type HeaderFacts = { format?: string; compression?: string; width?: number; height?: number; orientation?: number };

export type AcceptedFormat = { mimeType: string; extension: string; width: number; height: number };

export type FormatVerdict = ({ ok: true } & AcceptedFormat) | { ok: false; message: string };

const BY_FORMAT: Record<string, { mimeType: string; extension: string }> = {
  jpeg: { mimeType: "image/jpeg", extension: "jpeg" },
  png: { mimeType: "image/png", extension: "png" },
  webp: { mimeType: "image/webp", extension: "webp" },
  gif: { mimeType: "image/gif", extension: "gif" },
};

export const HEIC_MESSAGE =
  "This is an HEIC photo (the iPhone's format), which the image library on this server cannot read. Export it as JPEG (on an iPhone: Settings › Camera › Formats › Most Compatible) and upload that.";

export function sizeRefusal(byteSize: number): string | null {
  if (byteSize === 0) return "This file is empty.";
  if (byteSize > MAX_UPLOAD_BYTES)
    return `This file is ${(byteSize / 1024 / 1024).toFixed(1)} MB; the limit is 40 MB per photo. Export a smaller JPEG and upload that.`;
  return null;
}

/** Judges a file from its header facts: its type, and whether its picture is small enough to decode. */
export function judgeHeader(facts: HeaderFacts): FormatVerdict {
  const format = facts.format ?? "";
  let accepted: { mimeType: string; extension: string } | undefined = BY_FORMAT[format];
  if (format === "heif") {
    if (facts.compression === "av1") accepted = { mimeType: "image/avif", extension: "avif" };
    else if (facts.compression === "hevc") accepted = { mimeType: "image/heic", extension: "heic" };
    else
      return {
        ok: false,
        message: `This HEIF file uses a compression (${facts.compression ?? "unknown"}) that cannot be read here. Export it as JPEG and upload that.`,
      };
  }
  if (format === "svg") return { ok: false, message: `SVG drawings are not accepted (they can carry scripts). Upload the picture as ${ACCEPTED_TYPES_TEXT}.` };
  if (!accepted)
    return { ok: false, message: `This file is not a photo we accept (it reads as ${format || "something else"}). Upload ${ACCEPTED_TYPES_TEXT}.` };
  const width = facts.width ?? 0;
  const height = facts.height ?? 0;
  if (width < 1 || height < 1) return { ok: false, message: "This image has no size in its header; the file is damaged. Export it again and upload that." };
  if (width * height > MAX_PIXELS) {
    const megapixels = Math.round((width * height) / 1_000_000);
    return {
      ok: false,
      message: `This picture is ${width} × ${height} pixels (${megapixels} megapixels); the limit is 100 megapixels. Scale it down and upload that.`,
    };
  }
  // EXIF orientations 5 to 8 turn the picture a quarter: its upright width is the stored height.
  const quarterTurn = (facts.orientation ?? 1) >= 5;
  return { ok: true, ...accepted, width: quarterTurn ? height : width, height: quarterTurn ? width : height };
}

const RENDITION_TYPES: Record<string, string> = { avif: "image/avif", webp: "image/webp", jpg: "image/jpeg" };

/** The Content-Type of a rendition file by its extension (which the renditions job chose, not a user). */
export const renditionContentType = (file: string): string | null => RENDITION_TYPES[file.slice(file.lastIndexOf(".") + 1)] ?? null;
