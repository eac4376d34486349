// An import started on the screen with the site's zipped uploads folder: the export and the zip are
// two uploads to one run, which starts only once both are stored; the job unpacks the zip and the
// story's lead photo comes from it through the media library's pipeline. A zip with hostile names
// writes nothing outside its folder; a file that is not a zip fails the run, having written nothing.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { attachUploadsArchive, getImportRun, importSettingsSchema, runImportJob, startImportRun } from "@/lib/import/runs";
import { stopQueue } from "@/lib/scheduling/queue";
import { stopScheduler } from "@/lib/scheduling/worker";
import { createUser } from "./support/factories";
import { buildZip, type ZipEntry } from "./support/zip";
import type { Actor } from "@/lib/auth/permissions";

const PHOTO = readFileSync(path.resolve("tests/fixtures/images/f6t.jpg"));
let admin: Actor;
let dataDir: string;
let importDir: string;

// Each case is a site of its own on a port where nothing listens: a photo not in the zip cannot be fetched, and fails at once.
const exportOf = (site: string) => readFileSync(path.resolve("tests/fixtures/wxr/small-site.xml"), "utf8").replace(/gazette\.example/g, site);
const upload = (bytes: Buffer | string) => new Response(typeof bytes === "string" ? bytes : new Uint8Array(bytes)).body;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "import-uploads-data-"));
  importDir = await mkdtemp(path.join(tmpdir(), "import-uploads-runs-"));
  process.env.NEWSROOM_DATA_DIR = dataDir;
  process.env.NEWSROOM_IMPORT_DIR = importDir;
  // Cache expiry after the run asks a server that is not there: a closed port answers at once.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  process.env.NEWSROOM_INTERNAL_ORIGIN = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  admin = (await createUser("ADMIN")).actor;
});

afterAll(async () => {
  await stopScheduler();
  await stopQueue();
  await rm(dataDir, { recursive: true, force: true });
  await rm(importDir, { recursive: true, force: true });
});

/** Starts a run of the site's export that waits for its zip, sends the zip, and runs the job as the worker would. */
async function importWithUploads(site: string, zip: Buffer | ZipEntry[]) {
  const settings = importSettingsSchema.parse({ fileName: "site.xml", uploadsFileName: "uploads.zip", pages: "on", authors: "mlopez=new" });
  const { runId } = await startImportRun(admin, settings, upload(exportOf(site)));
  expect((await getImportRun(admin, runId)).status).toBe("UPLOADING");
  await runImportJob(runId); // a job delivered early does nothing while the zip is missing
  expect((await getImportRun(admin, runId)).status).toBe("UPLOADING");
  await attachUploadsArchive(admin, runId, upload(Buffer.isBuffer(zip) ? zip : buildZip(zip)));
  expect((await getImportRun(admin, runId)).status).toBe("QUEUED");
  await runImportJob(runId);
  return getImportRun(admin, runId);
}

const leadOf = (site: string) =>
  db().story.findFirstOrThrow({
    where: { importedFrom: { some: { sourceSite: `http://${site}`, sourceId: "101" } } },
    select: { leadMediaId: true, leadAlt: true },
  });

