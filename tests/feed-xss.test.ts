// Hostile text in every field of every feed, read back as feed readers read it: two feed parsers
// (fast-xml-parser, as tests/support/xml.ts sets it up, and rss-parser, which many readers build on),
// then every field a reader renders as HTML (RSS description, the channel's description,
// content:encoded, Atom content) parsed as HTML with parse5 (the algorithm browsers use). A field
// that is plain text must show the text, creating no element and no attribute; the body's HTML may
// hold only the allow-listed elements. Text fields (titles, categories, creators, Atom's type="text"
// constructs) must come back as the text itself.
import RssParser from "rss-parser";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { curatedPayloads, fullCorpus } from "./support/xss-payloads";
import { inspectHtml } from "./support/markup-safety";
import { parseXml } from "./support/xml";

vi.mock("next/cache", (original) => import("./support/outside-next").then((next) => next.cacheOutsideNext(original)));
vi.mock("next/server", (original) => import("./support/outside-next").then((next) => next.serverOutsideNext(original)));

const { db } = await import("@/lib/db");
const { atomXml, rssXml } = await import("@/lib/feeds/xml");
const { buildFeed } = await import("@/lib/feeds/feeds");
const { bodyToHtml } = await import("@/lib/feeds/body-html");
const { correctionsFeedXml } = await import("@/lib/updates/feed");
const { findLatestCorrections } = await import("@/lib/updates/public");
const { addLogEntry } = await import("@/lib/updates/mutations");
const { createStory } = await import("@/lib/stories/mutations");
const { storyInputSchema } = await import("@/lib/stories/schemas");
const { textToBody } = await import("@/lib/body/story-body");
const { xmlSafe } = await import("@/lib/xml/document");
const { createUser } = await import("./support/factories");

const ORIGIN = "https://news.example";
const rssParser = new RssParser({ customFields: { item: ["dc:creator", "content:encoded"] } });

/** What a reader should show for a text: XML cannot carry control characters, and it reads CR as LF. */
const shown = (text: string) => xmlSafe(text).replace(/\r\n?/g, "\n").trim();

/** The problems a reader rendering `html` as HTML would have, when `html` should be just the text `text`. */
function asPlainTextProblems(field: string, html: string | undefined, text: string): string[] {
  if (html === undefined) return [`${field}: missing`];
  const markup = inspectHtml(html);
  const extra = [...markup.tags].filter((tag) => !["html", "head", "body"].includes(tag));
  const problems = [
    ...extra.map((tag) => `${field}: element <${tag}>`),
    ...[...markup.attributes].map((a) => `${field}: attribute ${a}`),
    ...markup.problems.map((p) => `${field}: ${p}`),
  ];
  if (!markup.text.replace(/\r\n?/g, "\n").includes(shown(text))) problems.push(`${field}: does not show the text`);
  return problems;
}

// Exactly what lib/feeds/body-html.ts writes; anything else in a body's HTML came from the text.
const BODY_TAGS = new Set(["html", "head", "body", "p", "br", "strong", "em", "a", "h2", "h3", "blockquote", "ul", "ol", "li", "figure", "figcaption"]);
const BODY_ATTRIBUTES = new Set(["a[href]", "ol[start]"]);
function bodyHtmlProblems(field: string, html: string | undefined): string[] {
  if (html === undefined) return [`${field}: missing`];
  const markup = inspectHtml(html);
  return [
    ...[...markup.tags].filter((tag) => !BODY_TAGS.has(tag)).map((tag) => `${field}: element <${tag}>`),
    ...[...markup.attributes].filter((a) => !BODY_ATTRIBUTES.has(a)).map((a) => `${field}: attribute ${a}`),
    ...markup.problems.map((p) => `${field}: ${p}`),
  ];
}
const textProblems = (field: string, value: unknown, text: string) =>
  typeof value === "string" && value.trim() === shown(text) ? [] : [`${field}: ${JSON.stringify(value)?.slice(0, 80)} is not the text`];

type RssDoc = { rss: { channel: { title: string; description: string; item?: Record<string, unknown>[] } } };
type AtomText = { "@type": string; "#text": string };
type AtomDoc = {
  feed: {
    title: AtomText;
    subtitle: AtomText;
    entry?: {
      title: AtomText;
      summary?: AtomText;
      content: { "@type": string; "#text": string };
      author: { name: string }[];
      category?: { "@term": string };
    }[];
  };
};

