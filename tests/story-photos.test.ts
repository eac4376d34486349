// Photos in stories, against a real database: the lead and the body's photos are saved with the
// story (StoryMedia kept in step), publishing checks them, revisions and the public history keep
// them, and every public place draws them: the story page's figure and picture, share cards,
// JSON-LD, listings and feeds.
import type { ReactNode } from "react";
import { prerender } from "react-dom/static";
import { parse, type DefaultTreeAdapterMap } from "parse5";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("next/cache", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/cache")>()),
  updateTag: () => {},
  revalidateTag: () => {},
  unstable_cache: <T>(fn: T) => fn,
}));

const { db } = await import("@/lib/db");
const { createStory, updateStory } = await import("@/lib/stories/mutations");
const { restoreRevision } = await import("@/lib/revisions/restore");
const { findPublishedVersions } = await import("@/lib/history/queries");
const { canonicalContent, verifyChain } = await import("@/lib/history/chain");
const { findPublishedStory } = await import("@/lib/stories/public");
const { findSectionListing } = await import("@/lib/stories/listings");
const { frontPageSlots } = await import("@/lib/front-page/queries");
const { storyJsonLd } = await import("@/lib/stories/structured-data");
const { buildFeed } = await import("@/lib/feeds/feeds");
const { textToBody } = await import("@/lib/body/story-body");
const { InvalidError } = await import("@/lib/errors");
const StoryPage = (await import("@/app/(site)/stories/[slug]/page")).default;
const { generateMetadata } = await import("@/app/(site)/stories/[slug]/page");
const FrontPage = (await import("@/app/(site)/front/[edition]/page")).default;
const { createReadyPhoto, createSection, createUser, storyValues } = await import("./support/factories");
const { createProcessedPhoto } = await import("./support/media");
const { mediaResponse } = await import("@/lib/media/serve");
const { stopQueue } = await import("@/lib/scheduling/queue");
const { searchPhotosToUse } = await import("@/lib/media/picker");
import type { BodyDoc } from "@/lib/body/story-body";
import type { StoryInput } from "@/lib/stories/schemas";

// The upload queues its renditions job: the queue's connections close before the database is dropped.
afterAll(() => stopQueue());

type Element = DefaultTreeAdapterMap["element"];
type Node = DefaultTreeAdapterMap["node"];

let editor: Awaited<ReturnType<typeof createUser>>;
let reporter: Awaited<ReturnType<typeof createUser>>;
let sectionId: string;
let sectionSlug: string;

beforeAll(async () => {
  [editor, reporter] = await Promise.all([createUser("EDITOR"), createUser("REPORTER")]);
  const section = await createSection();
  sectionId = section.id;
  sectionSlug = section.slug;
});

const withImage = (body: BodyDoc, attrs: { mediaId: string; alt?: string; caption?: string; credit?: string; decorative?: boolean }): BodyDoc => ({
  ...body,
  content: [...body.content, { type: "image", attrs }],
});

function photoStory(lead: string, inline: string, overrides: Partial<StoryInput> = {}) {
  return storyValues({
    sectionId,
    leadMediaId: lead,
    leadCaption: "Ferries wait out the storm.",
    body: withImage(textToBody("The harbour closed at noon.\n\nIt reopens tomorrow."), {
      mediaId: inline,
      caption: "The breakwater at 3 p.m.",
      credit: "Sam Okafor",
    }),
    ...overrides,
  });
}

async function html(node: ReactNode): Promise<string> {
  const { prelude } = await prerender(node as React.ReactElement);
  return new Response(prelude).text();
}

function elements(root: Node, tag: string): Element[] {
  const found: Element[] = [];
  const visit = (node: Node) => {
    if ("tagName" in node && node.tagName === tag) found.push(node);
    if ("childNodes" in node) for (const child of node.childNodes) visit(child as Node);
    if (node.nodeName === "template") for (const child of (node as unknown as { content: { childNodes: Node[] } }).content.childNodes) visit(child);
  };
  visit(root);
  return found;
}
const attr = (element: Element, name: string) => element.attrs.find((a) => a.name === name)?.value;
const textOf = (node: Node): string =>
  node.nodeName === "#text"
    ? (node as DefaultTreeAdapterMap["textNode"]).value
    : "childNodes" in node
      ? node.childNodes.map((c) => textOf(c as Node)).join("")
      : "";

