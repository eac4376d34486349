// The media library's rules against the real database: who may fetch a rendition (the one visibility
// rule), metadata edits (version-checked, audited, expiring the public stories that show the photo),
// the focal point's new crops, delete refused while a story uses the photo, and the library's list.
import { createServer, type AddressInfo } from "node:net";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createStory, unpublishStory } from "@/lib/stories/mutations";
import { mediaResponse, originalResponse } from "@/lib/media/serve";
import { deleteMedia, updateMediaMetadata } from "@/lib/media/mutations";
import { processMedia } from "@/lib/media/renditions";
import { listMediaForDesk } from "@/lib/media/queries";
import { mediaFiltersSchema, mediaMetadataSchema } from "@/lib/media/schemas";
import { mediaStore } from "@/lib/media/storage";
import { stopQueue } from "@/lib/scheduling/queue";
import { cacheTags } from "@/lib/cache/tags";
import { ConflictError, ForbiddenError, InvalidError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/permissions";
import { createSection, createUser, storyValues } from "./support/factories";
import { createProcessedPhoto, fixturePhoto, putPhotoInStory } from "./support/media";
import { handleUpload } from "@/lib/media/upload";

let reporter: Actor;
let otherReporter: Actor;
let editor: Actor;
let sectionId: string;
const anonymous = async () => null;
const unique = () => Math.random().toString(36).slice(2, 10);

beforeAll(async () => {
  [reporter, otherReporter, editor] = (await Promise.all([createUser("REPORTER"), createUser("REPORTER"), createUser("EDITOR")])).map((u) => u.actor);
  sectionId = (await createSection()).id;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  process.env.NEWSROOM_INTERNAL_ORIGIN = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((resolve) => closed.close(resolve));
});
afterAll(() => stopQueue());

const details = (photo: { id: string; version: number }, overrides: Record<string, unknown> = {}) =>
  mediaMetadataSchema.parse({
    mediaId: photo.id,
    baseVersion: photo.version,
    caption: "Jim Moore hand-sets onions.",
    altText: "A farmer kneels in a furrow beside a tractor.",
    photographer: "John Doe",
    photographerTitle: "Staff Photographer",
    creditLine: "Big Newspaper",
    source: "",
    copyrightNotice: "",
    takenAt: "2007-04-19T11:03",
    focalX: 50,
    focalY: 50,
    ...overrides,
  });

describe("who may fetch a rendition", () => {
  it("serves a draft's photo only to the newsroom, then to everyone, immutable, once the story is published, and no longer once it is unpublished", async () => {
    const photo = await createProcessedPhoto(reporter);
    const file = photo.renditions[0].file;
    const story = await createStory(editor, { intent: "save", values: storyValues({ sectionId, slug: `photo-${unique()}` }) });
    await putPhotoInStory(story.storyId, photo.id);

    const unused = await mediaResponse(file, "GET", anonymous);
    expect(unused.status).toBe(404);
    const signedIn = await mediaResponse(file, "GET", async () => reporter);
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get("cache-control")).toBe("private, no-store");
    expect(signedIn.headers.get("x-content-type-options")).toBe("nosniff");
    const bytes = Buffer.from(await signedIn.arrayBuffer());
    const format = (await sharp(bytes).metadata()).format;
    expect(signedIn.headers.get("content-type")).toBe({ heif: "image/avif", webp: "image/webp", jpeg: "image/jpeg" }[format as string]);

    // The same 404 as for a file that does not exist: a reader cannot tell a draft's photo from nothing.
    const missing = await mediaResponse(`${"0".repeat(64)}.jpg`, "GET", anonymous);
    expect([missing.status, await missing.text(), missing.headers.get("cache-control")]).toEqual([
      unused.status,
      await unused.text(),
      unused.headers.get("cache-control"),
    ]);
    expect((await mediaResponse("../../etc/passwd", "GET", async () => editor)).status).toBe(404);

    const published = await db().story.update({
      where: { id: story.storyId },
      data: { status: "PUBLISHED", firstPublishedAt: new Date() },
      select: { version: true },
    });
    const open = await mediaResponse(file, "GET", anonymous);
    expect(open.status).toBe(200);
    expect(open.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const head = await mediaResponse(file, "HEAD", anonymous);
    expect([head.status, head.headers.get("content-length"), await head.text()]).toEqual([200, String(bytes.length), ""]);

    await unpublishStory(editor, story.storyId, published.version);
    expect((await mediaResponse(file, "GET", anonymous)).status).toBe(404);
  });

  it("never serves the original to readers, and to the newsroom only as a download", async () => {
    const photo = await createProcessedPhoto(reporter, "png_with_exif_and_gps.png");
    expect((await originalResponse(photo.id, null)).status).toBe(404);
    const download = await originalResponse(photo.id, reporter);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="png_with_exif_and_gps.png"/);
    expect(download.headers.get("cache-control")).toBe("private, no-store");
    // The original's key is no rendition's file name, so /media/<anything> cannot reach it.
    const media = await db().media.findUniqueOrThrow({ where: { id: photo.id }, select: { originalKey: true } });
    expect((await mediaResponse(media.originalKey, "GET", async () => editor)).status).toBe(404);
  });
});