/** An RSS document read by both parsers; `expect` says what each field should carry. */
async function rssProblems(
  xml: string,
  expected: { channelTitle: string; channelDescription: string; title: string; description: string; creator?: string; category?: string; body: boolean },
): Promise<string[]> {
  const problems: string[] = [];
  const fast = (parseXml(xml) as RssDoc).rss.channel;
  const reader = await rssParser.parseString(xml);
  for (const [parser, channel, item] of [
    ["fast-xml-parser", { title: fast.title, description: fast.description }, fast.item?.[0] ?? {}],
    [
      "rss-parser",
      { title: reader.title, description: reader.description },
      { ...reader.items[0], description: reader.items[0]?.content, category: reader.items[0]?.categories?.[0] },
    ],
  ] as const) {
    const at = (field: string) => `${parser} ${field}`;
    const itemFields = item as Record<string, unknown>;
    problems.push(...textProblems(at("channel title"), channel.title, expected.channelTitle));
    problems.push(...asPlainTextProblems(at("channel description"), channel.description as string | undefined, expected.channelDescription));
    problems.push(...textProblems(at("item title"), itemFields.title, expected.title));
    problems.push(...asPlainTextProblems(at("item description"), itemFields.description as string | undefined, expected.description));
    if (expected.creator !== undefined) {
      const creator = itemFields["dc:creator"];
      problems.push(...textProblems(at("dc:creator"), Array.isArray(creator) ? creator[0] : creator, expected.creator));
    }
    if (expected.category !== undefined) problems.push(...textProblems(at("category"), itemFields.category, expected.category));
    if (expected.body) problems.push(...bodyHtmlProblems(at("content:encoded"), itemFields["content:encoded"] as string | undefined));
  }
  return problems;
}

async function atomProblems(
  xml: string,
  expected: { feedTitle: string; subtitle: string; title: string; summary: string; author: string; category: string },
): Promise<string[]> {
  const problems: string[] = [];
  const { feed } = parseXml(xml) as AtomDoc;
  const [entry] = feed.entry ?? [];
  const reader = await rssParser.parseString(xml);
  // Text constructs: type="text", which readers must show as text, carrying the text itself.
  for (const [field, construct, text] of [
    ["feed title", feed.title, expected.feedTitle],
    ["subtitle", feed.subtitle, expected.subtitle],
    ["entry title", entry?.title, expected.title],
    ["summary", entry?.summary, expected.summary],
  ] as const) {
    if (construct?.["@type"] !== "text") problems.push(`${field}: type is ${construct?.["@type"]}, not text`);
    problems.push(...textProblems(`fast-xml-parser ${field}`, construct?.["#text"], text));
  }
  problems.push(...textProblems("fast-xml-parser author", entry?.author[0]?.name, expected.author));
  problems.push(...textProblems("fast-xml-parser category", entry?.category?.["@term"], expected.category));
  problems.push(...textProblems("rss-parser entry title", reader.items[0]?.title, expected.title));
  problems.push(...textProblems("rss-parser summary", reader.items[0]?.summary, expected.summary));
  if (entry?.content["@type"] !== "html") problems.push("content: not type html");
  problems.push(...bodyHtmlProblems("fast-xml-parser content", entry?.content["#text"]));
  problems.push(...bodyHtmlProblems("rss-parser content", reader.items[0]?.content));
  return problems;
}

/** The curated payloads and, when the full corpus is on this machine, an even sample of about 1,000 of it. */
function corpus(): string[] {
  const full = fullCorpus();
  const curated = curatedPayloads();
  if (!full) return curated;
  const step = process.env.XSS_FULL_CORPUS === "1" ? 1 : Math.max(1, Math.floor(full.length / 1000));
  return [...new Set([...curated, ...full.filter((_, i) => i % step === 0)])];
}
const CORPUS = corpus();