describe("an import with the site's zipped uploads folder", () => {
  it("takes the story's lead photo from the zip into the media library, and lists no missing photo", async () => {
    const run = await importWithUploads("127.0.0.1:9", [
      { name: "wp-content/", data: "" },
      { name: "wp-content/uploads/2016/12/council-chamber.jpg", data: PHOTO },
      { name: "wp-content/uploads/2016/12/council-chamber-300x200.jpg", data: PHOTO },
      { name: "wp-content/themes/old/screenshot.png", data: "not the uploads" },
    ]);
    expect(run).toMatchObject({ status: "DONE", failure: "", uploadsFileName: "uploads.zip" });
    expect(run.report).toMatchObject({ created: 7, missingPhotoCount: 0, missingPhotos: [], photosFrom: { uploads: 1, fetched: 0 } });
    const story = await leadOf("127.0.0.1:9");
    expect(story.leadAlt).toBe("Council members at their desks");
    const media = await db().media.findUniqueOrThrow({ where: { id: story.leadMediaId! }, select: { originalName: true } });
    expect(media.originalName).toBe("council-chamber.jpg");
    expect(readdirSync(importDir)).toEqual([]); // the export, the zip and what was unpacked are removed when the run ends
  });

  it("writes nothing outside its folder from names that climb out, and fetches what the zip lacks", async () => {
    const run = await importWithUploads("127.0.0.1:11", [
      { name: "uploads/../../../council-chamber.jpg", data: PHOTO },
      { name: "uploads/2016/12/../../../../escaped.jpg", data: PHOTO },
      { name: "/tmp/escaped.jpg", data: PHOTO },
      { name: "uploads/2016/12/council-chamber.jpg", symlinkTo: "/etc/passwd" },
    ]);
    expect(run.status).toBe("DONE");
    expect(run.report).toMatchObject({ missingPhotoCount: 1, photosFrom: { uploads: 0, fetched: 0 } });
    expect(run.report!.missingPhotos[0]!.reason).toMatch(/127\.0\.0\.1:11 did not answer/);
    expect((await leadOf("127.0.0.1:11")).leadMediaId).toBeNull();
    expect(existsSync(path.join(path.dirname(importDir), "council-chamber.jpg"))).toBe(false);
    expect(existsSync(path.join(importDir, "..", "escaped.jpg"))).toBe(false);
    expect(readdirSync(importDir)).toEqual([]);
  });

  it("fails the run with a clear message when the uploads file is not a zip, having written nothing", async () => {
    const stories = await db().story.count();
    const run = await importWithUploads("127.0.0.1:13", Buffer.from("PK this was cut short"));
    expect(run.status).toBe("FAILED");
    expect(run.failure).toMatch(/^The uploads file is not a whole \.zip archive: .+; nothing was written\.$/);
    expect(await db().story.count()).toBe(stories);
    expect(readdirSync(importDir)).toEqual([]);
  });

  it("takes the zip only from the admin who started the run, and only once", async () => {
    const settings = importSettingsSchema.parse({ fileName: "site.xml", uploadsFileName: "uploads.zip" });
    const { runId } = await startImportRun(admin, settings, upload(exportOf("127.0.0.1:15")));
    const other = (await createUser("ADMIN")).actor;
    const editor = (await createUser("EDITOR")).actor;
    const zip = () => upload(buildZip([{ name: "2016/12/council-chamber.jpg", data: PHOTO }]));
    await expect(attachUploadsArchive(editor, runId, zip())).rejects.toThrow(/Only admins/);
    await expect(attachUploadsArchive(other, runId, zip())).rejects.toThrow(/no such import waiting/);
    await expect(attachUploadsArchive(admin, "not-a-run", zip())).rejects.toThrow(/no such import waiting/);
    await attachUploadsArchive(admin, runId, zip());
    await expect(attachUploadsArchive(admin, runId, zip())).rejects.toThrow(/has its uploads folder already/);
    await db().importRun.update({ where: { id: runId }, data: { status: "FAILED" } }); // not run here: its job is another case's
  });

  it("refuses an uploads file name that is not a .zip", () => {
    const parsed = importSettingsSchema.safeParse({ fileName: "site.xml", uploadsFileName: "uploads.tar.gz" });
    expect(parsed.error?.issues[0]).toMatchObject({ path: ["uploadsFileName"], message: expect.stringContaining(".zip") });
  });

  it("ends a run whose uploads folder never arrived, and removes its export", async () => {
    const { runId } = await startImportRun(admin, importSettingsSchema.parse({ fileName: "site.xml", uploadsFileName: "u.zip" }), upload(exportOf("x")));
    const { filePath } = await db().importRun.update({ where: { id: runId }, data: { createdAt: new Date(Date.now() - 25 * 3600_000) } });
    await startImportRun(admin, importSettingsSchema.parse({ fileName: "next.xml", uploadsFileName: "u.zip" }), upload(exportOf("y")));
    expect(await getImportRun(admin, runId)).toMatchObject({ status: "FAILED", failure: expect.stringContaining("never arrived") });
    expect(existsSync(filePath)).toBe(false);
  });
});
