import { expect, type Page, type Response } from "@playwright/test";
import { AP_TIME, openDesk, startStory, test, uniqueHeadline } from "./fixtures";

test.use({ signedInAs: "editor" });

/** Opens `path` and returns the text of every script the page loaded by the time it has loaded. */
async function openCollectingScripts(page: Page, path: string): Promise<{ status: number; scripts: string[] }> {
  const responses: Response[] = [];
  const collect = (response: Response) => {
    if (response.request().resourceType() === "script") responses.push(response);
  };
  page.on("response", collect);
  const response = await page.goto(path);
  page.off("response", collect);
  return { status: response!.status(), scripts: await Promise.all(responses.map((r) => r.text())) };
}

/** The live-updates component asks for the story's live.json: that address is in its script and nowhere else. */
const isLiveUpdatesScript = (source: string) => source.includes("/live.json");

test("an editor runs live coverage, and a reader's open page shows a new update without reloading", async ({ page, browser }) => {
  // The reader's page asks for new entries every 15 seconds: allow three turns on top of the journey.
  test.setTimeout(150_000);
  const headline = uniqueHeadline("Fire closes downtown blocks");
  const note = `Firefighters have contained the blaze ${Date.now().toString(36)}.`;

  await openDesk(page);
  await startStory(page, { headline, section: "Metro", body: "A fire broke out downtown on Tuesday." });
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
  const slug = await page.getByLabel("Slug").inputValue();
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Published at" })).toBeVisible();

  await page.getByRole("button", { name: "Start live coverage" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Live coverage started" })).toBeVisible();
  await expect(page.getByRole("button", { name: "End live coverage" })).toBeVisible();

  const reader = await browser.newContext();
  const readerPage = await reader.newPage();
  const opened = await openCollectingScripts(readerPage, `/stories/${slug}`);
  expect(opened.status).toBe(200);
  // That script alone: the page leaves the server without Next's (server/server-static-html.ts).
  expect(opened.scripts.length, "a live page loads one script").toBe(1);
  expect(opened.scripts.some(isLiveUpdatesScript), "a live page loads the live-updates script").toBe(true);
  const live = readerPage.getByRole("region", { name: "Live updates" });
  await expect(live).toBeVisible();
  await expect(live).toContainText("Updates will appear here as the story develops.");
  // Set on this document only: still there at the end means the page was never reloaded.
  await readerPage.evaluate(() => document.documentElement.setAttribute("data-opened-once", "yes"));

  await page.getByRole("button", { name: "Add update" }).click();
  await page.getByLabel("Update note").fill(note);
  await page.getByRole("button", { name: "Add update" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Update added" })).toBeVisible();

  const entry = live.getByRole("listitem").filter({ hasText: note });
  await expect(async () => {
    await expect(entry).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 45_000 });
  await expect(entry.locator("time[datetime]")).toHaveText(new RegExp(`^${AP_TIME}$`));
  await expect(readerPage.locator("html")).toHaveAttribute("data-opened-once", "yes");
  await reader.close();
});

test("a story that is not live has no live updates", async ({ page }) => {
  const headline = uniqueHeadline("Council meets Tuesday");
  await openDesk(page);
  await startStory(page, { headline, section: "Metro", body: "The council meets." });
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
  const slug = await page.getByLabel("Slug").inputValue();
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Published at" })).toBeVisible();

  // Readers of a story that is not live download no script at all (nor anything one would poll).
  const opened = await openCollectingScripts(page, `/stories/${slug}`);
  expect(opened.status).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: headline })).toBeVisible();
  await expect(page.getByRole("region", { name: "Live updates" })).toHaveCount(0);
  expect(opened.scripts).toEqual([]);
  expect((await page.request.get(`/stories/${slug}/live.json`)).status()).toBe(404);
});
