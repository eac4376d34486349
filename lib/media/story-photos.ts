// A story's photos: its lead and the image nodes of its body, each a library photo by id with the
// story's own alt text, caption and credit over the library's. Used inside the story's write
// transactions (what exists, what publishing needs, StoryMedia kept in step), by the public reads
// and by the public history, so it takes the client or transaction and imports nothing server-only.
import type { Db, Tx } from "@/lib/db/client";
import { InvalidError } from "@/lib/errors";
import { bodyImages, type BodyDoc } from "@/lib/body/story-body";
import type { PhotoRendition } from "@/lib/media/picture";

type Reader = Tx | Db;

/** What a story says about its photos: the lead fields of the story form and the body. */
export type StoryPhotoFields = {
  leadMediaId: string | null;
  leadAlt: string;
  leadCaption: string;
  leadCredit: string;
  leadDecorative: boolean;
  body: BodyDoc;
};

/** One use of a photo in a story, with the story's overrides (empty: the library's own). */
export type PhotoUse = { mediaId: string; role: "lead" | "inline"; alt: string; caption: string; credit: string; decorative: boolean };

/** The lead first, then the body's photos in order. */
export function photoUses(fields: StoryPhotoFields): PhotoUse[] {
  const uses: PhotoUse[] = [];
  if (fields.leadMediaId) {
    uses.push({
      mediaId: fields.leadMediaId,
      role: "lead",
      alt: fields.leadAlt,
      caption: fields.leadCaption,
      credit: fields.leadCredit,
      decorative: fields.leadDecorative,
    });
  }
  for (const image of bodyImages(fields.body)) {
    const { mediaId, alt = "", caption = "", credit = "", decorative = false } = image.attrs;
    uses.push({ mediaId, role: "inline", alt, caption, credit, decorative });
  }
  return uses;
}

const LIBRARY_SELECT = {
  id: true,
  status: true,
  width: true,
  height: true,
  altText: true,
  caption: true,
  creditLine: true,
  photographer: true,
  copyrightNotice: true,
  placeholder: true,
} as const;

type LibraryPhoto = { id: string; status: string; altText: string; caption: string; creditLine: string };

async function libraryPhotos(tx: Reader, ids: string[]): Promise<Map<string, LibraryPhoto>> {
  if (!ids.length) return new Map();
  const rows = await tx.media.findMany({ where: { id: { in: [...new Set(ids)] } }, select: LIBRARY_SELECT });
  return new Map(rows.map((row) => [row.id, row]));
}

/** Refuses a save that names a photo the library does not have (deleted meanwhile, or a forged id). */
export async function assertPhotosExist(tx: Tx, fields: StoryPhotoFields): Promise<void> {
  const uses = photoUses(fields);
  const found = await libraryPhotos(
    tx,
    uses.map((use) => use.mediaId),
  );
  if (fields.leadMediaId && !found.has(fields.leadMediaId)) {
    throw new InvalidError("The lead photo is no longer in the library.", {
      leadMediaId: ["This photo is no longer in the media library. Choose another or remove it."],
    });
  }
  const missing = uses.filter((use) => use.role === "inline" && !found.has(use.mediaId)).length;
  if (missing) {
    throw new InvalidError(`${missing === 1 ? "A photo" : `${missing} photos`} in the body ${missing === 1 ? "is" : "are"} no longer in the library.`, {
      body: ["A photo in the body is no longer in the media library. Remove it or insert another, then save again. Nothing was saved."],
    });
  }
}

const placeName = (use: PhotoUse, inlineNumber: number) => (use.role === "lead" ? "the lead photo" : `photo ${inlineNumber} in the body`);

/**
 * What the story's photos still lack for publication, in the words of the publish refusal: alt text
 * (unless marked decorative) and a credit for each, and a photo whose renditions are ready.
 */
export async function photosMissingForPublication(tx: Reader, fields: StoryPhotoFields): Promise<string[]> {
  const uses = photoUses(fields);
  const library = await libraryPhotos(
    tx,
    uses.map((use) => use.mediaId),
  );
  const missing: string[] = [];
  let inline = 0;
  for (const use of uses) {
    if (use.role === "inline") inline += 1;
    const name = placeName(use, inline);
    const photo = library.get(use.mediaId);
    if (!photo) {
      missing.push(`${name} (it is no longer in the library)`);
      continue;
    }
    if (photo.status === "FAILED") missing.push(`${name} to be replaced (the library could not process it)`);
    else if (photo.status !== "READY") missing.push(`${name} to finish processing`);
    if (!use.decorative && !(use.alt.trim() || photo.altText.trim())) missing.push(`alt text for ${name} (or mark it decorative)`);
    if (!(use.credit.trim() || photo.creditLine.trim())) missing.push(`a credit for ${name}`);
  }
  return missing;
}

/** Each photo a story uses, once, and whether it is the lead: its StoryMedia rows. */
export function photosUsed(fields: Pick<StoryPhotoFields, "leadMediaId" | "body">): Map<string, boolean> {
  const used = new Map<string, boolean>();
  if (fields.leadMediaId) used.set(fields.leadMediaId, true);
  for (const image of bodyImages(fields.body)) if (!used.has(image.attrs.mediaId)) used.set(image.attrs.mediaId, false);
  return used;
}

