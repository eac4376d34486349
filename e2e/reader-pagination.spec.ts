import { expect, test, type Page } from "@playwright/test";
import { seedDesk, type SeededDesk } from "./reader-seed";
import { FIRST_RENDER } from "./fixtures";

/** LISTING_PAGE_SIZE in lib/stories/listings.ts (a server-only module). */
const LISTING_PAGE_SIZE = 20;

const headlinesOn = (page: Page) => page.getByRole("main").getByRole("listitem").getByRole("heading");

async function expectNoHidden(page: Page, desk: SeededDesk) {
  for (const story of desk.hidden) await expect(page.getByText(story.headline)).toHaveCount(0);
}

test("a reader pages through a section, newest first, and never sees an unpublished story", async ({ page }) => {
  const desk = await seedDesk(LISTING_PAGE_SIZE + 5, "Harbor");
  const base = `/sections/${desk.section.slug}`;

  const response = await page.goto(base);
  expect(response!.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(desk.section.name);
  await expect(headlinesOn(page)).toHaveText(desk.published.slice(0, LISTING_PAGE_SIZE).map((s) => s.headline));
  await expectNoHidden(page, desk);
  const pages = page.getByRole("navigation", { name: "Pages" });
  await expect(pages.getByText("Page 1", { exact: true })).toBeVisible();
  await expect(pages.getByRole("link", { name: "Newer" })).toHaveCount(0);

  await pages.getByRole("link", { name: "Older" }).click();
  await expect(page).toHaveURL(`${base}/page/2`, FIRST_RENDER);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Page 2");
  await expect(headlinesOn(page)).toHaveText(desk.published.slice(LISTING_PAGE_SIZE).map((s) => s.headline));
  await expectNoHidden(page, desk);
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", new RegExp(`${base}/page/2$`));
  await expect(pages.getByRole("link", { name: "Older" })).toHaveCount(0);
  await expect(pages.getByRole("link", { name: "Newer" })).toHaveAttribute("rel", "prev");

  await pages.getByRole("link", { name: "Newer" }).click();
  await expect(page).toHaveURL(base);

  // Page 1 has one address; pages past the end, and page numbers that are not plain numbers, are not pages.
  await page.goto(`${base}/page/1`);
  await expect(page).toHaveURL(base);
  for (const missing of [`${base}/page/3`, `${base}/page/0`, `${base}/page/02`, `${base}/page/two`]) {
    expect((await page.goto(missing))!.status(), missing).toBe(404);
  }
});

test("a tag's and a writer's pages list their published stories, with pages of their own", async ({ page }) => {
  const desk = await seedDesk(LISTING_PAGE_SIZE + 2, "Ferry");

  await page.goto(`/tags/${desk.tag.slug}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(desk.tag.name);
  await expect(headlinesOn(page)).toHaveCount(LISTING_PAGE_SIZE);
  await expectNoHidden(page, desk);
  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Older" }).click();
  await expect(page).toHaveURL(`/tags/${desk.tag.slug}/page/2`, FIRST_RENDER);
  await expect(headlinesOn(page)).toHaveText(desk.published.slice(LISTING_PAGE_SIZE).map((s) => s.headline));

  await page.goto(`/authors/${desk.author.slug}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(desk.author.name);
  await expect(page.getByText("Staff writer", { exact: true })).toBeVisible();
  await expect(page.getByText(desk.author.bio)).toBeVisible();
  await expect(headlinesOn(page).first()).toHaveText(desk.published[0].headline);
  await expectNoHidden(page, desk);
  const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!);
  expect(jsonLd.mainEntity).toMatchObject({
    "@type": "Person",
    name: desk.author.name,
    url: expect.stringMatching(new RegExp(`/authors/${desk.author.slug}$`)),
  });
  expect((await page.goto(`/authors/${desk.author.slug}/page/2`))!.status()).toBe(200);
  await expect(headlinesOn(page)).toHaveCount(2);
  expect((await page.goto(`/authors/${desk.author.slug}/page/3`))!.status()).toBe(404);

  // A story's own page links its section, tag and writer to these pages.
  await page.goto(`/stories/${desk.published[0].slug}`);
  await page.getByRole("link", { name: desk.author.name }).click();
  await expect(page).toHaveURL(`/authors/${desk.author.slug}`, FIRST_RENDER);
  await page.goto(`/stories/${desk.published[0].slug}`);
  await page.getByRole("navigation", { name: "Tags" }).getByRole("link", { name: desk.tag.name }).click();
  await expect(page).toHaveURL(`/tags/${desk.tag.slug}`, FIRST_RENDER);
  await page.goto(`/stories/${desk.published[0].slug}`);
  await page.getByRole("article").getByRole("link", { name: desk.section.name }).click();
  await expect(page).toHaveURL(`/sections/${desk.section.slug}`, FIRST_RENDER);

  // Unpublished stories are not pages at all.
  for (const story of desk.hidden) expect((await page.goto(`/stories/${story.slug}`))!.status(), story.status).toBe(404);
});
