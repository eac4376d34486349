// The update log as data: entries of every kind added, reworded and withdrawn in the open, the
// "Updated" time they may move, and the site-wide corrections page and feed built from them.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createStory, unpublishStory } from "@/lib/stories/mutations";
import { findPublishedStory } from "@/lib/stories/public";
import { addLogEntry, editLogEntry, withdrawLogEntry } from "@/lib/updates/mutations";
import { CORRECTIONS_PER_PAGE, findCorrectionsPage, findLatestCorrections } from "@/lib/updates/public";
import { correctionsFeedXml } from "@/lib/updates/feed";
import { ExpectedError, ForbiddenError, InvalidError } from "@/lib/errors";
import { cacheTags } from "@/lib/cache/tags";
import { fromLocalInput, toLocalInput } from "@/lib/time/local-input";
import { reporterEditorAndSection, storyValues, type TestUser } from "./support/factories";
import { parseXml } from "./support/xml";

let reporter: TestUser;
let editor: TestUser;
let sectionId: string;

const HOUR = 3_600_000;

beforeAll(async () => {
  ({ reporter, editor, sectionId } = await reporterEditorAndSection());
});

/** A published story whose first publication was `hoursAgo` hours ago, so that entries can be back-timed. */
async function publishedStory(hoursAgo = 48, headline?: string) {
  const story = await createStory(editor.actor, { intent: "publish", values: storyValues({ sectionId, ...(headline ? { headline } : {}) }) });
  const firstPublishedAt = new Date(Date.now() - hoursAgo * HOUR);
  await db().story.update({ where: { id: story.storyId }, data: { firstPublishedAt, lastUpdatedAt: firstPublishedAt } });
  return { ...story, firstPublishedAt };
}

const lastUpdatedAt = async (storyId: string) => (await db().story.findUniqueOrThrow({ where: { id: storyId } })).lastUpdatedAt!.getTime();

async function fieldErrorsOf(promise: Promise<unknown>): Promise<Record<string, string[]> | undefined> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExpectedError);
  return (error as ExpectedError).fieldErrors;
}

describe("an editor keeping the log", () => {
  it("adds entries of every kind, each linked to the latest revision, with the audit event of its kind", async () => {
    const story = await publishedStory();
    const revision = await db().revision.findFirstOrThrow({ where: { storyId: story.storyId }, orderBy: { createdAt: "desc" } });
    const kinds = ["UPDATE", "CORRECTION", "CLARIFICATION", "EDITORS_NOTE"] as const;
    for (const [i, kind] of kinds.entries()) {
      await addLogEntry(editor.actor, {
        storyId: story.storyId,
        kind,
        note: `Entry ${kind}`,
        significant: false,
        occurredAt: new Date(Date.now() - (10 - i) * HOUR),
      });
    }
    const rows = await db().storyUpdate.findMany({ where: { storyId: story.storyId }, orderBy: { occurredAt: "asc" } });
    expect(rows.map((r) => r.kind)).toEqual([...kinds]);
    expect(rows.every((r) => r.revisionId === revision.id && r.authorId === editor.user.id)).toBe(true);

    const audits = await db().auditEvent.findMany({ where: { entityId: story.storyId, action: { in: ["story.update.add", "story.correction.add"] } } });
    expect(audits.filter((a) => a.action === "story.update.add")).toHaveLength(1);
    expect(audits.filter((a) => a.action === "story.correction.add")).toHaveLength(3);

    const pub = (await findPublishedStory(story.slug))!;
    expect(pub.updates.map((u) => u.kind)).toEqual([...kinds].reverse());
    expect(pub.updates[0]).toMatchObject({ significant: false, withdrawn: null, edited: false });
  });

  it("returns the story's public tags, and the corrections tag for a correction or clarification", async () => {
    const story = await publishedStory();
    const correction = await addLogEntry(editor.actor, { storyId: story.storyId, kind: "CORRECTION", note: "A name was misspelled.", significant: true });
    expect(correction.tags).toEqual(expect.arrayContaining([cacheTags.story(story.slug), cacheTags.frontPage, cacheTags.corrections]));
    const clarification = await addLogEntry(editor.actor, { storyId: story.storyId, kind: "CLARIFICATION", note: "Clarified.", significant: false });
    expect(clarification.tags).toContain(cacheTags.corrections);
  });

  it("refuses a time in the future and a time before the first publication, with a field error", async () => {
    const story = await publishedStory(2);
    const future = await fieldErrorsOf(
      addLogEntry(editor.actor, { storyId: story.storyId, kind: "UPDATE", note: "Too soon.", significant: true, occurredAt: new Date(Date.now() + HOUR) }),
    );
    expect(future?.occurredAt?.[0]).toMatch(/future/);
    const early = await fieldErrorsOf(
      addLogEntry(editor.actor, {
        storyId: story.storyId,
        kind: "CORRECTION",
        note: "Too early.",
        significant: true,
        occurredAt: new Date(Date.now() - 3 * HOUR),
      }),
    );
    expect(early?.occurredAt?.[0]).toMatch(/before the story was first published/);
    expect(await db().storyUpdate.count({ where: { storyId: story.storyId } })).toBe(0);
  });

  it("refuses entries on a story readers cannot see", async () => {
    const story = await publishedStory();
    await unpublishStory(editor.actor, story.storyId, story.version);
    await expect(addLogEntry(editor.actor, { storyId: story.storyId, kind: "CORRECTION", note: "Hidden.", significant: true })).rejects.toBeInstanceOf(
      InvalidError,
    );
  });
});

