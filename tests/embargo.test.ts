// Hard embargoes against a real database. First the rule itself: a story whose row says PUBLISHED but
// whose embargo has not lifted by the database's clock reaches no public read in lib (pages, listings,
// search, feeds, sitemaps, related links, redirects, history, corrections, previews for the anonymous),
// and reaches all of them once the database's clock passes the lift. Then the newsroom's side: who may
// set, move, lift and remove an embargo, Publish and Schedule while one holds, and the scheduler that
// lifts it and publishes exactly once, never early.
import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createStory, updateStory } from "@/lib/stories/mutations";
import { setEmbargo } from "@/lib/stories/embargo";
import { findPublishedStory, findRedirectTarget, findStoryForPreview } from "@/lib/stories/public";
import { findAuthorListing, findLatestListed, findSectionListing, findTagListing } from "@/lib/stories/listings";
import { frontPageSlots } from "@/lib/front-page/queries";
import { findSearchResults } from "@/lib/search/search";
import { readSearchRequest } from "@/lib/search/params";
import { findFeedItems } from "@/lib/feeds/feeds";
import { findNewsEntries, findPageSitemapEntries, findStoryPages, findStorySitemapEntries } from "@/lib/sitemaps/sitemaps";
import { findPublishedVersions, findVersionDiff } from "@/lib/history/queries";
import { findCorrectionsPage, findLatestCorrections } from "@/lib/updates/public";
import { addLogEntry } from "@/lib/updates/mutations";
import { storyJsonLd } from "@/lib/stories/structured-data";
import { publishOverdueStories, publishScheduledStory, scheduleStory } from "@/lib/scheduling/schedule";
import { stopScheduler } from "@/lib/scheduling/worker";
import { stopQueue } from "@/lib/scheduling/queue";
import { mediaResponse } from "@/lib/media/serve";
import { textToBody } from "@/lib/body/story-body";
import { publiclyVisible } from "@/lib/stories/visibility";
import { ForbiddenError, InvalidError } from "@/lib/errors";
import { formatApWeekdayTime } from "@/lib/time/ap-style";
import { createSection, createUser, storyValues } from "./support/factories";
import { createProcessedPhoto } from "./support/media";

const ZONE = "America/New_York";
const ORIGIN = "https://news.example";

let reporter: Awaited<ReturnType<typeof createUser>>;
let editor: Awaited<ReturnType<typeof createUser>>;
let section: { id: string; slug: string };

beforeAll(async () => {
  // Nothing listens here: the scheduler's cache-expiry request fails at once (and is logged), as with
  // no web server, and publication must not depend on it. Set before the first read of the environment.
  process.env.NEWSROOM_INTERNAL_ORIGIN = `http://127.0.0.1:${await closedPort()}`;
  [reporter, editor] = await Promise.all([createUser("REPORTER"), createUser("EDITOR")]);
  const created = await createSection();
  section = await db().section.findUniqueOrThrow({ where: { id: created.id }, select: { id: true, slug: true } });
});

