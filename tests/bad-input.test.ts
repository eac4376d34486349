// Bad input gets a clear error and changes nothing; unexpected failures show no detail. Each case
// goes through the real server action or route handler, against the real database.
import { readFileSync } from "node:fs";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/permissions";

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/actor", (original) => import("./support/outside-next").then((next) => next.actorFromSession(original, session)));
vi.mock("next/cache", (original) => import("./support/outside-next").then((next) => next.cacheOutsideNext(original)));
vi.mock("next/server", (original) => import("./support/outside-next").then((next) => next.serverOutsideNext(original)));

const { db } = await import("@/lib/db");
const actions = await import("@/app/(editor)/desk/stories/actions");
const scheduling = await import("@/app/(editor)/desk/stories/schedule-actions");
const log = await import("@/app/(editor)/desk/stories/log-actions");
const history = await import("@/app/(editor)/desk/stories/[id]/history/actions");
const taxonomy = await import("@/app/(editor)/desk/sections/actions");
const settings = await import("@/app/(editor)/desk/settings/actions");
const verifyRoute = await import("@/app/(site)/stories/[slug]/history/verify.json/route");
const { runAction, TAMPERED_MESSAGE, UNEXPECTED_MESSAGE } = await import("@/lib/actions");
const { handleErrors, ROUTE_ERROR_BODY } = await import("@/lib/http/json-route");
const { MAX_BODY_CHARACTERS } = await import("@/lib/stories/schemas");
const { createStory } = await import("@/lib/stories/mutations");
const { stopScheduler } = await import("@/lib/scheduling/worker");
const { default: ErrorPage } = await import("@/app/error");
const { default: GlobalError } = await import("@/app/global-error");
const EditStoryPage = (await import("@/app/(editor)/desk/stories/[id]/page")).default;
const StoryHistoryPage = (await import("@/app/(editor)/desk/stories/[id]/history/page")).default;
const { createSection, createUser, storyValues } = await import("./support/factories");

let reporter: Actor;
let editor: Actor;
let admin: Actor;
let sectionId: string;
const MISSING = "00000000-0000-4000-8000-000000000000";

beforeAll(async () => {
  [reporter, editor, admin] = (await Promise.all([createUser("REPORTER"), createUser("EDITOR"), createUser("ADMIN")])).map((u) => u.actor);
  sectionId = (await createSection()).id;
});
afterAll(() => stopScheduler());

const as = (actor: Actor) => void (session.actor = actor);
const unique = () => Math.random().toString(36).slice(2, 10);
const formValues = (overrides: Record<string, unknown> = {}) => ({
  headline: `Bridge reopens ${unique()}`,
  slug: "",
  dek: "",
  body: "Traffic moved again by noon.",
  sectionId,
  creditLine: "",
  bylines: [{ userId: "", name: "Outside Writer", title: "" }],
  relatedIds: [],
  tags: "",
  ...overrides,
});
const publishedStory = () => createStory(editor, { intent: "publish", values: storyValues({ sectionId, slug: `published-${unique()}` }) });
const draftOf = (actor: Actor) => createStory(actor, { intent: "save", values: storyValues({ sectionId, slug: `draft-${unique()}` }) });
const versionOf = async (storyId: string) => (await db().story.findUniqueOrThrow({ where: { id: storyId }, select: { version: true } })).version;

describe("size limits", () => {
  it("refuses a story body over the stated maximum with a message that names it, and saves nothing", async () => {
    as(editor);
    const before = await db().story.count();
    const result = await actions.saveStoryAction({
      storyId: null,
      baseVersion: null,
      intent: "save",
      values: formValues({ body: "x".repeat(MAX_BODY_CHARACTERS + 1) }),
    });
    expect(result).toMatchObject({ ok: false, fieldErrors: { body: [expect.stringContaining("200,000 characters")] } });
    expect(await db().story.count()).toBe(before);
    // The same limit holds for a rich-text document, whatever its shape.
    const doc = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "y".repeat(MAX_BODY_CHARACTERS * 2) }] }] };
    expect(await actions.saveStoryAction({ storyId: null, baseVersion: null, intent: "save", values: formValues({ body: doc }) })).toMatchObject({
      ok: false,
      fieldErrors: { body: [expect.stringContaining("200,000 characters")] },
    });
  });

  it("states the request-body limit for server actions, large enough for the largest story", async () => {
    const config = (await import("../next.config.js")).default as { experimental?: { serverActions?: { bodySizeLimit?: string } } };
    expect(config.experimental?.serverActions?.bodySizeLimit).toBe("2mb");
    // The largest body the schema accepts, in a three-byte script, as the rich-text JSON the editor sends.
    const largest = JSON.stringify(
      formValues({ body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "語".repeat(MAX_BODY_CHARACTERS) }] }] } }),
    );
    expect(Buffer.byteLength(largest)).toBeLessThan(2 * 1024 * 1024);
  });
});

