// The site's RSS and Atom feeds against a real database, read back with a real XML parser.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createStory, unpublishStory } from "@/lib/stories/mutations";
import { buildFeed, FEED_SIZE, findFeedItems } from "@/lib/feeds/feeds";
import { createSection, createUser, storyValues } from "./support/factories";
import { parseXml } from "./support/xml";
import type { StoryInput } from "@/lib/stories/schemas";

const ORIGIN = "https://news.example.com";
const SITE = "The <Metro> & Ledger";
const RFC_822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

let editor: Awaited<ReturnType<typeof createUser>>;
let reporter: Awaited<ReturnType<typeof createUser>>;
let metro: { id: string; slug: string; name: string };
let sports: { id: string; slug: string; name: string };
const ids: Record<string, string> = {};

type Item = Record<string, unknown> & {
  title: string;
  link: string;
  guid: { "#text": string; "@isPermaLink": string };
  pubDate: string;
  "dc:creator"?: string[];
  description: string;
  "content:encoded": string;
  category?: string;
};
type AtomText = { "@type": string; "#text": string };
type Channel = {
  title: string;
  link: string;
  description: string;
  lastBuildDate?: string;
  "atom:link": { "@href": string; "@rel": string; "@type": string };
  item?: Item[];
};

function rssChannel(xml: string): Channel {
  const doc = parseXml(xml) as { rss: { "@version": string; channel: Channel } };
  expect(doc.rss["@version"]).toBe("2.0");
  return doc.rss.channel;
}

async function publish(overrides: Partial<StoryInput>, hoursAgo: number) {
  const story = await createStory(editor.actor, { intent: "publish", values: storyValues({ sectionId: metro.id, ...overrides }) });
  const at = new Date(Date.now() - hoursAgo * 3_600_000);
  await db().story.update({ where: { id: story.storyId }, data: { firstPublishedAt: at, lastUpdatedAt: at } });
  return story;
}

beforeAll(async () => {
  editor = await createUser("EDITOR");
  reporter = await createUser("REPORTER", { name: "Lena Marsh" });
  metro = await createSection("Metro");
  sports = await createSection("Sports");
  const staff = [
    { userId: reporter.user.id, name: "", title: "" },
    { userId: "", name: "Outside & Writer", title: "" },
  ];
  ids.oldest = (await publish({ headline: "Oldest metro story", bylines: staff }, 30)).storyId;
  ids.sports = (await publish({ headline: "Sports story", sectionId: sports.id, dek: "", body: "Only a body here, which becomes the summary." }, 20)).storyId;
  ids.hostile = (
    await publish({ headline: "Hostile <script>alert('x')</script> & \"quotes\"", body: "Text with <b>tags</b> & ]]> in it.", bylines: staff }, 10)
  ).storyId;
  // Characters XML 1.0 cannot hold, as an old import might have left them.
  await db().story.update({ where: { id: ids.hostile }, data: { headline: "Hostile <script>alert('x')</script> & \"quotes\"\u0001\u0008\uFFFE" } });
  ids.newest = (await publish({ headline: "Newest metro story", dek: "The newest dek." }, 1)).storyId;
  await createStory(editor.actor, { intent: "save", values: storyValues({ sectionId: metro.id, headline: "Draft story" }) });
  const gone = await publish({ headline: "Unpublished story" }, 5);
  await unpublishStory(editor.actor, gone.storyId, gone.version);
});

describe("the site's RSS feed", () => {
  it("has the channel fields, and every published story newest first as a full item", async () => {
    const channel = rssChannel((await buildFeed({ kind: "site" }, "rss", ORIGIN, SITE))!);
    expect(channel.title).toBe(SITE);
    expect(channel.link).toBe(`${ORIGIN}/`);
    // Feed readers render a description as HTML: the site name's markup characters are escaped inside it.
    expect(channel.description).toBe("The latest stories from The &lt;Metro&gt; &amp; Ledger.");
    expect(channel.lastBuildDate).toMatch(RFC_822);
    expect(channel["atom:link"]).toEqual({ "@href": `${ORIGIN}/feed.xml`, "@rel": "self", "@type": "application/rss+xml" });

    const items = channel.item ?? [];
    expect(items.map((i) => i.title)).toEqual(["Newest metro story", `Hostile <script>alert('x')</script> & "quotes"`, "Sports story", "Oldest metro story"]);
    const newest = await db().story.findUniqueOrThrow({ where: { id: ids.newest } });
    expect(items[0]).toMatchObject({
      link: `${ORIGIN}/stories/${newest.slug}`,
      guid: { "#text": ids.newest, "@isPermaLink": "false" },
      description: "The newest dek.",
      category: "Metro",
    });
    expect(new Date(items[0].pubDate).toISOString()).toBe(new Date(Math.floor(newest.firstPublishedAt!.getTime() / 1000) * 1000).toISOString());
    for (const item of items) expect(item.pubDate).toMatch(RFC_822);
    expect(items[0]["content:encoded"]).toBe("<p>First paragraph.</p>\n<blockquote><p>A quotation.</p></blockquote>\n<p>Last paragraph.</p>");
  });

  it("names every byline as dc:creator and summarizes a story without a dek from its text", async () => {
    const items = rssChannel((await buildFeed({ kind: "site" }, "rss", ORIGIN, SITE))!).item!;
    expect(items.find((i) => i.title === "Oldest metro story")!["dc:creator"]).toEqual(["Lena Marsh", "Outside & Writer"]);
    expect(items.find((i) => i.title === "Sports story")!.description).toBe("Only a body here, which becomes the summary.");
  });

  it("keeps hostile text as text: escaped once for XML, and the body's HTML escaped inside that", async () => {
    const xml = (await buildFeed({ kind: "site" }, "rss", ORIGIN, SITE))!;
    expect(xml).not.toContain("<script>");
    // eslint-disable-next-line no-control-regex -- the control characters that XML 1.0 cannot carry are what this looks for
    expect(xml).not.toMatch(/[\u0001\u0008\uFFFE]/);
    const hostile = rssChannel(xml).item!.find((i) => i.title.startsWith("Hostile"))!;
    expect(hostile["content:encoded"]).toContain("<p>Text with &lt;b&gt;tags&lt;/b&gt; &amp; ]]&gt; in it.</p>");
  });

  it("escapes text that looks like an entity, so that it reads back as typed", async () => {
    await db().story.update({ where: { id: ids.sports }, data: { headline: "R&D; budget &lt;b&gt; &amp; more" } });
    const items = rssChannel((await buildFeed({ kind: "site" }, "rss", ORIGIN, SITE))!).item!;
    expect(items.map((i) => i.title)).toContain("R&D; budget &lt;b&gt; &amp; more");
    await db().story.update({ where: { id: ids.sports }, data: { headline: "Sports story" } });
  });

  it("carries at most the latest FEED_SIZE stories", async () => {
    expect(FEED_SIZE).toBe(50);
    const items = await findFeedItems({ kind: "site" }, ORIGIN, 2);
    expect(items.map((i) => i.title)).toEqual(["Newest metro story", `Hostile <script>alert('x')</script> & "quotes"\u0001\u0008\uFFFE`]);
  });
});