describe("editing a photo's details", () => {
  it("lets the uploader and editors edit, version-checked and audited, and expires the public stories that show it", async () => {
    const photo = await createProcessedPhoto(reporter);
    const story = await createStory(editor, { intent: "publish", values: storyValues({ sectionId, slug: `shown-${unique()}` }) });
    await putPhotoInStory(story.storyId, photo.id);

    await expect(updateMediaMetadata(otherReporter, details(photo))).rejects.toBeInstanceOf(ForbiddenError);
    const saved = await updateMediaMetadata(reporter, details(photo));
    expect(saved.version).toBe(photo.version + 1);
    expect(saved.tags).toEqual(expect.arrayContaining([cacheTags.story(story.slug), cacheTags.frontPage, cacheTags.feeds]));
    expect(await db().media.findUniqueOrThrow({ where: { id: photo.id } })).toMatchObject({
      caption: "Jim Moore hand-sets onions.",
      creditLine: "Big Newspaper",
      takenAt: new Date("2007-04-19T15:03:00Z"), // 11:03 in New York
    });
    // A second person saving from the same starting version is refused, not silently overwriting.
    await expect(updateMediaMetadata(editor, details(photo, { caption: "Another caption." }))).rejects.toBeInstanceOf(ConflictError);
    expect((await updateMediaMetadata(editor, details({ id: photo.id, version: saved.version }, { caption: "Edited by an editor." }))).version).toBe(
      saved.version + 1,
    );
    const audit = await db().auditEvent.findMany({ where: { entityId: photo.id, action: "media.update" }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.actorId)).toEqual([reporter.id, editor.id]);

    await expect(updateMediaMetadata(reporter, details({ id: photo.id, version: saved.version + 1 }, { takenAt: "2026-02-30T10:00" }))).rejects.toBeInstanceOf(
      InvalidError,
    );
  });

  it("makes new crops around a moved focal point and removes the old files", async () => {
    const photo = await createProcessedPhoto(reporter, "iptc-staff-photographer-example.jpg");
    const before = await db().mediaRendition.findMany({ where: { mediaId: photo.id, shape: "1x1" } });
    const saved = await updateMediaMetadata(reporter, details(photo, { focalX: 0, focalY: 0 }));
    expect(saved.refocused).toBe(true);
    await processMedia(photo.id);
    const after = await db().mediaRendition.findMany({ where: { mediaId: photo.id, shape: "1x1" } });
    expect(after.map((r) => r.file).sort()).not.toEqual(before.map((r) => r.file).sort());
    for (const old of before) if (!after.some((r) => r.file === old.file)) expect(await mediaStore().get(old.file)).toBeNull();
    // Focal point at the top-left corner: the square crop is the photo's left edge (a landscape photo).
    const media = await db().media.findUniqueOrThrow({ where: { id: photo.id } });
    expect([media.focalX, media.focalY]).toEqual([0, 0]);
    const full = await db().mediaRendition.findMany({ where: { mediaId: photo.id, shape: "full" } });
    expect(full.length).toBeGreaterThan(0);
  });
});

