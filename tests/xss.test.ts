// Stored content is safe to render everywhere it is shown. Hostile strings go into every text field
// through the same lib/ functions the app uses; the real public pages (server components, rendered
// by React), the JSON-LD and the corrections feed are then parsed with real parsers, and must contain
// no element, attribute or script that the text created, and show the text as text.
import { createElement, type ReactNode } from "react";
import { prerender } from "react-dom/static";
import { renderToStaticMarkup } from "react-dom/server";
import { DOMParser } from "@xmldom/xmldom";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { curatedPayloads, fullCorpus } from "./support/xss-payloads";
import { inspectHtml, introduced, type Markup } from "./support/markup-safety";

vi.mock("next/cache", (original) => import("./support/outside-next").then((next) => next.cacheOutsideNext(original)));
vi.mock("next/server", (original) => import("./support/outside-next").then((next) => next.serverOutsideNext(original)));

const { db } = await import("@/lib/db");
const { createStory, updateStory } = await import("@/lib/stories/mutations");
const { addLogEntry, withdrawLogEntry } = await import("@/lib/updates/mutations");
const { storyInputSchema } = await import("@/lib/stories/schemas");
const { slugify } = await import("@/lib/slugs");
const { serializeJsonLd, storyJsonLd } = await import("@/lib/stories/structured-data");
const { correctionsFeedXml } = await import("@/lib/updates/feed");
const { textToBody } = await import("@/lib/body/story-body");
const { StoryArticle } = await import("@/components/site/story-article");
const { Masthead } = await import("@/components/site/masthead");
const SiteLayout = (await import("@/app/(site)/layout")).default;
const FrontPage = (await import("@/app/(site)/front/[edition]/page")).default;
const StoryPage = (await import("@/app/(site)/stories/[slug]/page")).default;
const { SectionPage } = await import("@/app/(site)/sections/[slug]/section-page");
const HistoryPage = (await import("@/app/(site)/stories/[slug]/history/page")).default;
const CorrectionsPage = (await import("@/app/(site)/corrections/page")).default;
const NewslettersPage = (await import("@/app/(site)/newsletters/page")).default;
const feedRoute = await import("@/app/(site)/corrections/feed.xml/route");
const liveRoute = await import("@/app/(site)/stories/[slug]/live.json/route");
const { setStoryLive } = await import("@/lib/stories/live");
const { createReadyPhoto, createUser } = await import("./support/factories");
import type { PublicStory } from "@/lib/stories/public";
import type { PublicPhoto } from "@/lib/media/story-photos";
import type { BodyDoc } from "@/lib/body/story-body";

const PAYLOADS = curatedPayloads();
let editor: Awaited<ReturnType<typeof createUser>>["actor"];

beforeAll(async () => {
  editor = (await createUser("EDITOR")).actor;
});

async function html(node: ReactNode): Promise<string> {
  const { prelude } = await prerender(node as React.ReactElement);
  return new Response(prelude).text();
}

const unique = () => Math.random().toString(36).slice(2, 10);

/** A published story with `text` in every field readers see, through the app's own lib/ functions. */
async function storeStory(text: string) {
  const staff = await createUser("REPORTER", { name: text });
  await db().user.update({ where: { id: staff.user.id }, data: { title: text } });
  const section = await db().section.create({ data: { name: text, slug: `section-${unique()}` }, select: { id: true, slug: true } });
  await db().siteSettings.upsert({ where: { id: 1 }, create: { id: 1, siteName: text }, update: { siteName: text } });
  // A newsletter named and described with the text: its sign-up form is in every page's footer.
  await db().newsletter.create({ data: { name: text, description: text, slug: `list-${unique()}`, senderName: text, senderAddress: "news@ledger.test" } });
  // A lead photo whose library text is hostile, and one in the body whose story text is.
  const photo = await createReadyPhoto({ altText: `Photo ${text}`, caption: text, creditLine: `Credit ${text}`, photographer: text, copyrightNotice: text });
  const withPhoto = (body: BodyDoc): BodyDoc => ({
    ...body,
    content: [...body.content, { type: "image", attrs: { mediaId: photo.id, alt: `Alt ${text}`, caption: `Caption ${text}`, credit: `By ${text}` } }],
  });
  const values = storyInputSchema.parse({
    headline: text,
    slug: `story-${unique()}`,
    dek: text,
    body: withPhoto(textToBody(text)),
    leadMediaId: photo.id,
    sectionId: section.id,
    creditLine: text,
    bylines: [
      { userId: staff.user.id, name: "", title: "" },
      { userId: "", name: text, title: text },
    ],
    relatedIds: [],
    // Commas separate tags; a tag needs a letter or digit to have a slug.
    tags: slugify(text.replace(/,/g, " ")) ? text.replace(/,/g, " ").slice(0, 60) : "",
  });
  const story = await createStory(editor, { intent: "publish", values });
  await addLogEntry(editor, { storyId: story.storyId, kind: "UPDATE", note: text, significant: true });
  await addLogEntry(editor, { storyId: story.storyId, kind: "CORRECTION", note: text, significant: true });
  const withdrawn = await addLogEntry(editor, { storyId: story.storyId, kind: "CLARIFICATION", note: text, significant: false });
  await withdrawLogEntry(editor, { updateId: withdrawn.updateId, reason: text });
  // A second published version, so that the history page has a word diff to draw.
  await updateStory(editor, {
    storyId: story.storyId,
    baseVersion: story.version,
    intent: "save",
    values: { ...values, headline: `${text} (updated)`, body: withPhoto(textToBody(`${text}\n\n${text}`)) },
  });
  // Pinned as its section page's top story, which that page shows above its list.
  await db().frontPagePin.create({ data: { slot: "SECTION_TOP", sectionId: section.id, position: 0, storyId: story.storyId } });
  return { slug: story.slug, storyId: story.storyId, sectionSlug: section.slug };
}