describe("section and author feeds", () => {
  it("a section's feed has only its stories, and an unknown section has none", async () => {
    const channel = rssChannel((await buildFeed({ kind: "section", slug: sports.slug }, "rss", ORIGIN, SITE))!);
    expect(channel.title).toBe(`Sports · ${SITE}`);
    expect(channel.link).toBe(`${ORIGIN}/sections/${sports.slug}`);
    expect(channel["atom:link"]["@href"]).toBe(`${ORIGIN}/sections/${sports.slug}/feed.xml`);
    expect(channel.item!.map((i) => i.title)).toEqual(["Sports story"]);
    expect(await buildFeed({ kind: "section", slug: "no-such-section" }, "rss", ORIGIN, SITE)).toBeNull();
  });

  it("an author's feed has the stories with their byline, and an unknown author has none", async () => {
    const { slug } = await db().user.findUniqueOrThrow({ where: { id: reporter.user.id }, select: { slug: true } });
    const channel = rssChannel((await buildFeed({ kind: "author", slug: slug! }, "rss", ORIGIN, SITE))!);
    expect(channel.title).toBe(`Lena Marsh · ${SITE}`);
    expect(channel.link).toBe(`${ORIGIN}/authors/${slug}`);
    expect(channel.item!.map((i) => i.title)).toEqual([`Hostile <script>alert('x')</script> & "quotes"`, "Oldest metro story"]);
    expect(await buildFeed({ kind: "author", slug: "nobody-here" }, "rss", ORIGIN, SITE)).toBeNull();
  });

  it("a feed with no stories is still a valid channel", async () => {
    const empty = await createSection("Empty");
    const channel = rssChannel((await buildFeed({ kind: "section", slug: empty.slug }, "rss", ORIGIN, SITE))!);
    expect(channel.item).toBeUndefined();
    expect(channel.lastBuildDate).toBeUndefined();
  });
});

describe("the Atom feed", () => {
  it("has ids, titles, dates, authors and HTML content for every entry", async () => {
    const doc = parseXml((await buildFeed({ kind: "site" }, "atom", ORIGIN, SITE))!) as {
      feed: {
        "@xmlns": string;
        id: string;
        title: AtomText;
        subtitle: AtomText;
        updated: string;
        link: { "@rel": string; "@href": string }[];
        entry: Record<string, unknown>[];
      };
    };
    expect(doc.feed["@xmlns"]).toBe("http://www.w3.org/2005/Atom");
    // Text constructs say type="text": readers show them as text, whatever characters they hold.
    expect(doc.feed.title).toEqual({ "@type": "text", "#text": SITE });
    expect(doc.feed.subtitle).toEqual({ "@type": "text", "#text": `The latest stories from ${SITE}.` });
    expect(doc.feed.link.map((l) => [l["@rel"], l["@href"]])).toEqual([
      ["alternate", `${ORIGIN}/`],
      ["self", `${ORIGIN}/atom.xml`],
    ]);
    expect(doc.feed.entry).toHaveLength(4);
    const [newest] = doc.feed.entry as {
      id: string;
      title: AtomText;
      summary: AtomText;
      published: string;
      updated: string;
      author: { name: string }[];
      content: { "#text": string; "@type": string };
    }[];
    expect(newest.id).toBe(`urn:uuid:${ids.newest}`);
    expect(newest.title).toEqual({ "@type": "text", "#text": "Newest metro story" });
    expect(newest.summary).toEqual({ "@type": "text", "#text": "The newest dek." });
    expect(Date.parse(newest.published)).not.toBeNaN();
    expect(newest.author).toEqual([{ name: "Outside Writer" }]);
    expect(newest.content["@type"]).toBe("html");
    expect(newest.content["#text"]).toContain("<p>First paragraph.</p>");
    expect(doc.feed.updated).toBe(newest.updated);
  });
});
