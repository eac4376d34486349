import "server-only";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { MAX_UPLOAD_BYTES as MAX_PHOTO_BYTES } from "@/lib/media/formats";

// A site's zipped wp-content/uploads folder, unpacked for an import: only the photos the media library
// takes, each into a private folder, under names that cannot leave it. The zip is read from its central
// directory first (names and sizes, nothing written), so an archive that is not whole, or too big,
// is refused before one byte lands; an entry that turns out to differ from what the directory says
// removes everything unpacked. The folder that holds the year folders ("2016/12/x.jpg", the
// attachments' own paths) is found whether the zip starts at it, at uploads/ or at wp-content/uploads/.

export type UploadsArchiveLimits = {
  /** The most the photos unpacked may add up to, uncompressed. */
  maxTotalBytes: number;
  /** One photo's limit: the media library's own. */
  maxEntryBytes: number;
  /** The most entries the archive may list (photos, their resized copies and everything else). */
  maxEntries: number;
};

export const DEFAULT_UPLOADS_LIMITS: UploadsArchiveLimits = { maxTotalBytes: 20 * 1024 ** 3, maxEntryBytes: MAX_PHOTO_BYTES, maxEntries: 2_000_000 };

const PHOTO_EXTENSIONS = new Set(["jpg", "jpeg", "png", "webp", "avif", "gif"]);
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** The archive cannot be used: nothing of it was written. */
export class UploadsArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UploadsArchiveError";
  }
}

export type UploadsUnpacked = {
  /** The folder to import photos from (the uploads folder's own root). */
  mediaDir: string;
  /** Photos written. */
  extracted: number;
  /** Entries left out, by why ("not a photo": 12). */
  skipped: Record<string, number>;
};

/** Why an entry's name is refused, or null: names that could point outside the folder are never written. */
function unsafeName(name: string): string | null {
  if (name.includes("\0")) return "its name holds a NUL character";
  if (name.includes("\\")) return "its name holds a backslash";
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) return "its name is an absolute path";
  const segments = name.replace(/\/$/, "").split("/");
  if (segments.includes("..")) return "its name climbs out of the folder (..)";
  if (segments.some((segment) => segment === "" || segment === ".")) return "its name has an empty segment";
  return null;
}

/** The entry's name as the archive spells it, with backslashes kept (so that they can be refused, not turned into folders). */
const entryName = (entry: Entry): string => yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);

/** "wp-content/uploads/" or "uploads/" (or "" when the zip starts at the year folders): the prefix most photos share, up to their uploads segment. */
function uploadsRoot(names: string[]): string {
  const counts = new Map<string, number>();
  for (const name of names) {
    const segments = name.split("/");
    const at = segments.findIndex((segment, index) => index < segments.length - 1 && segment.toLowerCase() === "uploads");
    const root = at < 0 ? "" : `${segments.slice(0, at + 1).join("/")}/`;
    counts.set(root, (counts.get(root) ?? 0) + 1);
  }
  let best = "";
  let most = -1;
  for (const [root, count] of counts)
    if (count > most) {
      best = root;
      most = count;
    }
  return best;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Unpacks the photos of `zipPath` into `destination` (created, mode 0700; files 0600) and returns the
 * folder to read them from. Throws UploadsArchiveError, having written nothing, when the file is not a
 * whole zip or is over the limits.
 */
export async function unpackUploadsArchive(
  zipPath: string,
  destination: string,
  limits: UploadsArchiveLimits = DEFAULT_UPLOADS_LIMITS,
): Promise<UploadsUnpacked> {
  let zip: ZipFile;
  try {
    // Names are decoded here, not by yauzl, so that a bad name skips its entry instead of failing the archive.
    zip = await yauzl.openPromise(zipPath, { decodeStrings: false, validateEntrySizes: true, autoClose: false });
  } catch (error) {
    throw new UploadsArchiveError(`The uploads file is not a whole .zip archive: ${describe(error)}; nothing was written.`);
  }
  try {
    if (zip.entryCount > limits.maxEntries)
      throw new UploadsArchiveError(
        `The uploads file lists ${zip.entryCount.toLocaleString("en-US")} entries; the limit is ${limits.maxEntries.toLocaleString("en-US")}. Zip only wp-content/uploads; nothing was written.`,
      );
    const skipped: Record<string, number> = {};
    const skip = (reason: string) => void (skipped[reason] = (skipped[reason] ?? 0) + 1);
    const photos: { entry: Entry; name: string }[] = [];
    let total = 0;
    try {
      for await (const entry of zip.eachEntry()) {
        const name = entryName(entry);
        if (name.endsWith("/")) continue; // a folder: made as its files need it
        const refused = unsafeName(name);
        if (refused) {
          skip(refused);
          continue;
        }
        if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) {
          skip("a symbolic link");
          continue;
        }
        const extension = name.slice(name.lastIndexOf(".") + 1).toLowerCase();
        if (!name.includes(".") || !PHOTO_EXTENSIONS.has(extension)) {
          skip("not a photo the media library takes");
          continue;
        }
        if (entry.isEncrypted() || !entry.canDecodeFileData()) {
          skip("encrypted or compressed in a way that cannot be read");
          continue;
        }
        if (entry.uncompressedSize > limits.maxEntryBytes) {
          skip(`larger than ${Math.round(limits.maxEntryBytes / 1024 ** 2)} MB`);
          continue;
        }
        total += entry.uncompressedSize;
        if (total > limits.maxTotalBytes)
          throw new UploadsArchiveError(
            `The photos in the uploads file add up to more than ${Math.round(limits.maxTotalBytes / 1024 ** 3)} GB. Zip part of the folder (some years) and import again; nothing was written.`,
          );
        photos.push({ entry, name });
      }
    } catch (error) {
      if (error instanceof UploadsArchiveError) throw error;
      throw new UploadsArchiveError(`The uploads file is not a whole .zip archive: ${describe(error)}; nothing was written.`);
    }

    const root = uploadsRoot(photos.map((photo) => photo.name));
    await mkdir(destination, { recursive: true, mode: 0o700 });
    const made = new Set<string>();
    let extracted = 0;
    try {
      for (const { entry, name } of photos) {
        if (!name.startsWith(root)) {
          skip("outside the uploads folder");
          continue;
        }
        const target = path.join(destination, ...name.slice(root.length).split("/"));
        const folder = path.dirname(target);
        if (!made.has(folder)) {
          await mkdir(folder, { recursive: true, mode: 0o700 });
          made.add(folder);
        }
        // "wx": a second entry of the same name does not overwrite the first, and nothing already there is followed.
        try {
          await pipeline(await zip.openReadStreamPromise(entry), createWriteStream(target, { flags: "wx", mode: 0o600 }));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
          skip("a second entry of the same name");
          continue;
        }
        extracted++;
      }
    } catch (error) {
      await rm(destination, { recursive: true, force: true });
      // The server's own disk (full, not writable) is not the archive's fault.
      const code = (error as NodeJS.ErrnoException).code;
      if (code && /^E[A-Z]+$/.test(code))
        throw new UploadsArchiveError(`The uploads folder could not be unpacked on the server (${code}); nothing was written.`);
      throw new UploadsArchiveError(`The uploads file is not a whole .zip archive: ${describe(error)}; nothing was written.`);
    }
    return { mediaDir: destination, extracted, skipped };
  } finally {
    zip.close();
  }
}