/** Every public page that shows the story, rendered as Next would render them (layout included). */
async function renderPublicPages(slug: string, sectionSlug: string): Promise<Record<string, string>> {
  const inLayout = async (page: ReactNode) => html(await SiteLayout({ children: page }));
  return {
    "front page": await inLayout(await FrontPage({ params: Promise.resolve({ edition: "latest" }) })),
    "story page": await inLayout(await StoryPage({ params: Promise.resolve({ slug }) })),
    "section page with its top story": await inLayout(await SectionPage({ slug: sectionSlug, page: 1 })),
    "history page": await inLayout(await HistoryPage({ params: Promise.resolve({ slug }) })),
    "corrections page": await inLayout(await CorrectionsPage({ searchParams: Promise.resolve({}) })),
    "newsletters page": await inLayout(await NewslettersPage({ searchParams: Promise.resolve({}) })),
  };
}

function parseFeed(xml: string) {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => void (level !== "warning" && errors.push(message)) }).parseFromString(xml, "text/xml");
  const elements = Array.from(doc.getElementsByTagName("*")).map((e) => e.tagName);
  const text = (name: string) => Array.from(doc.getElementsByTagName(name)).map((e) => e.textContent ?? "");
  return { errors, elements: new Set(elements), text };
}

const RSS_ELEMENTS = new Set(["rss", "channel", "title", "link", "description", "language", "lastBuildDate", "atom:link", "item", "guid", "pubDate"]);

let benign: Record<string, Markup>;

