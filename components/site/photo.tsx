import type { CSSProperties } from "react";
import { pictureSet, placeholderColor, placeholderDataUrl, type PhotoShape } from "@/lib/media/picture";
import type { PublicPhoto } from "@/lib/media/story-photos";

// A library photo for readers: prebuilt rendition files only (never Next's image optimizer), AVIF and
// WebP sources over a JPEG that every browser shows, its intrinsic size set so nothing shifts while it
// loads, and its ThumbHash underneath until it does. Plain HTML: no client JavaScript.

type PictureProps = {
  photo: PublicPhoto;
  shape: PhotoShape;
  /** The width the layout gives the photo (PHOTO_SIZES in lib/media/picture.ts). */
  sizes: string;
  /** The page's main photo: fetched first, never lazily. */
  priority?: boolean;
  /** "blur" draws the ThumbHash itself (a few hundred bytes); "color" only its average colour, for lists. */
  placeholder?: "blur" | "color";
  className?: string;
};

export function Picture({ photo, shape, sizes, priority = false, placeholder = "blur", className = "" }: PictureProps) {
  const set = pictureSet(photo.renditions, shape);
  if (!set) return null;
  const blur = placeholder === "blur" ? placeholderDataUrl(photo.placeholder) : null;
  const color = placeholder === "color" ? placeholderColor(photo.placeholder) : null;
  // The style-src policy allows inline styles (server/server-policy.ts), and img-src allows data:.
  const style: CSSProperties | undefined = blur
    ? { backgroundImage: `url("${blur}")`, backgroundSize: "cover" }
    : color
      ? { backgroundColor: color }
      : undefined;
  return (
    <picture>
      {set.sources.map((source) => (
        <source key={source.type} type={source.type} srcSet={source.srcSet} sizes={sizes} />
      ))}
      <img
        src={set.img.src}
        srcSet={set.img.srcSet}
        sizes={sizes}
        width={set.img.width}
        height={set.img.height}
        alt={photo.decorative ? "" : photo.alt}
        {...(priority ? { fetchPriority: "high" as const, loading: "eager" as const } : { loading: "lazy" as const, decoding: "async" as const })}
        style={style}
        className={`h-auto w-full ${className}`}
      />
    </picture>
  );
}

/** A story's photo with its caption, then its credit, and a plain link to the largest file. */
export function PhotoFigure({ photo, sizes, priority = false }: { photo: PublicPhoto; sizes: string; priority?: boolean }) {
  const set = pictureSet(photo.renditions, "full");
  if (!set) return null;
  return (
    <figure className="font-sans">
      <Picture photo={photo} shape="full" sizes={sizes} priority={priority} className="rounded-sm" />
      <figcaption className="mt-2 text-sm leading-snug text-muted">
        {photo.caption ? <span className="text-ink">{photo.caption}</span> : null}
        {photo.caption && photo.credit ? " " : null}
        {photo.credit ? <span className="text-xs uppercase tracking-wide">{photo.credit}</span> : null}{" "}
        <a href={set.largest.url} className="whitespace-nowrap text-xs underline underline-offset-2">
          View larger<span className="sr-only"> photo ({`${set.largest.width} by ${set.largest.height} pixels`})</span>
        </a>
      </figcaption>
    </figure>
  );
}