describe("invalid dates", () => {
  it.each(["", "tomorrow", "2026-02-30T10:00", "2026-13-01T10:00", "2026-11-25T24:30", "2026-11-25"])(
    "refuses to schedule at %j with a field error",
    async (publishAt) => {
      as(editor);
      const d = await draftOf(editor);
      const result = await scheduling.scheduleStoryAction({ storyId: d.storyId, baseVersion: d.version, publishAt });
      expect(result).toMatchObject({ ok: false, fieldErrors: { publishAt: [expect.stringMatching(/date and time/i)] } });
      expect(await db().story.findUniqueOrThrow({ where: { id: d.storyId }, select: { status: true } })).toEqual({ status: "DRAFT" });
    },
  );

  it("refuses a time in the past or more than a year ahead", async () => {
    as(editor);
    const d = await draftOf(editor);
    expect(await scheduling.scheduleStoryAction({ storyId: d.storyId, baseVersion: d.version, publishAt: "2020-01-01T09:00" })).toMatchObject({
      ok: false,
      fieldErrors: { publishAt: [expect.stringMatching(/future/)] },
    });
    expect(await scheduling.scheduleStoryAction({ storyId: d.storyId, baseVersion: d.version, publishAt: "2099-01-01T09:00" })).toMatchObject({
      ok: false,
      fieldErrors: { publishAt: [expect.stringMatching(/a year ahead/)] },
    });
  });

  it.each(["yesterday", "2026-02-30T10:00", "2026-11-25T10:61"])("refuses a log entry time of %j with a field error", async (occurredAt) => {
    as(editor);
    const p = await publishedStory();
    const result = await log.addLogEntryAction({ storyId: p.storyId, kind: "UPDATE", note: "Adds a quote.", occurredAt, significant: true });
    expect(result).toMatchObject({ ok: false, fieldErrors: { occurredAt: [expect.any(String)] } });
    expect(await db().storyUpdate.count({ where: { storyId: p.storyId } })).toBe(0);
  });

  it("refuses a site time zone that does not exist, naming what was typed", async () => {
    as(admin);
    const result = await settings.updateSiteSettingsAction({ siteName: "The Ledger", timeZone: "America/Atlantis", defaultSectionId: "" });
    expect(result).toMatchObject({ ok: false, fieldErrors: { timeZone: [expect.stringContaining('"America/Atlantis" is not a time zone')] } });
    for (const bad of ["+05:00", "EST5EDT; DROP", "New York", ""]) {
      expect(await settings.updateSiteSettingsAction({ siteName: "The Ledger", timeZone: bad, defaultSectionId: "" })).toMatchObject({
        ok: false,
        fieldErrors: { timeZone: [expect.any(String)] },
      });
    }
    expect(await settings.updateSiteSettingsAction({ siteName: "   ", timeZone: "Europe/London", defaultSectionId: "" })).toMatchObject({
      ok: false,
      fieldErrors: { siteName: [expect.stringMatching(/name the site/i)] },
    });
  });
});