describe("the Updated time", () => {
  it("moves for a significant entry, to the entry's time, and never backwards", async () => {
    const story = await publishedStory(10);
    const first = new Date(Date.now() - 2 * HOUR);
    await addLogEntry(editor.actor, { storyId: story.storyId, kind: "UPDATE", note: "New figures.", significant: true, occurredAt: first });
    expect(await lastUpdatedAt(story.storyId)).toBe(first.getTime());
    // A significant entry back-timed before the current Updated time leaves it where it is.
    await addLogEntry(editor.actor, {
      storyId: story.storyId,
      kind: "CORRECTION",
      note: "Earlier fix.",
      significant: true,
      occurredAt: new Date(Date.now() - 5 * HOUR),
    });
    expect(await lastUpdatedAt(story.storyId)).toBe(first.getTime());
  });

  it("stays for a non-significant entry, an edit of wording and a withdrawal", async () => {
    const story = await publishedStory(10);
    const before = await lastUpdatedAt(story.storyId);
    const { updateId } = await addLogEntry(editor.actor, { storyId: story.storyId, kind: "CLARIFICATION", note: "Typo fixed.", significant: false });
    expect(await lastUpdatedAt(story.storyId)).toBe(before);
    await editLogEntry(editor.actor, { updateId, note: "A typo was fixed." });
    expect(await lastUpdatedAt(story.storyId)).toBe(before);
    await withdrawLogEntry(editor.actor, { updateId, reason: "Not worth a note." });
    expect(await lastUpdatedAt(story.storyId)).toBe(before);
  });
});

describe("amending an entry", () => {
  it("keeps the previous wording and time when the wording is edited", async () => {
    const story = await publishedStory();
    const occurredAt = new Date(Date.now() - 3 * HOUR);
    const { updateId, tags } = await addLogEntry(editor.actor, {
      storyId: story.storyId,
      kind: "CORRECTION",
      note: "The mayor's name was mispelled.",
      significant: true,
      occurredAt,
    });
    const edited = await editLogEntry(editor.actor, { updateId, note: "The mayor's name was misspelled." });
    expect(edited.tags).toEqual(expect.arrayContaining(tags));

    const row = await db().storyUpdate.findUniqueOrThrow({ where: { id: updateId }, include: { edits: true } });
    expect(row.note).toBe("The mayor's name was misspelled.");
    expect(row.occurredAt.getTime()).toBe(occurredAt.getTime());
    expect(row.edits).toHaveLength(1);
    expect(row.edits[0]).toMatchObject({ previousNote: "The mayor's name was mispelled.", previousOccurredAt: occurredAt, editedById: editor.user.id });
    expect(await db().auditEvent.count({ where: { entityId: story.storyId, action: "story.update.edit" } })).toBe(1);
    const pub = (await findPublishedStory(story.slug))!;
    expect(pub.updates[0]).toMatchObject({ note: "The mayor's name was misspelled.", edited: true });
  });

  it("withdraws an entry without erasing it: struck, with its reason, and no longer editable", async () => {
    const story = await publishedStory();
    const { updateId } = await addLogEntry(editor.actor, {
      storyId: story.storyId,
      kind: "CORRECTION",
      note: "The bridge reopened Tuesday.",
      significant: true,
    });
    const noReason = await fieldErrorsOf(withdrawLogEntry(editor.actor, { updateId, reason: "  " }));
    expect(noReason).toEqual({ reason: ["Say why the entry is withdrawn; readers see the reason."] });

    await withdrawLogEntry(editor.actor, { updateId, reason: "The original was right." });
    const row = await db().storyUpdate.findUniqueOrThrow({ where: { id: updateId } });
    expect(row).toMatchObject({ note: "The bridge reopened Tuesday.", withdrawnReason: "The original was right." });
    expect(row.withdrawnAt).toBeInstanceOf(Date);
    expect(await db().auditEvent.count({ where: { entityId: story.storyId, action: "story.update.withdraw" } })).toBe(1);

    const pub = (await findPublishedStory(story.slug))!;
    expect(pub.updates).toHaveLength(1);
    expect(pub.updates[0]).toMatchObject({ note: "The bridge reopened Tuesday.", withdrawn: { reason: "The original was right." } });

    await expect(editLogEntry(editor.actor, { updateId, note: "Sneaky." })).rejects.toBeInstanceOf(InvalidError);
    await expect(withdrawLogEntry(editor.actor, { updateId, reason: "Again." })).rejects.toBeInstanceOf(InvalidError);
  });
});