/** Keeps StoryMedia (which photos the story uses, and which is its lead) in step with a save. */
export async function syncStoryMedia(tx: Tx, storyId: string, fields: Pick<StoryPhotoFields, "leadMediaId" | "body">): Promise<void> {
  const used = photosUsed(fields);
  await tx.storyMedia.deleteMany({ where: { storyId, mediaId: { notIn: [...used.keys()] } } });
  for (const [mediaId, lead] of used) {
    await tx.storyMedia.upsert({ where: { storyId_mediaId: { storyId, mediaId } }, create: { storyId, mediaId, lead }, update: { lead } });
  }
}

/** A photo as readers see it in one place: the story's text over the library's, and the files to draw. */
export type PublicPhoto = {
  mediaId: string;
  alt: string;
  decorative: boolean;
  caption: string;
  credit: string;
  photographer: string;
  copyrightNotice: string;
  width: number;
  height: number;
  /** ThumbHash (base64), drawn while the photo loads; "" when none. */
  placeholder: string;
  renditions: PhotoRendition[];
};

type LoadedPhoto = LibraryPhoto & {
  width: number;
  height: number;
  photographer: string;
  copyrightNotice: string;
  placeholder: string;
  renditions: PhotoRendition[];
};

/** Photos with their renditions (of `shapes` only, when given), ready ones only: a photo still processing has no files to show. */
async function loadReadyPhotos(reader: Reader, ids: string[], shapes?: string[]): Promise<Map<string, LoadedPhoto>> {
  if (!ids.length) return new Map();
  const rows = await reader.media.findMany({
    where: { id: { in: [...new Set(ids)] }, status: "READY" },
    select: {
      ...LIBRARY_SELECT,
      renditions: { ...(shapes ? { where: { shape: { in: shapes } } } : {}), select: { shape: true, format: true, width: true, height: true, file: true } },
    },
  });
  return new Map(rows.map((row) => [row.id, row]));
}

/** The story's override over the library's text for one use of a photo. */
export function publicPhoto(photo: LoadedPhoto, use: Omit<PhotoUse, "role">): PublicPhoto {
  return {
    mediaId: photo.id,
    alt: use.decorative ? "" : use.alt.trim() || photo.altText,
    decorative: use.decorative,
    caption: use.caption.trim() || photo.caption,
    credit: use.credit.trim() || photo.creditLine,
    photographer: photo.photographer,
    copyrightNotice: photo.copyrightNotice,
    width: photo.width,
    height: photo.height,
    placeholder: photo.placeholder,
    renditions: photo.renditions,
  };
}

/**
 * The story's lead and inline photos for the public page: the lead, and each body photo by its place
 * in the body (the n-th image node is inline[n]; null where that photo cannot be shown yet).
 */
export async function loadPublicPhotos(reader: Reader, fields: StoryPhotoFields): Promise<{ lead: PublicPhoto | null; inline: (PublicPhoto | null)[] }> {
  const uses = photoUses(fields);
  const photos = await loadReadyPhotos(
    reader,
    uses.map((use) => use.mediaId),
  );
  const shown = (use: PhotoUse | undefined) => {
    const photo = use && photos.get(use.mediaId);
    return photo ? publicPhoto(photo, use) : null;
  };
  const lead = uses[0]?.role === "lead" ? shown(uses[0]) : null;
  return { lead, inline: uses.filter((use) => use.role === "inline").map(shown) };
}

/**
 * The images of a published version for its public history (lib/history/chain.ts): each photo's id,
 * and the alt text, caption and credit readers were shown, in page order.
 */
export async function versionImages(reader: Reader, fields: StoryPhotoFields) {
  const uses = photoUses(fields);
  const library = await libraryPhotos(
    reader,
    uses.map((use) => use.mediaId),
  );
  return uses.map((use) => {
    const photo = library.get(use.mediaId);
    return {
      id: use.mediaId,
      role: use.role,
      alt: use.decorative ? "" : use.alt.trim() || (photo?.altText ?? ""),
      caption: use.caption.trim() || (photo?.caption ?? ""),
      credit: use.credit.trim() || (photo?.creditLine ?? ""),
    };
  });
}

/** A story's lead photo fields, as listings and feeds read them. */
export type LeadFields = Omit<StoryPhotoFields, "body">;

/**
 * The lead photos of many stories at once (listings, search, feeds), in the stories' order: null for
 * a story without a ready lead. One query, of only the crops the caller shows.
 */
export async function leadPhotosOf(reader: Reader, stories: LeadFields[], shapes: string[]): Promise<(PublicPhoto | null)[]> {
  const photos = await loadReadyPhotos(
    reader,
    stories.flatMap((story) => (story.leadMediaId ? [story.leadMediaId] : [])),
    shapes,
  );
  return stories.map((story) => {
    const photo = story.leadMediaId ? photos.get(story.leadMediaId) : undefined;
    return photo
      ? publicPhoto(photo, { mediaId: photo.id, alt: story.leadAlt, caption: story.leadCaption, credit: story.leadCredit, decorative: story.leadDecorative })
      : null;
  });
}

export const LEAD_FIELDS_SELECT = { leadMediaId: true, leadAlt: true, leadCaption: true, leadCredit: true, leadDecorative: true } as const;