describe("characters no text can hold", () => {
  it("drops NUL, lone surrogates and other control characters from every story field, and saves", async () => {
    as(editor);
    const dirty = (text: string) => `${text.slice(0, 3)}\u0000\uD800\u0001${text.slice(3)}\uDFFF\uFFFE`;
    const result = await actions.saveStoryAction({
      storyId: null,
      baseVersion: null,
      intent: "save",
      values: formValues({
        headline: dirty("Bridge reopens"),
        dek: dirty("Traffic is back."),
        body: dirty("First paragraph.") + "\n\n" + dirty("Second, with a tab\tkept."),
        creditLine: dirty("The Associated Press contributed."),
        bylines: [{ userId: "", name: dirty("Outside Writer"), title: dirty("Correspondent") }],
        tags: `${dirty("Flood")}, ${dirty("Weather")}`,
      }),
    });
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    const story = await db().story.findUniqueOrThrow({
      where: { id: result.data.storyId },
      select: {
        headline: true,
        dek: true,
        body: true,
        creditLine: true,
        bylines: { select: { name: true, title: true } },
        tags: { select: { tag: { select: { name: true } } } },
      },
    });
    expect(story).toEqual({
      headline: "Bridge reopens",
      dek: "Traffic is back.",
      body: {
        type: "doc",
        content: [
          { type: "paragraph", content: [{ type: "text", text: "First paragraph." }] },
          { type: "paragraph", content: [{ type: "text", text: "Second, with a tab\tkept." }] },
        ],
      },
      creditLine: "The Associated Press contributed.",
      bylines: [{ name: "Outside Writer", title: "Correspondent" }],
      tags: expect.arrayContaining([{ tag: { name: "Flood" } }, { tag: { name: "Weather" } }]),
    });
  });

  it("a field that held only such characters is empty, and says so", async () => {
    as(editor);
    const result = await actions.saveStoryAction({ storyId: null, baseVersion: null, intent: "save", values: formValues({ headline: "\u0000\uD800" }) });
    expect(result).toMatchObject({ ok: false, fieldErrors: { headline: ["Write a headline."] } });
  });
});

describe("unknown ids", () => {
  it("actions on records that do not exist say so instead of failing", async () => {
    as(editor);
    const results = await Promise.all([
      actions.saveStoryAction({ storyId: MISSING, baseVersion: 1, intent: "save", values: formValues() }),
      actions.unpublishStoryAction({ storyId: MISSING, baseVersion: 1 }),
      scheduling.scheduleStoryAction({ storyId: MISSING, baseVersion: 1, publishAt: new Date(Date.now() + 86400_000).toISOString().slice(0, 16) }),
      log.addLogEntryAction({ storyId: MISSING, kind: "UPDATE", note: "A note.", occurredAt: "", significant: true }),
      log.withdrawLogEntryAction({ updateId: MISSING, reason: "Wrong story." }),
      history.restoreRevisionAction({ storyId: MISSING, revisionId: MISSING, baseVersion: 1 }),
      taxonomy.deleteSectionAction({ sectionId: MISSING }),
      taxonomy.deleteTagAction({ tagId: MISSING }),
    ]);
    for (const result of results) {
      expect(result).toEqual({ ok: false, message: expect.stringMatching(/no longer exists|not found|does not exist|no such/i) });
    }
  });

  it.each([MISSING, "not-a-uuid", "../../etc/passwd"])("the editor and revision-history pages answer 404 for story %s", async (id) => {
    as(editor);
    const notFound = expect.objectContaining({ digest: expect.stringContaining("NEXT_HTTP_ERROR_FALLBACK;404") });
    await expect(EditStoryPage({ params: Promise.resolve({ id }) })).rejects.toEqual(notFound);
    await expect(StoryHistoryPage({ params: Promise.resolve({ id }), searchParams: Promise.resolve({}) })).rejects.toEqual(notFound);
  });

  it("verify.json answers 404 JSON for an unknown story", async () => {
    const response = await verifyRoute.GET(new Request("http://test/"), { params: Promise.resolve({ slug: "no-such-story" }) });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: expect.any(String) });
  });
});

describe("tampered hidden fields", () => {
  it.each([
    ["a storyId that is not an id", { storyId: "1 OR 1=1" }],
    ["a baseVersion that is not a number", { baseVersion: "7; DROP TABLE" }],
    ["a negative baseVersion", { baseVersion: -1 }],
    ["an unknown intent", { intent: "publish-now" }],
  ])("refuses %s with a message that says to reload", async (_label, change) => {
    as(reporter);
    const d = await draftOf(reporter);
    const result = await actions.saveStoryAction({
      storyId: d.storyId,
      baseVersion: d.version,
      intent: "save",
      values: formValues({ slug: d.slug }),
      ...change,
    });
    expect(result).toEqual({ ok: false, message: TAMPERED_MESSAGE });
    expect(await versionOf(d.storyId)).toBe(d.version);
  });

  it("refuses a baseVersion changed to another number as a conflict, overwriting nothing", async () => {
    as(reporter);
    const d = await draftOf(reporter);
    const result = await actions.saveStoryAction({
      storyId: d.storyId,
      baseVersion: d.version + 5,
      intent: "save",
      values: formValues({ slug: d.slug, headline: "Overwritten?" }),
    });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/someone else saved/i), conflict: { currentVersion: d.version } });
    expect(await db().story.findUniqueOrThrow({ where: { id: d.storyId }, select: { headline: true } })).not.toEqual({ headline: "Overwritten?" });
  });

  it("refuses a storyId changed to a story this person may not edit", async () => {
    const theirs = await draftOf(editor);
    as(reporter);
    const result = await actions.saveStoryAction({
      storyId: theirs.storyId,
      baseVersion: theirs.version,
      intent: "save",
      values: formValues({ slug: theirs.slug, headline: "Taken over" }),
    });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/only stories you created/i) });
    expect(await versionOf(theirs.storyId)).toBe(theirs.version);
  });

  it("refuses an intent changed to publish by a reporter", async () => {
    as(reporter);
    const d = await draftOf(reporter);
    const result = await actions.saveStoryAction({ storyId: d.storyId, baseVersion: d.version, intent: "publish", values: formValues({ slug: d.slug }) });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/only editors can publish/i) });
  });

  it("refuses input that is not a form at all", async () => {
    as(editor);
    for (const input of [null, "storyId=1", 42, []]) {
      expect(await actions.unpublishStoryAction(input)).toEqual({ ok: false, message: TAMPERED_MESSAGE });
    }
  });
});