describe("a reporter", () => {
  it("is refused adding, editing and withdrawing, and nothing changes", async () => {
    const story = await publishedStory();
    const { updateId } = await addLogEntry(editor.actor, { storyId: story.storyId, kind: "UPDATE", note: "By the desk.", significant: true });
    await expect(addLogEntry(reporter.actor, { storyId: story.storyId, kind: "CORRECTION", note: "Mine.", significant: true })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(editLogEntry(reporter.actor, { updateId, note: "Reworded." })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(withdrawLogEntry(reporter.actor, { updateId, reason: "Because." })).rejects.toBeInstanceOf(ForbiddenError);
    const rows = await db().storyUpdate.findMany({ where: { storyId: story.storyId }, include: { edits: true } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ note: "By the desk.", withdrawnAt: null, edits: [] });
  });
});

describe("the corrections page", () => {
  it("lists only corrections and clarifications of published stories, newest first, 20 a page", async () => {
    const story = await publishedStory(100, "Listed story");
    const hidden = await publishedStory(100, "Unpublished story");
    const created: string[] = [];
    for (let i = 0; i < CORRECTIONS_PER_PAGE + 3; i++) {
      const kind = i % 2 ? "CLARIFICATION" : "CORRECTION";
      const { updateId } = await addLogEntry(editor.actor, {
        storyId: story.storyId,
        kind,
        note: `Fix ${i}`,
        significant: false,
        occurredAt: new Date(Date.now() - (50 - i) * HOUR),
      });
      created.push(updateId);
    }
    await addLogEntry(editor.actor, { storyId: story.storyId, kind: "UPDATE", note: "Plain update", significant: false });
    await addLogEntry(editor.actor, { storyId: story.storyId, kind: "EDITORS_NOTE", note: "A note", significant: false });
    const { updateId: hiddenId } = await addLogEntry(editor.actor, { storyId: hidden.storyId, kind: "CORRECTION", note: "Gone", significant: false });
    await unpublishStory(editor.actor, hidden.storyId, hidden.version);

    const page1 = await findCorrectionsPage(1);
    const page2 = await findCorrectionsPage(2);
    expect(page1.corrections).toHaveLength(CORRECTIONS_PER_PAGE);
    expect(page1).toMatchObject({ page: 1, hasPrevious: false, hasNext: true });
    expect(page2).toMatchObject({ page: 2, hasPrevious: true });
    const all = [...page1.corrections, ...page2.corrections];
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    expect(all.every((c) => c.kind === "CORRECTION" || c.kind === "CLARIFICATION")).toBe(true);
    expect(all.map((c) => c.id)).not.toContain(hiddenId);
    const times = all.map((c) => new Date(c.occurredAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // Ours, in the order they appear: newest first.
    expect(all.map((c) => c.id).filter((id) => created.includes(id))).toEqual([...created].reverse().filter((id) => all.some((c) => c.id === id)));
    expect(all.find((c) => c.id === created[0])?.story).toEqual({ slug: story.slug, headline: "Listed story" });
    expect((await findCorrectionsPage(0)).page).toBe(1);
  });
});

type FeedItem = { title: string; link: string; guid: { "#text": string; "@isPermaLink": string }; pubDate: string; description: string };
type FeedChannel = { title: string; link: string; description: string; "atom:link": { "@href": string }; item?: FeedItem[] };
const feedChannel = (xml: string) => (parseXml(xml) as { rss: { "@version": string; channel: FeedChannel } }).rss;

describe("the corrections feed", () => {
  it("is RSS 2.0 with absolute links, and carries hostile text as text", async () => {
    const story = await publishedStory(5, `<script>alert("x")</script> & Sons`);
    await addLogEntry(editor.actor, { storyId: story.storyId, kind: "CORRECTION", note: "Prices were <b>wrong</b> & 'quoted' badly.", significant: true });
    const corrections = await findLatestCorrections(50);
    const xml = correctionsFeedXml({ origin: "https://news.example.com", siteName: "The <Metro> & Ledger", corrections });

    expect(xml).not.toContain("<script>");
    const rss = feedChannel(xml);
    expect(rss["@version"]).toBe("2.0");
    expect(rss.channel).toMatchObject({ title: "Corrections · The <Metro> & Ledger", link: "https://news.example.com/corrections" });
    expect(rss.channel["atom:link"]["@href"]).toBe("https://news.example.com/corrections/feed.xml");
    // Descriptions are rendered as HTML by feed readers, so their text is HTML-escaped inside the XML.
    expect(rss.channel.description).toBe("Corrections and clarifications to stories published by The &lt;Metro&gt; &amp; Ledger.");
    const items = rss.channel.item ?? [];
    expect(items).toHaveLength(corrections.length);
    expect(items[0]).toMatchObject({
      title: `<script>alert("x")</script> & Sons`,
      link: `https://news.example.com/stories/${story.slug}#corrections`,
      guid: { "#text": corrections[0].id, "@isPermaLink": "false" },
      description: "Correction: Prices were &lt;b&gt;wrong&lt;/b&gt; &amp; &#39;quoted&#39; badly.",
    });
    expect(items[0].pubDate).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  });

  it("is still well formed with no items, and drops characters XML cannot hold, lone surrogates included", () => {
    expect(feedChannel(correctionsFeedXml({ origin: "http://localhost:3000", siteName: "Site", corrections: [] })).channel.item).toBeUndefined();
    const correction = {
      id: "c1",
      kind: "CORRECTION" as const,
      note: "a\u0001b \uD800c\uDFFFd \uD83D\uDCF0 & <e>",
      occurredAt: new Date().toISOString(),
      withdrawn: null,
      story: { slug: "s", headline: "H\uDC00" },
    };
    const xml = correctionsFeedXml({ origin: "http://localhost:3000", siteName: "Site\u0008", corrections: [correction] });
    // A lone surrogate is no character at all: it would reach readers as U+FFFD, or break a strict parser.
    // eslint-disable-next-line no-control-regex -- the control characters are what must be gone
    expect(xml).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\u0001\u0008]/);
    const [item] = feedChannel(xml).channel.item!;
    expect(item.title).toBe("H");
    expect(item.description).toBe("Correction: ab cd \uD83D\uDCF0 &amp; &lt;e&gt;");
  });
});

describe("the time field", () => {
  it("reads a datetime-local value as newsroom time, across daylight-saving changes", () => {
    expect(fromLocalInput("2016-12-13T17:05", "America/New_York")?.toISOString()).toBe("2016-12-13T22:05:00.000Z");
    expect(fromLocalInput("2024-07-04T09:30", "America/New_York")?.toISOString()).toBe("2024-07-04T13:30:00.000Z");
    expect(fromLocalInput("2024-07-04T09:30", "Europe/Berlin")?.toISOString()).toBe("2024-07-04T07:30:00.000Z");
    expect(toLocalInput(new Date("2016-12-13T22:05:00Z"), "America/New_York")).toBe("2016-12-13T17:05");
    expect(fromLocalInput("2016-02-30T10:00", "America/New_York")).toBeNull();
    expect(fromLocalInput("yesterday", "America/New_York")).toBeNull();
  });
});

describe("no way to delete an entry", () => {
  it("exists in the library or among the server actions", async () => {
    const modules = [
      await import("@/lib/updates/mutations"),
      await import("@/app/(editor)/desk/stories/log-actions"),
      await import("@/app/(editor)/desk/stories/actions"),
    ];
    for (const exported of modules.flatMap((m) => Object.keys(m))) expect(exported).not.toMatch(/delete.*(update|entry|log|correction)|remove/i);
  });
});
