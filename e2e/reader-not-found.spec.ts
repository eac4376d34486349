import { expect, test } from "@playwright/test";
import { FIRST_RENDER } from "./fixtures";

test("a reader who follows a dead link gets a search box and the latest stories", async ({ page }) => {
  for (const address of ["/no-such-page", "/stories/no-such-story", "/sections/no-such-section", "/tags/no-such-tag", "/authors/no-such-writer"]) {
    const response = await page.goto(address);
    expect(response!.status(), address).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    const main = page.getByRole("main");
    await expect(main.getByRole("heading", { name: "Latest stories" })).toBeVisible();
    const latest = main.getByRole("region", { name: "Latest stories" }).getByRole("heading").getByRole("link");
    await expect(latest.first()).toHaveAttribute("href", /^\/stories\/[a-z0-9-]+$/);
    await expect(main.getByRole("link", { name: "front page" })).toHaveAttribute("href", "/");
  }

  // The search box is a plain form: it works before (and without) any script.
  const search = page.getByRole("search", { name: "Search for the page" });
  await search.getByLabel("Search").fill("seawall");
  await search.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/search\?q=seawall$/, FIRST_RENDER);
});

test("a 404 page is never kept by a search engine", async ({ page }) => {
  await page.goto("/no-such-page");
  await expect(page.locator('meta[name="robots"]').first()).toHaveAttribute("content", /noindex/);
});