describe("unexpected failures show no detail", () => {
  it("an action that fails unexpectedly returns a generic message and logs the detail on the server", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const result = await runAction("forced", async () => {
      throw new Error('relation "Story" does not exist at Parser.parseErrorMessage (/app/node_modules/pg/lib/parser.js:1:1)');
    });
    expect(result).toEqual({ ok: false, message: UNEXPECTED_MESSAGE, unexpected: true });
    expect(JSON.stringify(result)).not.toMatch(/relation|parser|node_modules/);
    expect(logged).toHaveBeenCalledWith("[action forced] unexpected error", expect.any(Error));
    logged.mockRestore();
  });

  it("a real database failure inside an action is reported generically and logged", async () => {
    as(editor);
    // A real refusal from PostgreSQL: a check constraint this test adds, and removes after.
    await db().$executeRawUnsafe(`ALTER TABLE "Story" ADD CONSTRAINT "bad_input_test_refuses" CHECK ("headline" <> 'Refused by the database')`);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const before = await db().story.count();
      const result = await actions.saveStoryAction({
        storyId: null,
        baseVersion: null,
        intent: "save",
        values: formValues({ headline: "Refused by the database" }),
      });
      expect(result).toEqual({ ok: false, message: UNEXPECTED_MESSAGE, unexpected: true });
      expect(JSON.stringify(result)).not.toMatch(/prisma|postgres|constraint|bad_input_test|sql/i);
      expect(logged).toHaveBeenCalledWith("[action saveStory] unexpected error", expect.anything());
      expect(await db().story.count()).toBe(before);
    } finally {
      logged.mockRestore();
      await db().$executeRawUnsafe(`ALTER TABLE "Story" DROP CONSTRAINT "bad_input_test_refuses"`);
    }
  });

  it("a route handler that fails returns generic JSON with status 500 and logs the detail", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const handler = handleErrors("forced", async () => {
      throw new Error('SELECT * FROM "User" failed: password authentication failed for user newsroom');
    });
    const response = await handler();
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual(ROUTE_ERROR_BODY);
    expect(text).not.toMatch(/SELECT|password|newsroom|at /);
    expect(logged).toHaveBeenCalledWith("[route forced] unexpected error", expect.any(Error));
    logged.mockRestore();
  });

  it("every route handler in the app is wrapped", () => {
    for (const file of [
      "app/(site)/stories/[slug]/history/verify.json/route.ts",
      "app/(site)/stories/[slug]/live.json/route.ts",
      "app/(site)/corrections/feed.xml/route.ts",
      "app/api/health/route.ts",
      "app/api/internal/revalidate/route.ts",
    ]) {
      expect([file, /export const (GET|POST) = handleErrors\(/.test(readFileSync(file, "utf8"))]).toEqual([file, true]);
    }
  });

  it("the error pages show a reference, never the error's message or stack", () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint "Story_slug_key"'), { digest: "4242" });
    for (const html of [
      renderToStaticMarkup(createElement(ErrorPage, { error, reset: () => {} })),
      renderToStaticMarkup(createElement(GlobalError, { error })),
    ]) {
      expect(html).toContain("Something went wrong");
      expect(html).toContain("4242");
      expect(html).not.toMatch(/duplicate key|Story_slug_key|at Object|\.ts:/);
    }
  });
});
