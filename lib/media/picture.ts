import { thumbHashToAverageRGBA, thumbHashToDataURL } from "thumbhash";
import { mediaUrl } from "@/lib/media/urls";

// Which rendition files a <picture> offers, and which one a share card, structured data or a feed
// names. Pure: the components, the metadata and the tests share it.

export type PhotoShape = "full" | "16x9" | "4x3" | "1x1" | "1.91x1";
export type PhotoFormat = "avif" | "webp" | "jpeg";
export type PhotoRendition = { shape: string; format: string; width: number; height: number; file: string };

export type PictureSet = {
  /** AVIF first, then WebP: the browser takes the first type it supports. */
  sources: { type: string; srcSet: string }[];
  /** The JPEG every browser can show, with its intrinsic size (no layout shift). */
  img: { src: string; srcSet: string; width: number; height: number };
  /** The largest JPEG, for "View larger". */
  largest: { url: string; width: number; height: number };
};

const MIME: Record<PhotoFormat, string> = { avif: "image/avif", webp: "image/webp", jpeg: "image/jpeg" };

function ofKind(renditions: PhotoRendition[], shape: PhotoShape, format: PhotoFormat): PhotoRendition[] {
  return renditions.filter((r) => r.shape === shape && r.format === format).sort((a, b) => a.width - b.width);
}

const srcSet = (files: PhotoRendition[]) => files.map((r) => `${mediaUrl(r.file)} ${r.width}w`).join(", ");

/**
 * The sources of a <picture> of one shape, or null when it has no JPEG (a photo not processed yet).
 * A crop the photo lacks falls back to the whole photo.
 */
export function pictureSet(renditions: PhotoRendition[], shape: PhotoShape): PictureSet | null {
  const use = ofKind(renditions, shape, "jpeg").length ? shape : "full";
  const jpeg = ofKind(renditions, use, "jpeg");
  if (!jpeg.length) return null;
  // The <img>'s own src is a middle width: what a browser without srcset (or a crawler) takes.
  const fallback = jpeg.find((r) => r.width >= 1024) ?? jpeg[jpeg.length - 1];
  const largest = jpeg[jpeg.length - 1];
  return {
    sources: (["avif", "webp"] as const).flatMap((format) => {
      const files = ofKind(renditions, use, format);
      return files.length ? [{ type: MIME[format], srcSet: srcSet(files) }] : [];
    }),
    img: { src: mediaUrl(fallback.file), srcSet: srcSet(jpeg), width: fallback.width, height: fallback.height },
    largest: { url: mediaUrl(largest.file), width: largest.width, height: largest.height },
  };
}

/** The JPEG of a shape for a place that takes one file: the narrowest at least `minWidth` wide, else the widest there is. */
export function jpegAtLeast(renditions: PhotoRendition[], shape: PhotoShape, minWidth: number): PhotoRendition | null {
  const jpeg = ofKind(renditions, shape, "jpeg");
  return jpeg.find((r) => r.width >= minWidth) ?? jpeg[jpeg.length - 1] ?? null;
}

/** A ThumbHash drawn as a tiny PNG (a data: URL, which the img-src policy allows), or null when it cannot be read. */
export function placeholderDataUrl(placeholder: string): string | null {
  if (!placeholder) return null;
  try {
    return thumbHashToDataURL(Buffer.from(placeholder, "base64"));
  } catch {
    return null;
  }
}

/** The ThumbHash's average colour, as a CSS colour: the cheap placeholder for small thumbnails in lists. */
export function placeholderColor(placeholder: string): string | null {
  if (!placeholder) return null;
  try {
    const { r, g, b } = thumbHashToAverageRGBA(Buffer.from(placeholder, "base64"));
    return `rgb(${Math.round(r * 255)} ${Math.round(g * 255)} ${Math.round(b * 255)})`;
  } catch {
    return null;
  }
}

// What each place shows a photo at, from its layout (the Tailwind classes of the pages that draw it):
// the browser picks from the srcset by these before it knows the layout.
export const PHOTO_SIZES = {
  /** The story page's column: max-w-3xl (48rem) less 1rem padding each side. */
  story: "(min-width: 48rem) 736px, calc(100vw - 2rem)",
  /** The front page's lead: two of three columns of max-w-6xl from lg up, the full width below. */
  frontLead: "(min-width: 72rem) 736px, (min-width: 64rem) calc(66.67vw - 2rem), calc(100vw - 2rem)",
  /** A top story's square thumbnail (w-20). */
  thumbnail: "80px",
  /** A front-page section block's photo: a quarter of max-w-6xl from lg, a half from sm, full width below. */
  sectionBlock: "(min-width: 72rem) 256px, (min-width: 64rem) calc(25vw - 2.5rem), (min-width: 40rem) calc(50vw - 2rem), calc(100vw - 2rem)",
  /** A listing's or search result's photo beside the headline (w-28, sm:w-44). */
  listing: "(min-width: 40rem) 176px, 112px",
} as const;

/** A share card's picture: the 1.91:1 crop, 1200x630 where the photo is that large, with its alt text. */
export function shareImage(photo: { renditions: PhotoRendition[]; alt: string; decorative: boolean }) {
  const file = jpegAtLeast(photo.renditions, "1.91x1", 1200) ?? jpegAtLeast(photo.renditions, "full", 1200);
  return file ? { path: mediaUrl(file.file), width: file.width, height: file.height, alt: photo.decorative ? "" : photo.alt } : null;
}
