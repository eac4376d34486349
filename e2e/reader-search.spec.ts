import { expect, type Page } from "@playwright/test";
import { FIRST_RENDER, openDesk, test } from "./fixtures";

// A reader searches the archive with the plain GET form (no client JavaScript needed), filters by
// section and date, pages through results; feeds and sitemaps are served as XML.

/** The search page's own form (the masthead has a search form too). */
const searchForm = (page: Page) => page.getByRole("search", { name: "Story search" });

async function search(page: Page, query: string) {
  await searchForm(page).getByLabel("Search stories").fill(query);
  await searchForm(page).getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/\/search\?/, FIRST_RENDER);
}

const results = (page: Page) => page.getByRole("region", { name: /match/ }).getByRole("listitem");

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a reader finds published stories, never drafts, with matches marked", async ({ page }) => {
    await page.goto("/search");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Search");
    await expect(page.locator("h1")).toHaveCount(1);
    await expect(searchForm(page)).toBeVisible();

    await search(page, "flood");
    await expect(page.getByRole("heading", { name: /stories match “flood”/ })).toBeVisible();
    await expect(page.getByRole("link", { name: "Alder River floods downtown as it crests near record" })).toBeVisible();
    // The seed's draft is about flood spending: it must not be found.
    await expect(page.getByText("Council weighs emergency flood spending")).toHaveCount(0);
    await expect(page.locator("mark").first()).toBeVisible();
    await expect(page.getByLabel("Search stories")).toHaveValue("flood");
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);

    await page.getByRole("link", { name: "Alder River floods downtown as it crests near record" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Alder River floods downtown as it crests near record");
  });

  test("filters by section and by dates", async ({ page }) => {
    await page.goto("/search?q=flood");
    const all = await results(page).count();
    expect(all).toBeGreaterThan(1);
    await searchForm(page).getByLabel("Section").selectOption({ label: "Weather" });
    await searchForm(page).getByRole("button", { name: "Search", exact: true }).click();
    await expect(page).toHaveURL(/section=weather/, FIRST_RENDER);
    await expect(searchForm(page).getByLabel("Section")).toHaveValue("weather");
    const inWeather = await results(page).count();
    expect(inWeather).toBeGreaterThan(0);
    expect(inWeather).toBeLessThan(all);
    for (const item of await results(page).all()) await expect(item.getByText("Weather", { exact: true })).toBeVisible();

    await page.goto("/search?q=flood&from=2999-01-01");
    await expect(page.getByRole("heading", { name: "No stories match “flood”." })).toBeVisible();
    await expect(searchForm(page).getByLabel("From")).toHaveValue("2999-01-01");
  });

  test("hostile, empty and one-letter queries get a page, not an error", async ({ page }) => {
    for (const q of ["<script>alert(1)</script>", '\'; DROP TABLE "Story"; --', 'storm & | ! :* ( ) <-> "unbalanced', "\u0000", "a", "x".repeat(500)]) {
      const response = await page.goto(`/search?q=${encodeURIComponent(q)}&page=abc&from=not-a-date`);
      expect(response!.status()).toBe(200);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Search");
      await expect(page.locator("script:not([src])").filter({ hasText: "alert(1)" })).toHaveCount(0);
    }
    await page.goto(`/search?q=${encodeURIComponent("x".repeat(500))}`);
    await expect(page.getByText(/Only the first 200 characters/)).toBeVisible();
    await page.goto("/search?q=a");
    await expect(page.getByText("Type at least two letters or digits to search.")).toBeVisible();
    await page.goto("/search?q=");
    await expect(page.getByText(/Search every story we have published/)).toBeVisible();
  });
});

test.describe("an editor's stories", () => {
  test.use({ signedInAs: "editor" });

  test("results run to several pages with a count and next/previous links", async ({ page, browser }) => {
    test.setTimeout(240_000);
    const word = `quokka${Date.now().toString(36)}`;
    await openDesk(page);
    for (let i = 1; i <= 11; i++) {
      await page.goto("/desk/stories/new");
      await page.getByLabel("Headline").fill(`Story ${i} about the ${word}`);
      await page.getByLabel("Section").selectOption({ label: "Metro" });
      await page.getByLabel("Body").click();
      await page.keyboard.type(`The ${word} was seen again, for the ${i} time.`);
      await page.getByRole("button", { name: "Publish" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Published at" })).toBeVisible();
    }

    const reader = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await reader.goto(`/search?q=${word}`);
    await expect(reader.getByRole("heading", { name: `11 stories match “${word}” · page 1 of 2` })).toBeVisible(FIRST_RENDER);
    await expect(results(reader)).toHaveCount(10);
    await reader.getByRole("link", { name: "Next page" }).click();
    await expect(reader).toHaveURL(new RegExp(`page=2`), FIRST_RENDER);
    await expect(results(reader)).toHaveCount(1);
    await expect(reader.getByRole("link", { name: "Story 1 about the" })).toBeVisible();
    await reader.getByRole("link", { name: "Previous page" }).click();
    await expect(results(reader)).toHaveCount(10);
  });
});

test("feeds, sitemaps and robots.txt are served with their content types", async ({ request }) => {
  const expectations: [string, RegExp, RegExp][] = [
    ["/feed.xml", /^application\/rss\+xml/, /<rss version="2.0"/],
    ["/atom.xml", /^application\/atom\+xml/, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/],
    ["/sections/metro/feed.xml", /^application\/rss\+xml/, /<title>Metro · /],
    ["/authors/sam-okafor/feed.xml", /^application\/rss\+xml/, /<title>Sam Okafor · /],
    ["/sitemap.xml", /^application\/xml/, /<sitemapindex/],
    ["/sitemaps/pages.xml", /^application\/xml/, /<urlset/],
    ["/sitemaps/stories/1.xml", /^application\/xml/, /alder-river-floods-downtown-as-it-crests-near-record/],
    ["/news-sitemap.xml", /^application\/xml/, /<urlset[^>]*xmlns:news=/],
    ["/robots.txt", /^text\/plain/, /Sitemap: .*\/sitemap\.xml/],
  ];
  for (const [path, type, body] of expectations) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["content-type"], path).toMatch(type);
    expect(await response.text(), path).toMatch(body);
  }
  const robots = await (await request.get("/robots.txt")).text();
  for (const path of ["/desk", "/preview", "/api", "/signin"]) expect(robots).toContain(`Disallow: ${path}`);
  expect(robots).toMatch(/Sitemap: .*\/news-sitemap\.xml/);
  for (const path of ["/sections/no-such-section/feed.xml", "/authors/nobody-at-all/feed.xml", "/sitemaps/stories/99.xml", "/sitemaps/stories/x.xml"]) {
    expect((await request.get(path)).status(), path).toBe(404);
  }
  const feed = await (await request.get("/feed.xml")).text();
  expect(feed).not.toContain("Council weighs emergency flood spending");
});
