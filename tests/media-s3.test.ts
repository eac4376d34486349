// The media store's S3 path: the AWS SDK's S3 client against a real S3-protocol server (s3rver)
// started here, through the same upload and processing as on disk.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createServer, type AddressInfo } from "node:net";
import S3rver from "s3rver";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ingestMedia } from "@/lib/media/ingest";
import { processMedia } from "@/lib/media/renditions";
import { mediaStore } from "@/lib/media/storage";
import { stopQueue } from "@/lib/scheduling/queue";
import { createUser } from "./support/factories";
import { fixturePhoto, metadataLeftIn } from "./support/media";

let s3: S3rver;
let s3Dir: string;
let diskDir: string;

beforeAll(async () => {
  s3Dir = await mkdtemp(path.join(tmpdir(), "newsroom-s3-"));
  diskDir = await mkdtemp(path.join(tmpdir(), "newsroom-disk-"));
  s3 = new S3rver({ port: 0, address: "127.0.0.1", directory: s3Dir, silent: true, configureBuckets: [{ name: "newsroom-media", configs: [] }] });
  const { port } = (await s3.run()) as AddressInfo;
  Object.assign(process.env, {
    NEWSROOM_DATA_DIR: diskDir,
    MEDIA_S3_BUCKET: "newsroom-media",
    MEDIA_S3_ENDPOINT: `http://127.0.0.1:${port}`,
    MEDIA_S3_REGION: "us-east-1",
    MEDIA_S3_ACCESS_KEY_ID: "S3RVER",
    MEDIA_S3_SECRET_ACCESS_KEY: "S3RVER",
    MEDIA_S3_PATH_STYLE: "on",
  });
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  process.env.NEWSROOM_INTERNAL_ORIGIN = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((resolve) => closed.close(resolve));
});

afterAll(async () => {
  await stopQueue();
  await s3?.close();
  await rm(s3Dir, { recursive: true, force: true });
  await rm(diskDir, { recursive: true, force: true });
});

it("keeps originals and renditions in the S3 bucket, stripped of metadata, and nothing on disk", async () => {
  const { actor } = await createUser("REPORTER");
  const result = await ingestMedia(actor, { bytes: fixturePhoto("png_with_exif_and_gps.png"), fileName: "gps.png" });
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  expect(await processMedia(result.media.id)).toMatchObject({ status: "READY" });
  const media = await db().media.findUniqueOrThrow({ where: { id: result.media.id }, include: { renditions: true } });
  const store = mediaStore();
  expect((await store.get(media.originalKey))?.equals(fixturePhoto("png_with_exif_and_gps.png"))).toBe(true);
  for (const r of media.renditions) {
    const bytes = await store.get(r.file);
    expect(bytes?.length, r.file).toBe(r.byteSize);
    expect(await metadataLeftIn(bytes!)).toEqual([]);
  }
  expect(await store.get("0123456789abcdef0123.jpg")).toBeNull();
  // The bucket holds them (s3rver keeps objects as files under its folder); the data folder does not.
  expect((await readdir(path.join(s3Dir, "newsroom-media"), { recursive: true })).length).toBeGreaterThan(media.renditions.length);
  expect(await readdir(diskDir)).toEqual([]);
  await store.delete(media.renditions[0].file);
  expect(await store.get(media.renditions[0].file)).toBeNull();
});