describe("stored hostile text, rendered by the real public pages", () => {
  beforeAll(async () => {
    // The same pages with harmless text (and every block a body can have) tell which elements and
    // attributes the renderers themselves make.
    // Enough stories for the front page's list and for a second page of corrections (two per story).
    for (let i = 0; i < 11; i++) await storeStory("Harmless words");
    const { slug, sectionSlug } = await storeStory("Harmless words");
    const plain = await renderPublicPages(slug, sectionSlug);
    benign = Object.fromEntries(Object.entries(plain).map(([page, markup]) => [page, inspectHtml(markup)]));
    const rich = await html(
      createElement(StoryArticle, {
        story: { ...sampleStory("Harmless words"), body: everyBlock() },
        timeZone: "UTC",
      }),
    );
    for (const page of Object.values(benign)) for (const tag of inspectHtml(rich).tags) page.tags.add(tag);
  });

  it.each(PAYLOADS)("%s", { timeout: 60_000 }, async (payload) => {
    const { slug, storyId, sectionSlug } = await storeStory(payload);
    const stored = await db().story.findUniqueOrThrow({ where: { id: storyId }, select: { headline: true, dek: true } });
    const pages = await renderPublicPages(slug, sectionSlug);
    for (const [page, markup] of Object.entries(pages)) {
      const inspected = inspectHtml(markup);
      expect({ page, introduced: introduced(inspected, benign[page]) }).toEqual({ page, introduced: [] });
      // Shown, as text: the site name in the masthead on every page, the headline where it is listed.
      expect({ page, shows: inspected.text.includes(payload) }).toEqual({ page, shows: true });
    }
    // The story page's structured data parses as JSON and carries the text unchanged.
    const [jsonLd] = inspectHtml(pages["story page"]).jsonLd;
    const data = JSON.parse(jsonLd);
    expect(data).toMatchObject({
      headline: stored.headline,
      description: stored.dek,
      creditText: stored.dek,
      publisher: { name: payload },
      articleSection: payload,
    });

    // The corrections feed is well-formed RSS with no element from the text, and says the text as text
    // (tests/feed-xss.test.ts reads every feed's fields as feed readers do).
    const feed = parseFeed(await (await feedRoute.GET()).text());
    expect(feed.errors).toEqual([]);
    expect([...feed.elements].filter((e) => !RSS_ELEMENTS.has(e))).toEqual([]);
    expect(feed.text("title")).toContain(stored.headline);
    // A description is HTML to a feed reader: rendered, it shows the text.
    expect(feed.text("description").some((d) => inspectHtml(d).text.includes(stored.dek))).toBe(true);

    // live.json is JSON (the live page inserts its entries as text through React).
    await setStoryLive(editor, { storyId, live: true });
    const live = await (await liveRoute.GET(new Request("http://test/"), { params: Promise.resolve({ slug }) })).json();
    expect(live.entries.some((e: { text: string }) => e.text.includes(stored.dek))).toBe(true);
  });

  it("refuses a body whose link points at a script URL", () => {
    const doc = {
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text: "click", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }] }],
    };
    const parsed = storyInputSchema.safeParse({
      headline: "H",
      slug: "",
      dek: "",
      body: doc,
      sectionId: "",
      creditLine: "",
      bylines: [],
      relatedIds: [],
      tags: "",
    });
    if (parsed.success) {
      // If it is accepted at all, it must not render as a script link.
      return html(createElement(StoryArticle, { story: { ...sampleStory("H"), body: parsed.data.body }, timeZone: "UTC" })).then((markup) =>
        expect(inspectHtml(markup).problems).toEqual([]),
      );
    }
    expect(parsed.success).toBe(false);
  });
});

function parsedJson(text: string): { headline?: string } | null {
  try {
    return JSON.parse(text);
  } catch {
    return null; // cut short: the element ended inside the data
  }
}

/** A body with every kind of block, a photo included: the reference for what the renderers make themselves. */
function everyBlock(): BodyDoc {
  const body = textToBody("A paragraph.\n\n> A quotation.\n\n## A subhead");
  return { ...body, content: [...body.content, { type: "image", attrs: { mediaId: "00000000-0000-4000-8000-000000000009", alt: "Alt" } }] };
}

function samplePhoto(text: string): PublicPhoto {
  const renditions = ["full", "16x9", "4x3", "1x1", "1.91x1"].flatMap((shape) =>
    ["avif", "webp", "jpeg"].map((format) => ({ shape, format, width: 1200, height: 800, file: `${shape}-${format}.${format}` })),
  );
  return {
    mediaId: "00000000-0000-4000-8000-000000000009",
    alt: text,
    decorative: false,
    caption: text,
    credit: text,
    photographer: text,
    copyrightNotice: text,
    width: 2400,
    height: 1600,
    placeholder: "1QcSHQRnh493V4dIh4eXh1h4kJUI",
    renditions,
  };
}

/** A story as the public read returns it, with `text` in every field (its photos' alt, caption and credit too), for the pure renderers. */
function sampleStory(text: string): PublicStory {
  const at = "2026-11-24T21:50:00.000Z";
  const body = textToBody(text);
  return {
    id: "00000000-0000-4000-8000-000000000001",
    slug: "a-story",
    headline: text,
    dek: text,
    body: {
      ...body,
      content: [...body.content, { type: "image", attrs: { mediaId: "00000000-0000-4000-8000-000000000009", alt: text, caption: text, credit: text } }],
    },
    lead: samplePhoto(text),
    inlinePhotos: [samplePhoto(text)],
    creditLine: text,
    section: { slug: "metro", name: text },
    bylines: [
      { name: text, title: text, staffId: "00000000-0000-4000-8000-000000000002", authorSlug: "a-reporter" },
      { name: text, title: text, staffId: null, authorSlug: null },
    ],
    related: [{ slug: "other", headline: text }],
    tags: [{ slug: "a-tag", name: text }],
    updates: [
      { id: "u1", kind: "UPDATE", occurredAt: at, note: text, significant: true, withdrawn: null, edited: true },
      { id: "u2", kind: "CORRECTION", occurredAt: at, note: text, significant: true, withdrawn: null, edited: false },
      { id: "u3", kind: "CLARIFICATION", occurredAt: at, note: text, significant: false, withdrawn: { at, reason: text }, edited: false },
    ],
    firstPublishedAt: at,
    lastUpdatedAt: "2026-11-24T22:05:00.000Z",
    live: false,
  };
}