describe("deleting a photo", () => {
  it("is refused while a story uses it, naming the story, and removes an unused photo's files", async () => {
    const photo = await createProcessedPhoto(reporter);
    const story = await createStory(reporter, {
      intent: "save",
      values: storyValues({ sectionId, headline: "Flood closes the bridge", slug: `uses-${unique()}` }),
    });
    await putPhotoInStory(story.storyId, photo.id);
    await expect(deleteMedia(reporter, photo.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(deleteMedia(editor, photo.id)).rejects.toThrow(/used by a story and cannot be deleted: “Flood closes the bridge”/);

    const unused = await createProcessedPhoto(reporter);
    const files = await db().mediaRendition.findMany({ where: { mediaId: unused.id }, select: { file: true } });
    const { originalKey } = await db().media.findUniqueOrThrow({ where: { id: unused.id }, select: { originalKey: true } });
    await deleteMedia(editor, unused.id);
    expect(await db().media.findUnique({ where: { id: unused.id } })).toBeNull();
    for (const key of [originalKey, ...files.map((f) => f.file)]) expect(await mediaStore().get(key)).toBeNull();
    expect(await db().auditEvent.count({ where: { entityId: unused.id, action: "media.delete", actorId: editor.id } })).toBe(1);
  });
});

describe("the library list", () => {
  it("searches caption, credit, photographer and alt text, and filters by status, uploader and use", async () => {
    const word = `zq${unique()}`;
    const a = await createProcessedPhoto(reporter);
    await updateMediaMetadata(reporter, details(a, { caption: `Caption ${word}`, creditLine: "Plain" }));
    const b = await createProcessedPhoto(otherReporter);
    await updateMediaMetadata(otherReporter, details(b, { caption: "Other", altText: `Alt ${word.toUpperCase()}` }));
    const story = await createStory(reporter, { intent: "save", values: storyValues({ sectionId, slug: `list-${unique()}` }) });
    await putPhotoInStory(story.storyId, b.id);

    const ids = async (filters: Record<string, unknown>) => (await listMediaForDesk(editor, mediaFiltersSchema.parse(filters))).rows.map((r) => r.id).sort();
    expect(await ids({ q: word })).toEqual([a.id, b.id].sort());
    expect(await ids({ q: word, uploader: otherReporter.id })).toEqual([b.id]);
    expect(await ids({ q: word, use: "used" })).toEqual([b.id]);
    expect(await ids({ q: word, use: "unused" })).toEqual([a.id]);
    expect(await ids({ q: word, status: "FAILED" })).toEqual([]);
    // What is typed is searched for as it is: a backslash, % or _ is no pattern character.
    const c = await createProcessedPhoto(reporter);
    await updateMediaMetadata(reporter, details(c, { caption: `C:\\photos\\${word}_100%` }));
    expect(await ids({ q: `\\${word}_100%` })).toEqual([c.id]);
    expect(await ids({ q: `${word}_1` })).toEqual([c.id]);
    expect(await ids({ q: `${word}%` })).toEqual([]);
    expect(await ids({ q: "%", uploader: otherReporter.id })).toEqual([]);
    // Malformed filters from the address are ignored, never an error.
    expect(await ids({ q: word, status: "nonsense", uploader: "x", use: 7, page: "-4" })).toEqual([a.id, b.id, c.id].sort());
  });
});

describe("the upload endpoint", () => {
  const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
    new Request("http://newsroom.test/desk/media/upload", {
      method: "POST",
      body,
      headers: { host: "newsroom.test", ...headers },
      duplex: "half",
    } as RequestInit);

  it("answers 413 with the limit for a body over 40 MB, declared or not, and keeps nothing", async () => {
    const before = await db().media.count();
    const declared = await handleUpload(post("x", { "content-length": String(41 * 1024 * 1024) }), reporter);
    expect([declared.status, (await declared.json()).message]).toEqual([413, expect.stringContaining("larger than 40 MB")]);
    // A body that says nothing of its length is cut off as soon as it passes the limit.
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ > 45) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const streamed = await handleUpload(post(stream), reporter);
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThan(45);
    expect(await db().media.count()).toBe(before);
  });

  it("refuses the signed-out, other sites' pages, and a file that is not a photo, each with its message", async () => {
    expect((await handleUpload(post("x"), null)).status).toBe(401);
    expect((await handleUpload(post("x", { origin: "https://evil.example" }), reporter)).status).toBe(403);
    const refused = await handleUpload(post("not a photo", { "x-file-name": encodeURIComponent("notes.jpg") }), reporter);
    expect([refused.status, (await refused.json()).message]).toEqual([422, expect.stringContaining("not an image we can read")]);
    const accepted = await handleUpload(
      post(new Uint8Array(fixturePhoto("f6t.jpg")), { "x-file-name": encodeURIComponent("Façade.jpg"), origin: "http://newsroom.test" }),
      reporter,
    );
    expect(accepted.status).toBe(201);
    expect((await accepted.json()).media).toMatchObject({ status: "PROCESSING", originalName: "Façade.jpg", width: 48, height: 80 });
  });
});