describe(`the feed builders over ${CORPUS.length} payloads in every field`, () => {
  it("RSS, Atom and the corrections feed carry each payload as text, and the body's HTML only as allow-listed markup", { timeout: 600_000 }, async () => {
    const failures: { payload: string; problems: string[] }[] = [];
    const published = new Date("2026-11-24T21:50:00Z");
    for (const payload of CORPUS) {
      const channel = { title: payload, link: `${ORIGIN}/`, description: payload, selfUrl: `${ORIGIN}/feed.xml`, language: "en-us" };
      const body = textToBody(`${payload}\n\n> ${payload}\n\n## ${payload}`);
      const item = {
        id: "00000000-0000-4000-8000-000000000001",
        url: `${ORIGIN}/stories/a`,
        title: payload,
        summary: payload,
        contentHtml: bodyToHtml(body, ORIGIN),
        authors: [payload],
        category: payload,
        published,
        updated: published,
      };
      const problems = [
        ...(await rssProblems(rssXml(channel, [item]), {
          channelTitle: payload,
          channelDescription: payload,
          title: payload,
          description: payload,
          creator: payload,
          category: payload,
          body: true,
        })),
        ...(await atomProblems(atomXml(channel, [item]), {
          feedTitle: payload,
          subtitle: payload,
          title: payload,
          summary: payload,
          author: payload,
          category: payload,
        })),
      ];
      const corrections = correctionsFeedXml({
        origin: ORIGIN,
        siteName: payload,
        corrections: [
          {
            id: "c1",
            kind: "CORRECTION",
            note: payload,
            occurredAt: published.toISOString(),
            withdrawn: { at: published.toISOString(), reason: payload },
            story: { slug: "a", headline: payload },
          },
        ],
      });
      problems.push(
        ...(
          await rssProblems(corrections, {
            channelTitle: `Corrections · ${payload}`,
            channelDescription: `Corrections and clarifications to stories published by ${payload}.`,
            title: payload,
            description: `Correction: ${payload} (Withdrawn: ${payload})`,
            body: false,
          })
        ).map((p) => `corrections feed: ${p}`),
      );
      if (problems.length) failures.push({ payload, problems });
    }
    expect(failures).toEqual([]);
  });
});

describe("the real feeds, with hostile text stored in every field they show", () => {
  let editor: Awaited<ReturnType<typeof createUser>>["actor"];
  const PAYLOADS = curatedPayloads();
  beforeAll(async () => {
    editor = (await createUser("EDITOR")).actor;
  });

  it.each(PAYLOADS)("%s", { timeout: 60_000 }, async (payload) => {
    const unique = Math.random().toString(36).slice(2, 10);
    const staff = await createUser("REPORTER", { name: payload });
    const section = await db().section.create({ data: { name: payload, slug: `section-${unique}` }, select: { id: true, slug: true } });
    const values = storyInputSchema.parse({
      headline: payload,
      slug: `story-${unique}`,
      dek: payload,
      body: payload,
      sectionId: section.id,
      creditLine: "",
      bylines: [{ userId: staff.user.id, name: "", title: "" }],
      relatedIds: [],
      tags: "",
    });
    const story = await createStory(editor, { intent: "publish", values });
    await addLogEntry(editor, { storyId: story.storyId, kind: "CORRECTION", note: payload, significant: true });
    const stored = await db().story.findUniqueOrThrow({ where: { id: story.storyId }, select: { headline: true, dek: true } });
    const { slug: authorSlug } = await db().user.findUniqueOrThrow({ where: { id: staff.user.id }, select: { slug: true } });
    const siteName = "The Ledger";
    // The newest story comes first in each feed: this one.
    const item = { title: stored.headline, description: stored.dek, creator: payload, category: payload, body: true };
    const problems = [
      ...(
        await rssProblems((await buildFeed({ kind: "site" }, "rss", ORIGIN, siteName))!, {
          channelTitle: siteName,
          channelDescription: `The latest stories from ${siteName}.`,
          ...item,
        })
      ).map((p) => `site feed: ${p}`),
      ...(
        await rssProblems((await buildFeed({ kind: "section", slug: section.slug }, "rss", ORIGIN, siteName))!, {
          channelTitle: `${payload} · ${siteName}`,
          channelDescription: `The latest ${payload} stories from ${siteName}.`,
          ...item,
        })
      ).map((p) => `section feed: ${p}`),
      ...(
        await rssProblems((await buildFeed({ kind: "author", slug: authorSlug! }, "rss", ORIGIN, siteName))!, {
          channelTitle: `${payload} · ${siteName}`,
          channelDescription: `The latest stories by ${payload} for ${siteName}.`,
          ...item,
        })
      ).map((p) => `author feed: ${p}`),
      ...(
        await atomProblems((await buildFeed({ kind: "section", slug: section.slug }, "atom", ORIGIN, siteName))!, {
          feedTitle: `${payload} · ${siteName}`,
          subtitle: `The latest ${payload} stories from ${siteName}.`,
          title: stored.headline,
          summary: stored.dek,
          author: payload,
          category: payload,
        })
      ).map((p) => `section Atom feed: ${p}`),
    ];
    const [latest] = await findLatestCorrections(1);
    problems.push(
      ...(
        await rssProblems(correctionsFeedXml({ origin: ORIGIN, siteName, corrections: [latest] }), {
          channelTitle: `Corrections · ${siteName}`,
          channelDescription: `Corrections and clarifications to stories published by ${siteName}.`,
          title: stored.headline,
          description: `Correction: ${payload}`,
          body: false,
        })
      ).map((p) => `corrections feed: ${p}`),
    );
    expect(problems).toEqual([]);
  });
});