describe("saving a story with photos", () => {
  it("keeps StoryMedia in step with the lead and the body's photos", async () => {
    const [lead, inline, other] = await Promise.all([createReadyPhoto(), createReadyPhoto(), createReadyPhoto()]);
    const draft = await createStory(reporter.actor, { intent: "save", values: photoStory(lead.id, inline.id) });
    const rows = await db().storyMedia.findMany({ where: { storyId: draft.storyId }, orderBy: { lead: "desc" } });
    expect(rows.map((r) => ({ mediaId: r.mediaId, lead: r.lead }))).toEqual([
      { mediaId: lead.id, lead: true },
      { mediaId: inline.id, lead: false },
    ]);
    const story = await db().story.findUniqueOrThrow({ where: { id: draft.storyId } });
    expect(story).toMatchObject({ leadMediaId: lead.id, leadCaption: "Ferries wait out the storm.", leadAlt: "", leadDecorative: false });

    // Replacing the inline photo and removing the lead.
    await updateStory(reporter.actor, {
      storyId: draft.storyId,
      baseVersion: draft.version,
      intent: "save",
      values: photoStory(lead.id, other.id, { leadMediaId: "" }),
    });
    const after = await db().storyMedia.findMany({ where: { storyId: draft.storyId } });
    expect(after.map((r) => ({ mediaId: r.mediaId, lead: r.lead }))).toEqual([{ mediaId: other.id, lead: false }]);
  });

  it("refuses a photo the library does not have, with a message on the field", async () => {
    const photo = await createReadyPhoto();
    const missing = "7d3c1a52-8f2e-4b7a-9c1d-2e3f4a5b6c7d";
    const refused = createStory(reporter.actor, { intent: "save", values: photoStory(missing, photo.id) });
    await expect(refused).rejects.toBeInstanceOf(InvalidError);
    await expect(refused).rejects.toMatchObject({ fieldErrors: { leadMediaId: [expect.stringContaining("no longer in the media library")] } });
    await expect(createStory(reporter.actor, { intent: "save", values: photoStory(photo.id, missing) })).rejects.toMatchObject({
      fieldErrors: { body: [expect.stringContaining("no longer in the media library")] },
    });
  });
});

describe("publishing checks the photos", () => {
  it("is refused with the list of what each photo lacks", async () => {
    const bare = await createReadyPhoto({ altText: "", creditLine: "" });
    const processing = await createReadyPhoto({ status: "PROCESSING" });
    const values = storyValues({
      sectionId,
      leadMediaId: bare.id,
      body: withImage(withImage(textToBody("Text."), { mediaId: bare.id, alt: "Given here" }), { mediaId: processing.id }),
    });
    await expect(createStory(editor.actor, { intent: "publish", values })).rejects.toThrow(
      "This story cannot be published yet. It needs alt text for the lead photo (or mark it decorative), a credit for the lead photo, " +
        "a credit for photo 1 in the body, photo 2 in the body to finish processing.",
    );
    expect(await db().story.count({ where: { headline: values.headline } })).toBe(0);
  });

  it("accepts a decorative photo without alt text, and a credit given by the story", async () => {
    const bare = await createReadyPhoto({ altText: "", creditLine: "" });
    const values = storyValues({ sectionId, leadMediaId: bare.id, leadDecorative: true, leadCredit: "Newsroom staff" });
    const published = await createStory(editor.actor, { intent: "publish", values });
    expect(published.status).toBe("PUBLISHED");
    const story = await findPublishedStory(published.slug);
    expect(story?.lead).toMatchObject({ alt: "", decorative: true, credit: "Newsroom staff" });
  });
});

