import exifr from "exifr";
import { withoutUnstorable } from "@/lib/text/storable";

// What newsrooms already put in their photos (IPTC IIM, XMP, EXIF), turned into the library's fields
// as a prefill that the person confirms or edits. XMP is preferred where both exist: it is Unicode and
// not cut to IPTC IIM's field lengths (IIM's Credit holds 32 bytes); EXIF's Artist, Copyright and
// ImageDescription are the last resort.

export type MetadataPrefill = {
  caption: string;
  photographer: string;
  photographerTitle: string;
  creditLine: string;
  source: string;
  copyrightNotice: string;
  takenAt: Date | null;
};

/** exifr's output with mergeOutput: false: one object per block ("iptc", "dc", "photoshop", "exif", "ifd0", ...). */
export type MetadataBlocks = Record<string, Record<string, unknown> | undefined>;

const MAX_FIELD = 2000;

/** A string from exifr's many shapes: plain, { lang, value } (XMP alternatives), or a list (XMP sequences). */
function text(value: unknown): string {
  if (value == null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.map(text).filter(Boolean).join(", ");
  if (typeof value === "object" && "value" in value) return text((value as { value: unknown }).value);
  return "";
}

/** Trimmed, without the characters no text of ours may hold (lib/text/storable.ts), capped. */
function clean(value: unknown): string {
  return withoutUnstorable(text(value)).trim().slice(0, MAX_FIELD);
}

function first(...values: unknown[]): string {
  for (const value of values) {
    const cleaned = clean(value);
    if (cleaned) return cleaned;
  }
  return "";
}

function validDate(value: unknown): Date | null {
  const date = value instanceof Date ? value : typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) return null;
  const year = date.getUTCFullYear();
  return year >= 1826 && year <= 9999 ? date : null;
}

/** IPTC IIM's DateCreated ("20070419") and TimeCreated ("110315-0600") as one moment. */
function iptcDate(date: unknown, time: unknown): Date | null {
  const d = /^(\d{4})(\d{2})(\d{2})$/.exec(text(date));
  if (!d) return null;
  const t = /^(\d{2})(\d{2})(\d{2})([+-]\d{2})(\d{2})$/.exec(text(time));
  return validDate(t ? `${d[1]}-${d[2]}-${d[3]}T${t[1]}:${t[2]}:${t[3]}${t[4]}:${t[5]}` : `${d[1]}-${d[2]}-${d[3]}T00:00:00Z`);
}

/** The library's fields from a photo's metadata blocks. */
export function prefillFromMetadata(blocks: MetadataBlocks): MetadataPrefill {
  const iptc = blocks.iptc ?? {};
  const dc = blocks.dc ?? {};
  const photoshop = blocks.photoshop ?? {};
  const ifd0 = blocks.ifd0 ?? {};
  const exif = blocks.exif ?? {};
  const xmpRights = blocks.xmpRights ?? blocks.xapRights ?? {};
  return {
    caption: first(dc.description, iptc.Caption, ifd0.ImageDescription),
    photographer: first(dc.creator, iptc.Byline, ifd0.Artist),
    photographerTitle: first(photoshop.AuthorsPosition, iptc.BylineTitle),
    creditLine: first(photoshop.Credit, iptc.Credit),
    source: first(photoshop.Source, iptc.Source),
    copyrightNotice: first(dc.rights, iptc.CopyrightNotice, ifd0.Copyright, xmpRights.UsageTerms),
    takenAt: validDate(photoshop.DateCreated) ?? iptcDate(iptc.DateCreated, iptc.TimeCreated) ?? validDate(exif.DateTimeOriginal) ?? validDate(exif.CreateDate),
  };
}

export const EMPTY_PREFILL: MetadataPrefill = {
  caption: "",
  photographer: "",
  photographerTitle: "",
  creditLine: "",
  source: "",
  copyrightNotice: "",
  takenAt: null,
};

/** Reads a photo's IPTC, XMP and EXIF blocks; a file whose metadata cannot be read simply has none. */
export async function readMetadataBlocks(bytes: Buffer): Promise<MetadataBlocks> {
  try {
    const blocks = (await exifr.parse(bytes, {
      tiff: true,
      exif: true,
      gps: true,
      iptc: true,
      xmp: true,
      icc: false,
      jfif: false,
      ihdr: true,
      mergeOutput: false,
      translateValues: true,
      reviveValues: true,
    })) as MetadataBlocks | undefined;
    return blocks ?? {};
  } catch {
    return {};
  }
}