// The photo upload queues its renditions job: the queue's connections close before the database is dropped.
afterAll(async () => {
  await stopScheduler();
  await stopQueue();
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const token = () => Math.random().toString(36).slice(2, 10).replace(/\d/g, "q");
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000);
const storyRow = (storyId: string) => db().story.findUniqueOrThrow({ where: { id: storyId } });
const auditActions = async (storyId: string) =>
  (await db().auditEvent.findMany({ where: { entityId: storyId, action: { startsWith: "story.embargo" } }, orderBy: { createdAt: "asc" } })).map(
    (e) => e.action,
  );

/** Sets the lift by the database's own clock, as if that moment had come or were `seconds` away. */
const liftIn = (storyId: string, seconds: number) =>
  db().$executeRaw`UPDATE "Story" SET "embargoUntil" = now() + make_interval(secs => ${seconds}) WHERE id = ${storyId}::uuid`;

/**
 * A story reachable through every public read: published in a section, with a tag, a staff byline,
 * an old slug that redirects, a correction, a public history, and another story that relates to it.
 */
async function storyEverywhere() {
  const word = `zorblat${token()}`;
  const headline = `Council ${word} vote held for the morning`;
  const first = await createStory(editor.actor, {
    intent: "publish",
    values: storyValues({
      headline,
      slug: `${word}-first`,
      sectionId: section.id,
      tags: `Tag ${word}`,
      bylines: [{ userId: editor.user.id, name: "", title: "" }],
    }),
  });
  const renamed = await updateStory(editor.actor, {
    storyId: first.storyId,
    baseVersion: first.version,
    intent: "save",
    values: storyValues({ headline, slug: word, sectionId: section.id, tags: `Tag ${word}`, bylines: [{ userId: editor.user.id, name: "", title: "" }] }),
  });
  await addLogEntry(editor.actor, { storyId: first.storyId, kind: "CORRECTION", note: `An earlier version misspelled ${word}.`, significant: true });
  const relating = await createStory(editor.actor, {
    intent: "publish",
    values: storyValues({ headline: `Another story ${token()}`, sectionId: section.id, relatedIds: [first.storyId] }),
  });
  const tag = await db().tag.findFirstOrThrow({ where: { name: `Tag ${word}` }, select: { slug: true } });
  return { storyId: first.storyId, slug: renamed.slug, oldSlug: `${word}-first`, word, headline, relatingSlug: relating.slug, tagSlug: tag.slug };
}

type Everywhere = Awaited<ReturnType<typeof storyEverywhere>>;

/** Every public read in lib, as readers would get it, keyed by what it is. */
async function publicReads(s: Everywhere): Promise<Record<string, unknown>> {
  const page = await findPublishedStory(s.slug);
  const storyPages = await findStoryPages();
  return {
    "story page": page,
    "structured data": page ? storyJsonLd(page, { name: "The Ledger", origin: ORIGIN }) : null,
    "old slug's redirect": await findRedirectTarget(s.oldSlug),
    "related link from another story": (await findPublishedStory(s.relatingSlug))?.related,
    "front page": await frontPageSlots(),
    "latest stories": await findLatestListed(20),
    "section page": await findSectionListing(section.slug, 1),
    "tag page": await findTagListing(s.tagSlug, 1),
    "author page": await findAuthorListing(editor.user.id, 1),
    search: await findSearchResults(readSearchRequest({ q: s.word }, ZONE)),
    "site feed": await findFeedItems({ kind: "site" }, ORIGIN),
    "section feed": await findFeedItems({ kind: "section", sectionId: section.id }, ORIGIN),
    "author feed": await findFeedItems({ kind: "author", userId: editor.user.id }, ORIGIN),
    "story sitemaps": await Promise.all(storyPages.map((p) => findStorySitemapEntries(p.page, ORIGIN))),
    "pages sitemap": await findPageSitemapEntries(ORIGIN),
    "Google News sitemap": await findNewsEntries(ORIGIN),
    history: await findPublishedVersions(s.slug),
    // The first version's diff says only "first": it counts as showing the story when it answers for its address.
    "history diff": (await findVersionDiff(s.slug, 1)) ? { answersFor: s.slug } : null,
    corrections: await findCorrectionsPage(1),
    "corrections feed": await findLatestCorrections(50),
    "preview for someone signed out": await findStoryForPreview(s.storyId, null),
  };
}

/** The reads that show the story (its headline, slug or distinctive word). */
async function readsShowing(s: Everywhere): Promise<string[]> {
  const reads = await publicReads(s);
  return Object.entries(reads)
    .filter(([, value]) => {
      const text = JSON.stringify(value ?? null);
      return text.includes(s.word) || text.includes(s.headline);
    })
    .map(([name]) => name);
}

/** The reads that name the story in any way, once it is visible (the pages sitemap lists only sections, tags and authors). */
const ALL_SHOWING = [
  "story page",
  "structured data",
  "old slug's redirect",
  "related link from another story",
  "front page",
  "latest stories",
  "section page",
  "tag page",
  "author page",
  "search",
  "site feed",
  "section feed",
  "author feed",
  "story sitemaps",
  "pages sitemap",
  "Google News sitemap",
  "history",
  "history diff",
  "corrections",
  "corrections feed",
  "preview for someone signed out",
];

describe("the one rule for readers, judged by the database's clock", () => {
  it("keeps a published row under embargo out of every public read, and lets it into all of them after the lift", async () => {
    const s = await storyEverywhere();
    expect((await readsShowing(s)).sort()).toEqual([...ALL_SHOWING].sort());

    await liftIn(s.storyId, 3600);
    expect(await readsShowing(s)).toEqual([]);
    // The newsroom still opens its preview.
    expect((await findStoryForPreview(s.storyId, editor.actor))?.headline).toBe(s.headline);
    expect((await findStoryForPreview(s.storyId, reporter.actor))?.headline).toBe(s.headline);

    await liftIn(s.storyId, -1);
    expect((await readsShowing(s)).sort()).toEqual([...ALL_SHOWING].sort());
  });

  it("lets the story in at the moment the database's clock reaches the lift, not before", async () => {
    const s = await storyEverywhere();
    await liftIn(s.storyId, 3);
    const { embargoUntil } = await storyRow(s.storyId);
    // Poll the rule until the story shows, then check the database's clock had passed the lift by then
    // (read right after the check that showed it: a clock read before it may still be short of the lift).
    let seenAt: Date | null = null;
    for (let i = 0; i < 600 && !seenAt; i++) {
      const shown = await findPublishedStory(s.slug);
      const [row] = await db().$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
      if (shown) seenAt = row.now;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(seenAt).not.toBeNull();
    expect(seenAt!.getTime()).toBeGreaterThanOrEqual(embargoUntil!.getTime());
    expect((await readsShowing(s)).sort()).toEqual([...ALL_SHOWING].sort());
  });

  it("is the same rule in the Prisma filter and in raw SQL", async () => {
    const s = await storyEverywhere();
    await liftIn(s.storyId, 3600);
    const [raw] = await db().$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM "Story" s WHERE s.id = $1::uuid AND ${(await import("@/lib/stories/visibility")).PUBLICLY_VISIBLE_SQL}`,
      s.storyId,
    );
    expect(Number(raw.n)).toBe(0);
    expect(await db().story.count({ where: await publiclyVisible({ id: s.storyId }) })).toBe(0);
  });
});

describe("an embargoed story's photos", () => {
  it("are served to no reader while the embargo holds by the database's clock, and to everyone, cached for good, after the lift", async () => {
    const [lead, inline] = await Promise.all([createProcessedPhoto(editor.actor), createProcessedPhoto(editor.actor, "f6t.jpg")]);
    const files = await db().mediaRendition.findMany({ where: { mediaId: { in: [lead.id, inline.id] } }, select: { file: true, mediaId: true } });
    // Both photos have renditions to ask for.
    expect(new Set(files.map((f) => f.mediaId))).toEqual(new Set([lead.id, inline.id]));
    const body = textToBody("The vote was held back.");
    const story = await createStory(editor.actor, {
      intent: "publish",
      values: storyValues({
        sectionId: section.id,
        leadMediaId: lead.id,
        leadAlt: "Council chamber",
        leadCredit: "Newsroom staff",
        body: { ...body, content: [...body.content, { type: "image", attrs: { mediaId: inline.id, alt: "The ballot box", credit: "Newsroom staff" } }] },
      }),
    });
    expect((await storyRow(story.storyId)).status).toBe("PUBLISHED");
    const anonymous = async () => null;
    const statuses = async () => Promise.all(files.map(async ({ file }) => (await mediaResponse(file, "GET", anonymous)).status));
    // Published, so public: the check below can fail.
    expect(new Set(await statuses())).toEqual(new Set([200]));

    // The row still says PUBLISHED; only the embargo, an hour off by the database's clock, holds it.
    await liftIn(story.storyId, 3600);
    expect((await storyRow(story.storyId)).status).toBe("PUBLISHED");
    expect(new Set(await statuses())).toEqual(new Set([404]));
    for (const { file } of files) expect((await mediaResponse(file, "HEAD", anonymous)).status).toBe(404);
    // The newsroom still sees them, never cached by anyone else.
    const forNewsroom = await mediaResponse(files[0].file, "GET", async () => reporter.actor);
    expect(forNewsroom.status).toBe(200);
    expect(forNewsroom.headers.get("Cache-Control")).toBe("private, no-store");

    // A second past the lift by the database's clock, with no job having run: public, cached for a year.
    await liftIn(story.storyId, -1);
    for (const { file } of files) {
      const answer = await mediaResponse(file, "GET", anonymous);
      expect(answer.status).toBe(200);
      expect(answer.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    }
  });
});

const draft = (overrides = {}) => createStory(reporter.actor, { intent: "save", values: storyValues({ sectionId: section.id, ...overrides }) });

describe("setting, moving, lifting and removing an embargo", () => {
  it("lets the author hold their story and hold it longer, and only an editor let it out sooner, each audited", async () => {
    const story = await draft();
    const set = await setEmbargo(reporter.actor, { storyId: story.storyId, baseVersion: story.version, until: inMinutes(60) });
    expect(set.change).toBe("set");
    const later = await setEmbargo(reporter.actor, { storyId: story.storyId, baseVersion: set.version, until: inMinutes(120) });
    expect(later.change).toBe("changed");

    const sooner = setEmbargo(reporter.actor, { storyId: story.storyId, baseVersion: later.version, until: inMinutes(30) });
    await expect(sooner).rejects.toBeInstanceOf(ForbiddenError);
    await expect(setEmbargo(reporter.actor, { storyId: story.storyId, baseVersion: later.version, until: null })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await storyRow(story.storyId)).version).toBe(later.version);

    const shortened = await setEmbargo(editor.actor, { storyId: story.storyId, baseVersion: later.version, until: inMinutes(30) });
    expect(shortened.change).toBe("changed");
    const removed = await setEmbargo(editor.actor, { storyId: story.storyId, baseVersion: shortened.version, until: null });
    expect(removed.change).toBe("removed");
    expect((await storyRow(story.storyId)).embargoUntil).toBeNull();
    expect(await auditActions(story.storyId)).toEqual(["story.embargo.set", "story.embargo.changed", "story.embargo.changed", "story.embargo.removed"]);
  });

  it("lifts at once when an editor gives a time already past", async () => {
    const story = await draft();
    const set = await setEmbargo(editor.actor, { storyId: story.storyId, baseVersion: story.version, until: inMinutes(60) });
    const lifted = await setEmbargo(editor.actor, { storyId: story.storyId, baseVersion: set.version, until: inMinutes(-5) });
    expect(lifted.change).toBe("lifted");
    expect((await storyRow(story.storyId)).embargoUntil).toBeNull();
    expect(await auditActions(story.storyId)).toEqual(["story.embargo.set", "story.embargo.lifted"]);
  });

  it("refuses a past time when there is no embargo, and any embargo on a story readers have already seen", async () => {
    const story = await draft();
    await expect(setEmbargo(editor.actor, { storyId: story.storyId, baseVersion: story.version, until: inMinutes(-5) })).rejects.toMatchObject({
      fieldErrors: { embargoUntil: [expect.stringContaining("future")] },
    });
    const published = await createStory(editor.actor, { intent: "publish", values: storyValues({ sectionId: section.id }) });
    await expect(setEmbargo(editor.actor, { storyId: published.storyId, baseVersion: published.version, until: inMinutes(60) })).rejects.toBeInstanceOf(
      InvalidError,
    );
    expect((await storyRow(published.storyId)).embargoUntil).toBeNull();
  });
});

describe("publishing while embargoed", () => {
  it("turns Publish, admins' included, into a schedule at the lift, saying so, with nothing public", async () => {
    const admin = await createUser("ADMIN");
    const story = await draft();
    const lift = inMinutes(90);
    const set = await setEmbargo(reporter.actor, { storyId: story.storyId, baseVersion: story.version, until: lift });
    const result = await updateStory(admin.actor, {
      storyId: story.storyId,
      baseVersion: set.version,
      intent: "publish",
      values: storyValues({ sectionId: section.id, slug: story.slug }),
    });
    expect(result.status).toBe("SCHEDULED");
    expect(result.tags).toEqual([]);
    expect(result.notice).toBe(`Embargoed until ${formatApWeekdayTime(lift, ZONE)}. Not published now: it is scheduled and goes live by itself then.`);
    const row = await storyRow(story.storyId);
    expect(row).toMatchObject({ status: "SCHEDULED", firstPublishedAt: null });
    expect(row.scheduledAt!.getTime()).toBe(lift.getTime());
    expect(await db().publishedVersion.count({ where: { storyId: story.storyId } })).toBe(0);
  });

  it("refuses a schedule before the lift with the lift time, and takes one at or after it", async () => {
    const story = await draft();
    const lift = inMinutes(90);
    const set = await setEmbargo(reporter.actor, { storyId: story.storyId, baseVersion: story.version, until: lift });
    const early = scheduleStory(editor.actor, { storyId: story.storyId, baseVersion: set.version, publishAt: inMinutes(30) });
    await expect(early).rejects.toBeInstanceOf(InvalidError);
    await expect(early).rejects.toMatchObject({
      message: `Embargoed until ${formatApWeekdayTime(lift, ZONE)}. It goes live by itself then: schedule it for that time or later.`,
    });
    const ok = await scheduleStory(editor.actor, { storyId: story.storyId, baseVersion: set.version, publishAt: inMinutes(120) });
    expect(ok.status).toBe("SCHEDULED");
  });

  it("moves a story waiting for the lift along with the lift, later or sooner", async () => {
    const story = await draft();
    const set = await setEmbargo(reporter.actor, { storyId: story.storyId, baseVersion: story.version, until: inMinutes(60) });
    const held = await updateStory(editor.actor, {
      storyId: story.storyId,
      baseVersion: set.version,
      intent: "publish",
      values: storyValues({ sectionId: section.id, slug: story.slug }),
    });
    const later = inMinutes(180);
    // Scheduled, it is no longer its reporter's to change.
    await expect(setEmbargo(reporter.actor, { storyId: story.storyId, baseVersion: held.version, until: later })).rejects.toBeInstanceOf(ForbiddenError);
    const moved = await setEmbargo(editor.actor, { storyId: story.storyId, baseVersion: held.version, until: later });
    expect((await storyRow(story.storyId)).scheduledAt!.getTime()).toBe(later.getTime());
    const sooner = inMinutes(20);
    await setEmbargo(editor.actor, { storyId: story.storyId, baseVersion: moved.version, until: sooner });
    expect((await storyRow(story.storyId)).scheduledAt!.getTime()).toBe(sooner.getTime());
  });
});

describe("the lift", () => {
  async function heldForLift() {
    const story = await draft();
    const set = await setEmbargo(reporter.actor, { storyId: story.storyId, baseVersion: story.version, until: inMinutes(60) });
    await updateStory(editor.actor, {
      storyId: story.storyId,
      baseVersion: set.version,
      intent: "publish",
      values: storyValues({ sectionId: section.id, slug: story.slug }),
    });
    return story;
  }

  it("is never early: a due job before the lift publishes nothing", async () => {
    const story = await heldForLift();
    // The schedule's time has come, but the embargo (by the database's clock) has not.
    await db().$executeRaw`UPDATE "Story" SET "scheduledAt" = now() - interval '1 minute' WHERE id = ${story.storyId}::uuid`;
    expect(await publishScheduledStory(story.storyId)).toBeNull();
    expect(await publishOverdueStories()).toBe(0);
    expect(await storyRow(story.storyId)).toMatchObject({ status: "SCHEDULED", firstPublishedAt: null });
  });

  it("publishes exactly once at the lift, records the lift, and starts the public history then", async () => {
    const story = await heldForLift();
    await db()
      .$executeRaw`UPDATE "Story" SET "embargoUntil" = now() - interval '1 second', "scheduledAt" = now() - interval '1 second' WHERE id = ${story.storyId}::uuid`;
    const { embargoUntil } = await storyRow(story.storyId);
    const [a, b] = await Promise.all([publishScheduledStory(story.storyId), publishScheduledStory(story.storyId)]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(await publishScheduledStory(story.storyId)).toBeNull();
    const row = await storyRow(story.storyId);
    expect(row).toMatchObject({ status: "PUBLISHED", embargoUntil: null });
    const versions = await db().publishedVersion.findMany({ where: { storyId: story.storyId } });
    expect(versions).toHaveLength(1);
    expect(versions[0].publishedAt.getTime()).toBeGreaterThanOrEqual(embargoUntil!.getTime());
    const lifted = await db().auditEvent.findMany({ where: { entityId: story.storyId, action: "story.embargo.lifted" } });
    expect(lifted).toHaveLength(1);
    expect(lifted[0].actorId).toBeNull();
    expect(await findPublishedStory(story.slug)).not.toBeNull();
  });

  it("is caught up by the overdue sweep after downtime, and lifts an embargo no one scheduled", async () => {
    const held = await heldForLift();
    const unscheduled = await draft();
    await setEmbargo(reporter.actor, { storyId: unscheduled.storyId, baseVersion: unscheduled.version, until: inMinutes(60) });
    await db()
      .$executeRaw`UPDATE "Story" SET "embargoUntil" = now() - interval '10 minutes', "scheduledAt" = now() - interval '10 minutes' WHERE id IN (${held.storyId}::uuid, ${unscheduled.storyId}::uuid)`;
    expect(await publishOverdueStories()).toBe(1);
    expect(await storyRow(held.storyId)).toMatchObject({ status: "PUBLISHED", embargoUntil: null });
    expect(await storyRow(unscheduled.storyId)).toMatchObject({ status: "DRAFT", embargoUntil: null });
    expect(await auditActions(unscheduled.storyId)).toEqual(["story.embargo.set", "story.embargo.lifted"]);
  });
});
