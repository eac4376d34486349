import { expect, type Page } from "@playwright/test";
import { FIRST_RENDER } from "./fixtures";

// Visits pages that show stored hostile text and fails if any script ran: a dialog (every payload
// calls alert, prompt or confirm), an uncaught page error, a console error, or the marker global
// that the marker payload sets. Other pages join by adding a line to XSS_PATHS.

/** What the XSS journey stored, for building the addresses that show it. */
export type StoredRecords = { slug: string; storyId: string; sectionSlug: string; tagSlug: string };

/** Every page that shows stored text. Add yours here (feeds, sections, tags, search, author pages). */
export const XSS_PATHS: { name: string; path: (r: StoredRecords) => string; signedIn?: boolean }[] = [
  { name: "front page", path: () => "/" },
  { name: "story page", path: (r) => `/stories/${r.slug}` },
  { name: "story history", path: (r) => `/stories/${r.slug}/history` },
  { name: "corrections page", path: () => "/corrections" },
  { name: "story editor", path: (r) => `/desk/stories/${r.storyId}`, signedIn: true },
  { name: "revision history", path: (r) => `/desk/stories/${r.storyId}/history`, signedIn: true },
  { name: "desk", path: () => "/desk", signedIn: true },
  { name: "sections and tags", path: () => "/desk/sections", signedIn: true },
  { name: "audit log", path: () => "/desk/audit", signedIn: true },
  { name: "section page", path: (r) => `/sections/${r.sectionSlug}` },
  { name: "tag page", path: (r) => `/tags/${r.tagSlug}` },
  { name: "search results", path: () => `/search?q=${encodeURIComponent("svg onload alert")}` },
];

const RSS_ELEMENTS = ["rss", "channel", "title", "link", "description", "language", "lastBuildDate", "item", "guid", "pubDate"];
/** Media RSS, for an item's lead photo: media:content with media:credit and media:description. */
const MEDIA_RSS_ELEMENTS = ["content", "credit", "description"];

/**
 * Machine-readable routes: fetched, not rendered, and checked by their own parsers. Each lists the
 * only elements (local names) it may contain: stored text must never add one.
 */
export const XSS_FEEDS: { name: string; path: (r: StoredRecords) => string; elements: string[] }[] = [
  { name: "corrections feed", path: () => "/corrections/feed.xml", elements: RSS_ELEMENTS },
  { name: "site feed", path: () => "/feed.xml", elements: [...RSS_ELEMENTS, "creator", "category", "encoded", ...MEDIA_RSS_ELEMENTS] },
  {
    name: "section feed",
    path: (r) => `/sections/${r.sectionSlug}/feed.xml`,
    elements: [...RSS_ELEMENTS, "creator", "category", "encoded", ...MEDIA_RSS_ELEMENTS],
  },
  {
    name: "Atom feed",
    path: () => "/atom.xml",
    elements: [
      "feed",
      "title",
      "subtitle",
      "link",
      "id",
      "updated",
      "entry",
      "published",
      "author",
      "name",
      "uri",
      "summary",
      "content",
      "category",
      "rights",
      "generator",
      "icon",
      "logo",
      ...MEDIA_RSS_ELEMENTS,
    ],
  },
];

export const MARKER = "__newsroomXss";

/** Starts listening on a page; returns what was caught so far whenever asked. */
export function watchForScript(page: Page): () => string[] {
  const caught: string[] = [];
  page.on("dialog", (dialog) => {
    caught.push(`dialog ${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("pageerror", (error) => caught.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") caught.push(`console error: ${message.text()}`);
  });
  return () => [...caught];
}

/**
 * Lets the page run everything it has queued: two animation frames (layout, paint, and the events
 * they fire: focus of an autofocus element, a marquee's start) and then a task turn after them
 * (an opened details element's toggle, an image's error). No fixed delay: on a busy machine a
 * delay is either too short or wasted.
 */
function settle(page: Page): Promise<void> {
  return page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => resolve();
            channel.port2.postMessage(null);
          }),
        ),
      ),
  );
}

/** Opens `path`, lets it settle (hover, focus and scroll to give event-handler payloads their chance), and checks that nothing ran. */
export async function expectNoScriptRuns(page: Page, path: string, caught: () => string[]): Promise<void> {
  // `goto` waits for the load event, which comes after every image has loaded or failed (and its
  // onerror has run); the page is then ready when a person could read its headline.
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  await expect(page.locator("h1").first()).toBeVisible();
  // Pages with Next's runtime have hydrated once it announces itself: client components have drawn.
  if (await page.locator('script[src*="/_next/"]').count()) {
    await expect.poll(() => page.evaluate(() => typeof (window as unknown as { next?: { version?: string } }).next?.version), FIRST_RENDER).toBe("string");
  }
  await settle(page);
  // Hovering, focusing and scrolling set off on* handlers, had any been created.
  await page.mouse.move(10, 10);
  for (const element of await page
    .locator("h1, h2, a, p, li")
    .all()
    .then((all) => all.slice(0, 40))) {
    await element.hover({ timeout: 1000, trial: false }).catch(() => {});
  }
  await page.keyboard.press("Tab");
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await settle(page);
  expect(await page.evaluate((marker) => (window as unknown as Record<string, unknown>)[marker] ?? null, MARKER), `${path}: the marker payload ran`).toBeNull();
  expect(caught(), path).toEqual([]);
}