describe("revisions and the public history", () => {
  it("keep the photos: a restore brings the old lead back, and each version's canonical content names its images", async () => {
    const [first, second, inline] = await Promise.all([createReadyPhoto(), createReadyPhoto({ creditLine: "Big Newspaper" }), createReadyPhoto()]);
    const values = photoStory(first.id, inline.id);
    const published = await createStory(editor.actor, { intent: "publish", values });
    const replaced = await updateStory(editor.actor, {
      storyId: published.storyId,
      baseVersion: published.version,
      intent: "save",
      values: { ...values, leadMediaId: second.id, leadCaption: "A new caption." },
    });
    const revisions = await db().revision.findMany({ where: { storyId: published.storyId }, orderBy: { version: "asc" } });
    expect(revisions[0].snapshot).toMatchObject({ leadMediaId: first.id, leadCaption: "Ferries wait out the storm." });
    expect(revisions[1].snapshot).toMatchObject({ leadMediaId: second.id, leadCaption: "A new caption." });
    const audit = await db().auditEvent.findMany({ where: { entityId: published.storyId }, select: { action: true, data: true } });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["story.publish", "story.save", "story.photos.change"]));
    // The desk's audit log says what the photos were and became.
    expect(audit.find((a) => a.action === "story.photos.change")?.data).toMatchObject({
      version: replaced.version,
      before: [
        { mediaId: first.id, role: "lead", caption: "Ferries wait out the storm." },
        { mediaId: inline.id, role: "inline" },
      ],
      after: [
        { mediaId: second.id, role: "lead", caption: "A new caption." },
        { mediaId: inline.id, role: "inline" },
      ],
    });

    const history = await findPublishedVersions(published.slug);
    expect(history?.versions).toHaveLength(2);
    const [v1, v2] = history!.versions.map((v) => JSON.parse(v.content!));
    expect(v1.images).toEqual([
      { id: first.id, role: "lead", alt: "Boats moored in the harbour at dawn", caption: "Ferries wait out the storm.", credit: "Newsroom demo" },
      { id: inline.id, role: "inline", alt: "Boats moored in the harbour at dawn", caption: "The breakwater at 3 p.m.", credit: "Sam Okafor" },
    ]);
    expect(v2.images[0]).toEqual({
      id: second.id,
      role: "lead",
      alt: "Boats moored in the harbour at dawn",
      caption: "A new caption.",
      credit: "Big Newspaper",
    });
    expect(verifyChain(history!.versions.map((v) => ({ ...v, takenDown: false })))).toEqual({ ok: true });

    const restored = await restoreRevision(editor.actor, { storyId: published.storyId, revisionId: revisions[0].id, baseVersion: replaced.version });
    const story = await db().story.findUniqueOrThrow({ where: { id: published.storyId } });
    expect(story).toMatchObject({ leadMediaId: first.id, leadCaption: "Ferries wait out the storm.", version: restored.version });
    const usage = await db().storyMedia.findMany({ where: { storyId: published.storyId, lead: true } });
    expect(usage.map((u) => u.mediaId)).toEqual([first.id]);
    expect((await findPublishedVersions(published.slug))?.versions).toHaveLength(3);
  });

  it("hashes a version without photos exactly as before photos existed", () => {
    const content = { headline: "H", dek: "", body: { type: "doc", content: [] }, bylines: [], creditLine: "", section: null, tags: [], related: [] };
    const before = '{"body":{"content":[],"type":"doc"},"bylines":[],"creditLine":"","dek":"","headline":"H","related":[],"section":null,"tags":[]}';
    expect(canonicalContent(content)).toBe(before);
    expect(canonicalContent({ ...content, images: [] })).toBe(before);
  });
});

