import { expect, type Page } from "@playwright/test";
import { openDesk, startStory, test, uniqueHeadline } from "./fixtures";

test.use({ signedInAs: "editor" });

const EDITOR_PAGE = "/authors/priya-natarajan";

/** Loads each page once, as a reader would: no reloads, so a stale cached copy would fail the check. */
async function expectListedOn(reader: Page, paths: string[], headline: string, listed: boolean) {
  for (const path of paths) {
    const response = await reader.goto(path);
    const link = reader.getByRole("main").getByRole("link", { name: headline, exact: true });
    if (listed) {
      expect(response!.status(), path).toBe(200);
      await expect(link, path).toHaveCount(1);
    } else {
      await expect(link, path).toHaveCount(0);
    }
  }
}

test("a publication shows at once on the front, section, tag and author pages, and an unpublication leaves them", async ({ page, browser }) => {
  // Four listings read three times over, and the editor's own steps: more than the default minute on a busy machine.
  test.setTimeout(150_000);
  const headline = uniqueHeadline("Frost warning for the upper valley");
  const tagName = `Frost ${Date.now().toString(36)}`;
  const tagPage = `/tags/${tagName.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  const listings = ["/", "/sections/weather", tagPage, EDITOR_PAGE];

  const reader = await (await browser.newContext()).newPage();
  // Every listing is in the cache before the story exists (the tag page as a cached 404).
  for (const path of listings) await reader.goto(path);
  expect((await reader.goto(tagPage))!.status()).toBe(404);

  await openDesk(page);
  await startStory(page, { headline, section: "Weather", body: "Lows near 28 degrees are expected overnight." });
  await page.getByLabel("Tags").fill(tagName);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved at" })).toBeVisible();
  await expectListedOn(reader, listings, headline, false);

  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Published at" })).toBeVisible();
  await expectListedOn(reader, listings, headline, true);

  // On the front page its byline links to the author page.
  await reader.goto("/");
  const listed = reader
    .getByRole("main")
    .getByRole("article")
    .filter({ has: reader.getByRole("link", { name: headline, exact: true }) });
  await expect(listed.getByRole("link", { name: "Priya Natarajan" })).toHaveAttribute("href", EDITOR_PAGE);

  await page.getByRole("button", { name: "Unpublish" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Unpublished" })).toBeVisible();
  await expectListedOn(reader, listings, headline, false);
  expect((await reader.goto(tagPage))!.status()).toBe(404);
  await reader.context().close();
});
