import "server-only";
import { containsText } from "@/lib/text/contains";
import { db } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import { ForbiddenError } from "@/lib/errors";
import { withoutUnstorable } from "@/lib/text/storable";
import { jpegAtLeast } from "@/lib/media/picture";
import { mediaUrl } from "@/lib/media/urls";

// The story form's view of the media library: what the photo picker lists and what the form shows of
// the photos a story uses. Only what the form needs leaves here (no original's key or file name).

/** A library photo as the story form shows it; `preview` is a small JPEG (signed-in staff may fetch it before publication). */
export type PhotoChoice = {
  id: string;
  status: "PROCESSING" | "READY" | "FAILED";
  width: number;
  height: number;
  altText: string;
  caption: string;
  creditLine: string;
  preview: string | null;
};

const CHOICE_SELECT = {
  id: true,
  status: true,
  width: true,
  height: true,
  altText: true,
  caption: true,
  creditLine: true,
  renditions: { where: { shape: "full", format: "jpeg" }, select: { shape: true, format: true, width: true, height: true, file: true } },
} as const;

type ChoiceRow = {
  id: string;
  status: string;
  width: number;
  height: number;
  altText: string;
  caption: string;
  creditLine: string;
  renditions: { shape: string; format: string; width: number; height: number; file: string }[];
};

function toChoice(row: ChoiceRow): PhotoChoice {
  const preview = jpegAtLeast(row.renditions, "full", 600);
  return {
    id: row.id,
    status: row.status as PhotoChoice["status"],
    width: row.width,
    height: row.height,
    altText: row.altText,
    caption: row.caption,
    creditLine: row.creditLine,
    preview: preview ? mediaUrl(preview.file) : null,
  };
}

/** Whoever writes stories may put library photos in them. */
function assertMayUsePhotos(actor: Actor) {
  if (!can(actor, "media.upload")) throw new ForbiddenError("You cannot put photos in stories.");
}

/** Photos whose caption, credit, photographer, alt text or file name contain the words typed, newest first. */
export async function searchPhotosToUse(actor: Actor, query: string): Promise<PhotoChoice[]> {
  assertMayUsePhotos(actor);
  const words = withoutUnstorable(query).trim().slice(0, 200).split(/\s+/).filter(Boolean).slice(0, 8);
  const rows = await db().media.findMany({
    where: {
      status: { not: "FAILED" },
      AND: words.map((word) => ({
        OR: (["caption", "creditLine", "photographer", "altText", "originalName"] as const).map((field) => ({
          [field]: containsText(word),
        })),
      })),
    },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: 12,
    select: CHOICE_SELECT,
  });
  return rows.map(toChoice);
}

/** The photos with these ids, for the form of a story that uses them (and to follow one still processing). */
export async function photoChoices(actor: Actor, ids: string[]): Promise<PhotoChoice[]> {
  assertMayUsePhotos(actor);
  const unique = [...new Set(ids)].slice(0, 200);
  if (!unique.length) return [];
  const rows = await db().media.findMany({ where: { id: { in: unique } }, select: CHOICE_SELECT });
  return rows.map(toChoice);
}