describe("what readers see", () => {
  let slug: string;
  let lead: { id: string };

  beforeAll(async () => {
    const inline = await createReadyPhoto({ caption: "Library caption", creditLine: "Library credit" });
    lead = await createReadyPhoto({ photographer: "Ana Reyes", copyrightNotice: "© 2026 Newsroom", creditLine: "Big Newspaper" });
    const published = await createStory(editor.actor, {
      intent: "publish",
      values: storyValues({
        sectionId,
        leadMediaId: lead.id,
        leadAlt: "A ferry leaves the harbour in heavy rain",
        leadCaption: "The last ferry left at noon.",
        body: withImage(textToBody("The harbour closed at noon.\n\nIt reopens tomorrow."), { mediaId: inline.id }),
      }),
    });
    slug = published.slug;
  });

  it("the story page draws the lead and inline figures: caption then credit, AVIF and WebP sources, a sized JPEG", async () => {
    const markup = await html(await StoryPage({ params: Promise.resolve({ slug }) }));
    const doc = parse(markup);
    const figures = elements(doc, "figure").filter((f) => elements(f, "picture").length);
    expect(figures).toHaveLength(2);

    const [leadFigure, inlineFigure] = figures;
    const caption = elements(leadFigure, "figcaption")[0];
    const captionText = textOf(caption);
    expect(captionText.indexOf("The last ferry left at noon.")).toBeLessThan(captionText.indexOf("Big Newspaper"));
    expect(captionText).toContain("View larger");
    expect(attr(elements(caption, "a")[0], "href")).toMatch(/^\/media\/[0-9a-f]+\.jpg$/);

    const sources = elements(leadFigure, "source");
    expect(sources.map((s) => attr(s, "type"))).toEqual(["image/avif", "image/webp"]);
    for (const source of sources) {
      expect(attr(source, "srcset")).toMatch(/^\/media\/\S+ 320w, \/media\/\S+ 640w, \/media\/\S+ 1200w, \/media\/\S+ 2400w$/);
      expect(attr(source, "sizes")).toBe("(min-width: 48rem) 736px, calc(100vw - 2rem)");
    }
    const [img] = elements(leadFigure, "img");
    expect(attr(img, "alt")).toBe("A ferry leaves the harbour in heavy rain");
    expect(attr(img, "width")).toBe("1200");
    expect(attr(img, "height")).toBe("800");
    expect(attr(img, "srcset")).toContain(" 2400w");
    expect(attr(img, "sizes")).toBe("(min-width: 48rem) 736px, calc(100vw - 2rem)");
    expect(attr(img, "fetchpriority")).toBe("high");
    expect(attr(img, "loading")).toBe("eager");
    expect(attr(img, "style")).toMatch(/background-image:url\("data:image\/png;base64,/);

    const [inlineImg] = elements(inlineFigure, "img");
    expect(attr(inlineImg, "loading")).toBe("lazy");
    expect(attr(inlineImg, "decoding")).toBe("async");
    expect(attr(inlineImg, "fetchpriority")).toBeUndefined();
    // The library's own text, where the story gave none.
    expect(attr(inlineImg, "alt")).toBe("Boats moored in the harbour at dawn");
    expect(textOf(elements(inlineFigure, "figcaption")[0])).toMatch(/^Library caption Library credit/);
    // No client script comes with the photos.
    expect(elements(doc, "script").filter((s) => attr(s, "type") !== "application/ld+json")).toEqual([]);
  });

  it("share cards carry the 1.91:1 crop at 1200x630 with its alt, and the robots meta allows large previews", async () => {
    const metadata = await generateMetadata({ params: Promise.resolve({ slug }) });
    const image = {
      url: expect.stringMatching(/^https?:\/\/[^/]+\/media\/[0-9a-f]+\.jpg$/),
      width: 1200,
      height: 630,
      alt: "A ferry leaves the harbour in heavy rain",
    };
    expect(metadata.openGraph?.images).toEqual([image]);
    expect(metadata.twitter).toMatchObject({ card: "summary_large_image", images: [{ url: image.url, alt: image.alt }] });
    expect(metadata.robots).toEqual({ "max-image-preview": "large" });
    const story = await findPublishedStory(slug);
    const card = story!.lead!.renditions.find((r) => r.shape === "1.91x1" && r.format === "jpeg");
    expect((metadata.openGraph?.images as { url: string }[])[0].url.endsWith(card!.file)).toBe(true);
  });

  it("NewsArticle JSON-LD has 16:9, 4:3 and 1:1 ImageObjects at least 1200 wide, with credit, creator and copyright", async () => {
    const story = await findPublishedStory(slug);
    const data = storyJsonLd(story!, { name: "Newsroom", origin: "https://news.example" });
    expect(data.image).toHaveLength(3);
    const ratios = (data.image as { width: number; height: number }[]).map((i) => Math.round((i.width / i.height) * 100) / 100);
    expect(ratios).toEqual([1.78, 1.33, 1]);
    for (const image of data.image as Record<string, unknown>[]) {
      expect(image).toMatchObject({
        "@type": "ImageObject",
        url: expect.stringMatching(/^https:\/\/news\.example\/media\/[0-9a-f]+\.jpg$/),
        creditText: "Big Newspaper",
        creator: { "@type": "Person", name: "Ana Reyes" },
        copyrightNotice: "© 2026 Newsroom",
      });
      expect(image.width as number).toBeGreaterThanOrEqual(1200);
    }
  });

  it("listings and the front page show the lead's crops at the layout's sizes", async () => {
    const front = await frontPageSlots();
    const listed = [front.lead, ...front.top].find((s) => s?.slug === slug);
    expect(listed?.photo?.mediaId).toBe(lead.id);
    expect(new Set(listed!.photo!.renditions.map((r) => r.shape))).toEqual(new Set(["16x9", "4x3", "1x1"]));
    const section = await findSectionListing(sectionSlug, 1);
    expect(section?.stories.find((s) => s.slug === slug)?.photo?.alt).toBe("A ferry leaves the harbour in heavy rain");

    const markup = await html(await FrontPage({ params: Promise.resolve({ edition: "latest" }) }));
    const imgs = elements(parse(markup), "img");
    const leadImg = imgs.find((i) => attr(i, "alt") === "A ferry leaves the harbour in heavy rain");
    expect(leadImg && attr(leadImg, "sizes")).toBe("(min-width: 72rem) 736px, (min-width: 64rem) calc(66.67vw - 2rem), calc(100vw - 2rem)");
    expect(leadImg && attr(leadImg, "fetchpriority")).toBe("high");
  });

  it("RSS and Atom carry the lead as media:content with its credit", async () => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" });
    const rss = parser.parse((await buildFeed({ kind: "site" }, "rss", "https://news.example", "Newsroom"))!);
    expect(rss.rss["@xmlns:media"]).toBe("http://search.yahoo.com/mrss/");
    const items = [rss.rss.channel.item].flat();
    const item = items.find((i: { link: string }) => i.link.endsWith(`/stories/${slug}`));
    expect(item["media:content"]).toMatchObject({
      "@url": expect.stringMatching(/^https:\/\/news\.example\/media\/[0-9a-f]+\.jpg$/),
      "@medium": "image",
      "@type": "image/jpeg",
      "@width": "1200",
      "media:credit": "Big Newspaper",
    });
    const atom = parser.parse((await buildFeed({ kind: "site" }, "atom", "https://news.example", "Newsroom"))!);
    const entry = [atom.feed.entry].flat().find((e: { link: { "@href": string } }) => e.link["@href"].endsWith(`/stories/${slug}`));
    expect(entry["media:content"]).toMatchObject({ "@medium": "image", "media:credit": "Big Newspaper" });
  });
});

describe("the photo files of a story", () => {
  it("are not reachable anonymously while the story is a draft, and are once it is published", async () => {
    const photo = await createProcessedPhoto(reporter.actor);
    const files = await db().mediaRendition.findMany({ where: { mediaId: photo.id }, select: { file: true } });
    expect(files.length).toBeGreaterThan(0);
    const values = storyValues({ sectionId, leadMediaId: photo.id, leadAlt: "A test photo", leadCredit: "Newsroom staff" });
    const draft = await createStory(reporter.actor, { intent: "save", values });
    const anonymous = async () => null;
    for (const { file } of files) expect((await mediaResponse(file, "GET", anonymous)).status).toBe(404);
    // The newsroom sees the draft's photo (the editor's previews).
    expect((await mediaResponse(files[0].file, "GET", async () => reporter.actor)).status).toBe(200);

    await updateStory(editor.actor, { storyId: draft.storyId, baseVersion: draft.version, intent: "publish", values });
    const published = await mediaResponse(files[0].file, "GET", anonymous);
    expect(published.status).toBe(200);
    expect(published.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
  });
});

describe("the story form's photo picker", () => {
  it("finds photos by the words of their caption, credit, photographer or alt text, and takes % and _ as themselves", async () => {
    const photo = await createReadyPhoto({ caption: "Lighthouse keeper at 100% capacity", photographer: "Noor Haddad" });
    expect((await searchPhotosToUse(reporter.actor, "lighthouse noor")).map((p) => p.id)).toEqual([photo.id]);
    expect((await searchPhotosToUse(reporter.actor, "100%")).map((p) => p.id)).toEqual([photo.id]);
    expect(await searchPhotosToUse(reporter.actor, "1_0%")).toEqual([]);
    const [choice] = await searchPhotosToUse(reporter.actor, "lighthouse");
    expect(choice).toMatchObject({ status: "READY", caption: "Lighthouse keeper at 100% capacity", preview: expect.stringMatching(/^\/media\//) });
    expect(Object.keys(choice).sort()).toEqual(["altText", "caption", "creditLine", "height", "id", "preview", "status", "width"]);
  });
});