// The pure renderers over the curated list and, when the full corpus is on this machine, an even
// sample of about 1,000 of its 6,600 lines (all of them take minutes on a busy two-core machine; set
// XSS_FULL_CORPUS=1 to run every line): the story as readers see it, the masthead, the JSON-LD, the feed.
function corpus(): string[] {
  const full = fullCorpus();
  if (!full) return PAYLOADS;
  const step = process.env.XSS_FULL_CORPUS === "1" ? 1 : Math.max(1, Math.floor(full.length / 1000));
  return [...new Set([...PAYLOADS, ...full.filter((_, i) => i % step === 0)])];
}
const CORPUS = corpus();

describe(`pure renderers over ${CORPUS.length} payloads${CORPUS === PAYLOADS ? " (the full corpus is not on this machine)" : " (with the full corpus)"}`, () => {
  it("no payload creates an element, an attribute or a script in the story, the masthead, the JSON-LD or the feed", async () => {
    // Synchronous components, so the fast renderer will do. The reference has every block a body can have.
    const render = (siteName: string, story: PublicStory) =>
      inspectHtml(
        renderToStaticMarkup(
          createElement(
            "div",
            null,
            createElement(Masthead, { siteName, sections: [{ slug: "metro", name: siteName }] }),
            createElement(StoryArticle, { story: { ...story, live: true }, timeZone: "UTC" }),
          ),
        ),
      );
    const reference = render("Harmless", { ...sampleStory("Harmless"), body: everyBlock() });
    const failures: { payload: string; what: string[] }[] = [];
    for (const payload of CORPUS) {
      const story = sampleStory(payload);
      const markup = render(payload, story);
      const what = introduced(markup, reference);
      if (!markup.text.includes(payload)) what.push("the text is not shown as text");

      const jsonLd = serializeJsonLd(storyJsonLd(story, { name: payload, origin: "https://news.example" }, { live: true }));
      const inScript = inspectHtml(`<script type="application/ld+json">${jsonLd}</script>`);
      if (inScript.jsonLd.length !== 1 || inScript.tags.size !== 4 /* html, head, body, script */) what.push("the JSON-LD broke out of its element");
      else if (parsedJson(inScript.jsonLd[0])?.headline !== payload) what.push("the JSON-LD broke out of its element or changed the text");

      const feed = parseFeed(
        correctionsFeedXml({
          origin: "https://news.example",
          siteName: payload,
          corrections: [
            { id: "c1", kind: "CORRECTION", note: payload, occurredAt: story.firstPublishedAt, withdrawn: null, story: { slug: "a-story", headline: payload } },
          ],
        }),
      );
      if (feed.errors.length) what.push(`the feed is not well-formed: ${feed.errors[0]}`);
      if ([...feed.elements].some((e) => !RSS_ELEMENTS.has(e))) what.push("the feed gained an element");
      // XML 1.0 cannot carry control characters; the feed drops them, and nothing else.
      // eslint-disable-next-line no-control-regex -- the characters XML 1.0 cannot carry, which the feed drops
      const xmlSafe = payload.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "");
      if (!feed.errors.length && !feed.text("title").includes(xmlSafe)) what.push("the feed changed the text");
      if (what.length) failures.push({ payload, what });
    }
    expect(failures).toEqual([]);
  }, 600_000);
});

const { VersionComparison } = await import("@/app/(editor)/desk/stories/conflict-panel");

describe("a scheduled change's comparison in the newsroom", () => {
  const options = { sections: [], staff: [], relatedCandidates: [], tags: [] };
  const content = (text: string) => ({
    headline: text,
    slug: "a-story",
    dek: text,
    body: textToBody(text),
    sectionId: "",
    creditLine: text,
    bylines: [{ userId: "", name: text, title: text }],
    relatedIds: [],
    tags: "",
  });
  const render = (text: string) =>
    inspectHtml(
      renderToStaticMarkup(
        createElement(VersionComparison, {
          prepared: content(text),
          current: content("Current words"),
          options,
          preparedLabel: "Scheduled",
          currentLabel: "Current",
        }),
      ),
    );

  it.each(PAYLOADS)("%s is shown as text beside the current version", (payload) => {
    const markup = render(payload);
    expect(introduced(markup, render("Harmless words"))).toEqual([]);
    expect(markup.text).toContain(payload.trim().split("\n")[0]);
  });
});
