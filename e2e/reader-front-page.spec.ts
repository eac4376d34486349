import { expect, test } from "@playwright/test";
import { FIRST_RENDER } from "./fixtures";

test("the front page leads with the news, then top stories and a block per section, in section order", async ({ page }) => {
  const response = await page.goto("/");
  expect(response!.status()).toBe(200);
  await expect(page.locator("h1")).toHaveCount(1);
  const main = page.getByRole("main");
  await expect(main.getByRole("heading", { name: "Top stories" })).toBeVisible();
  await expect(main.getByRole("region", { name: "Top stories" }).getByRole("article")).not.toHaveCount(0);

  // Section blocks follow the masthead's order; each links to its section page.
  const nav = page.getByRole("navigation", { name: "Sections" }).getByRole("link");
  const navNames = await nav.allTextContents();
  expect(navNames.slice(0, 4)).toEqual(["Metro", "Politics", "Business", "Weather"]);
  const blockNames = (await main.getByRole("heading", { level: 2 }).allTextContents()).filter((name) => navNames.includes(name));
  expect(blockNames).toEqual(navNames.filter((name) => blockNames.includes(name)));
  await main.getByRole("link", { name: "More in Politics" }).click();
  await expect(page).toHaveURL("/sections/politics", FIRST_RENDER);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Politics");
  await expect(page.getByRole("link", { name: "Council approves protected bike lanes on Harbor Street" })).toBeVisible();

  // The draft in the demo content is nowhere.
  await page.goto("/");
  await expect(page.getByText("Council weighs emergency flood spending")).toHaveCount(0);

  // Sharing and indexing: an absolute canonical address and a card.
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", /^https?:\/\/[^/]+\/$/);
  await expect(page.locator('meta[property="og:type"]')).toHaveAttribute("content", "website");
  await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute("content", "summary");
  await expect(page.locator('link[rel="alternate"][type="application/rss+xml"]').first()).toHaveAttribute("href", /\/feed\.xml$/);

  // The footer's corrections link.
  await page.getByRole("contentinfo").getByRole("link", { name: "Corrections" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Corrections", FIRST_RENDER);
});

test("a story page is ready to share: canonical, article card, and structured data with its writers' pages", async ({ page }) => {
  await page.goto("/stories/alder-river-floods-downtown-as-it-crests-near-record");
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute(
    "href",
    /^https?:\/\/[^/]+\/stories\/alder-river-floods-downtown-as-it-crests-near-record$/,
  );
  await expect(page.locator('meta[property="og:type"]')).toHaveAttribute("content", "article");
  await expect(page.locator('meta[property="article:published_time"]')).toHaveAttribute("content", /^\d{4}-\d{2}-\d{2}T/);
  const data = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!);
  expect(data).toMatchObject({ "@type": "NewsArticle", dateModified: expect.stringMatching(/^\d{4}-/) });
  expect(data.author[0]).toMatchObject({ name: "Sam Okafor", url: expect.stringMatching(/\/authors\/sam-okafor$/) });
  expect(data.author[1].url).toBeUndefined();

  await page.getByRole("link", { name: "Sam Okafor" }).first().click();
  await expect(page).toHaveURL("/authors/sam-okafor", FIRST_RENDER);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sam Okafor");
  await expect(page.getByText("Sam Okafor covers the waterfront and city hall.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Alder River floods downtown as it crests near record" })).toBeVisible();
});
