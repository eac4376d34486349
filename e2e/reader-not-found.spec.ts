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

test("a reader without JavaScript who follows a dead link sees the whole page", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const address of ["/stories/no-such-story", "/sections/no-such-section", "/no-such-page/at/all"]) {
    const response = await page.goto(address);
    expect(response!.status(), address).toBe(404);
    await expect(page.getByRole("banner").getByRole("search", { name: "Site search" }), address).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    const search = page.getByRole("main").getByRole("search", { name: "Search for the page" });
    await expect(search.getByLabel("Search")).toBeVisible();
    const latest = page.getByRole("region", { name: "Latest stories" }).getByRole("heading").getByRole("link");
    await expect(latest.first()).toHaveAttribute("href", /^\/stories\/[a-z0-9-]+$/);
    await expect(page.getByRole("contentinfo")).toBeVisible();
  }
  // The plain form takes the reader on without any script.
  const search = page.getByRole("search", { name: "Search for the page" });
  await search.getByLabel("Search").fill("seawall");
  await search.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/search\?q=seawall$/, FIRST_RENDER);
  await context.close();
});

test("a 404 is complete HTML without Next's scripts, marked noindex, for GET and HEAD alike", async ({ request }) => {
  for (const address of ["/stories/no-such-story", "/tags/no-such-tag", "/no-such-page", "/not-found-document/guessed-token"]) {
    const response = await request.get(address);
    expect(response.status(), address).toBe(404);
    expect(response.headers()["x-robots-tag"], address).toBe("noindex");
    expect(response.headers()["content-security-policy"], address).toMatch(/'nonce-[A-Za-z0-9_-]{22}'/);
    const html = await response.text();
    expect(html, address).toContain("<h1");
    expect(html).toContain("Page not found");
    expect(html).toMatch(/<meta name="robots" content="noindex"\/>/);
    expect(html.match(/<script\b[^>]*>/g) ?? [], `${address} carries no script`).toEqual([]);
    expect(html).not.toMatch(/<link\b[^>]*(?:as="script"|rel="modulepreload")/);
    expect(html).not.toContain("self.__next_f");

    const head = await request.head(address);
    expect(head.status(), address).toBe(404);
    expect(head.headers()["content-type"]).toMatch(/^text\/html/);
    // The page's length (other journeys publish beside this one, so not necessarily this copy's).
    expect(Number(head.headers()["content-length"])).toBeGreaterThan(1000);
  }
});
