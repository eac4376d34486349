// A site's zipped uploads folder unpacked for an import, from real archives: the photos land under
// their attachment paths whichever folder the zip starts at; hostile names, links and files that
// are not photos are left out; an archive that is not whole, or over its limits, writes nothing.
import { existsSync, lstatSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_UPLOADS_LIMITS, UploadsArchiveError, unpackUploadsArchive } from "@/lib/import/uploads-archive";
import { buildZip, type ZipEntry } from "./support/zip";

const PHOTO = readFileSync(path.resolve("tests/fixtures/images/f6t.jpg"));
let work: string;
let count = 0;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "uploads-archive-"));
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** Writes the zip and unpacks it into a fresh folder; returns the result and that folder. */
async function unpack(entries: ZipEntry[] | Buffer, limits = DEFAULT_UPLOADS_LIMITS) {
  count++;
  const zipPath = path.join(work, `${count}.zip`);
  writeFileSync(zipPath, Buffer.isBuffer(entries) ? entries : buildZip(entries));
  const destination = path.join(work, `${count}-out`);
  return { destination, result: unpackUploadsArchive(zipPath, destination, limits) };
}

/** Every file under the folder, as relative paths with forward slashes. */
function filesIn(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

describe("a zipped uploads folder", () => {
  it.each([
    ["wp-content/uploads/", "the wp-content folder"],
    ["uploads/", "the uploads folder"],
    ["", "the year folders"],
    ["backup-2024/wp-content/uploads/", "a folder around wp-content"],
  ])("unpacks its photos under their attachment paths when the zip starts at %s (%s)", async (prefix) => {
    const { destination, result } = await unpack([
      { name: `${prefix}2016/`, data: "" },
      { name: `${prefix}2016/12/council-chamber.jpg`, data: PHOTO },
      { name: `${prefix}2016/12/council-chamber-300x200.JPG`, data: PHOTO, store: true },
      { name: `${prefix}2017/03/market.png`, data: "png bytes" },
    ]);
    const unpacked = await result;
    expect(unpacked).toMatchObject({ mediaDir: destination, extracted: 3, skipped: {} });
    expect(filesIn(destination)).toEqual(["2016/12/council-chamber-300x200.JPG", "2016/12/council-chamber.jpg", "2017/03/market.png"]);
    expect(readFileSync(path.join(destination, "2016/12/council-chamber.jpg")).equals(PHOTO)).toBe(true);
  });

  it("keeps what it writes private to the server's user", async () => {
    const { destination, result } = await unpack([{ name: "2016/12/x.jpg", data: PHOTO }]);
    await result;
    expect(statSync(destination).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(destination, "2016")).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(destination, "2016/12/x.jpg")).mode & 0o777).toBe(0o600);
  });

  it("leaves out names that climb out, absolute paths, backslashes, NUL, symbolic links and files that are not photos", async () => {
    const { destination, result } = await unpack([
      { name: "uploads/2016/12/good.jpg", data: PHOTO },
      { name: "uploads/../../escaped.jpg", data: PHOTO },
      { name: "../escaped.jpg", data: PHOTO },
      { name: "/etc/escaped.jpg", data: PHOTO },
      { name: "C:/escaped.jpg", data: PHOTO },
      { name: "uploads\\..\\..\\escaped.jpg", data: PHOTO },
      { name: "uploads/2016/nul\0.jpg", data: PHOTO },
      { name: "uploads/2016/12/link.jpg", symlinkTo: "/etc/passwd" },
      { name: "uploads/2016/12/shell.php", data: "<?php system($_GET['c']);" },
      { name: "uploads/2016/12/drawing.svg", data: "<svg onload=alert(1)>" },
      { name: "uploads/.htaccess", data: "Deny from all" },
    ]);
    const unpacked = await result;
    expect(unpacked.extracted).toBe(1);
    expect(unpacked.skipped).toEqual({
      "its name climbs out of the folder (..)": 2,
      "its name is an absolute path": 2,
      "its name holds a backslash": 1,
      "its name holds a NUL character": 1,
      "a symbolic link": 1,
      "not a photo the media library takes": 3,
    });
    expect(filesIn(destination)).toEqual(["2016/12/good.jpg"]);
    expect(existsSync(path.join(work, "escaped.jpg"))).toBe(false);
    expect(lstatSync(path.join(destination, "2016/12")).isSymbolicLink()).toBe(false);
  });

  it("leaves out a photo over the media library's limit, and a second entry of the same name", async () => {
    const { destination, result } = await unpack(
      [
        { name: "2016/12/big.jpg", data: Buffer.alloc(1024 ** 2 + 1) },
        { name: "2016/12/x.jpg", data: PHOTO },
        { name: "2016/12/x.jpg", data: "other bytes" },
      ],
      { ...DEFAULT_UPLOADS_LIMITS, maxEntryBytes: 1024 ** 2 },
    );
    const unpacked = await result;
    expect(unpacked.skipped).toEqual({ "larger than 1 MB": 1, "a second entry of the same name": 1 });
    expect(readFileSync(path.join(destination, "2016/12/x.jpg")).equals(PHOTO)).toBe(true);
  });

  it("refuses an archive over its total or entry-count limit, having written nothing", async () => {
    const entries = [
      { name: "2016/12/a.jpg", data: PHOTO },
      { name: "2016/12/b.jpg", data: PHOTO },
    ];
    const total = await unpack(entries, { ...DEFAULT_UPLOADS_LIMITS, maxTotalBytes: PHOTO.length + 1 });
    await expect(total.result).rejects.toThrow(/add up to more than 0 GB.*nothing was written/);
    expect(existsSync(total.destination)).toBe(false);
    const many = await unpack(entries, { ...DEFAULT_UPLOADS_LIMITS, maxEntries: 1 });
    await expect(many.result).rejects.toThrow("The uploads file lists 2 entries; the limit is 1.");
    expect(existsSync(many.destination)).toBe(false);
  });

  it("refuses a file that is not a zip, or one cut short, having written nothing", async () => {
    const notZip = await unpack(Buffer.from("<?xml version='1.0'?><rss></rss>"));
    await expect(notZip.result).rejects.toBeInstanceOf(UploadsArchiveError);
    await expect(notZip.result).rejects.toThrow(/^The uploads file is not a whole \.zip archive: .+; nothing was written\.$/);
    expect(existsSync(notZip.destination)).toBe(false);

    const whole = buildZip([
      { name: "2016/12/a.jpg", data: PHOTO },
      { name: "2016/12/b.jpg", data: PHOTO },
    ]);
    const cut = await unpack(whole.subarray(0, Math.floor(whole.length * 0.6)));
    await expect(cut.result).rejects.toThrow(/not a whole \.zip archive.*nothing was written/);
    expect(existsSync(cut.destination)).toBe(false);
  });

  it("removes what it had unpacked when an entry is not what the directory says", async () => {
    // The first photo is whole; the second claims more bytes than it holds.
    const { destination, result } = await unpack([
      { name: "2016/12/a.jpg", data: PHOTO },
      { name: "2016/12/b.jpg", data: PHOTO, declaredSize: PHOTO.length + 10 },
    ]);
    await expect(result).rejects.toThrow(/not a whole \.zip archive.*nothing was written/);
    expect(existsSync(destination)).toBe(false);
  });
});
