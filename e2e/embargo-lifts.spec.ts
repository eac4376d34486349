import { expect } from "@playwright/test";
import { FIRST_RENDER, openDesk, test } from "./fixtures";
import { localMinute, writeEmbargoedStory } from "./embargo-helpers";

test.use({ signedInAs: "editor" });

test("an embargoed story cannot be published early, shows as embargoed on the desk, and goes live by itself at the lift", async ({ page, browser }) => {
  test.setTimeout(240_000);
  // 90 s or more ahead, so that a minute before the lift is still in the future when Schedule is tried.
  const story = await writeEmbargoedStory(page, { leadSeconds: 90, label: "embargo journey" });

  // The editor page says so beside the status.
  await expect(page.getByText(/^Embargoed until \d{1,2}(:\d{2})? [ap]\.m\. \w+day, \w+\.? \d{1,2}$/)).toBeVisible();

  // Publish is not publishing: the server keeps the story back and schedules it for the lift.
  await page.getByRole("button", { name: "Publish" }).click();
  const refusal = page.getByRole("status").filter({ hasText: "Not published now" });
  await expect(refusal).toBeVisible();
  await expect(refusal).toContainText(
    /Embargoed until \d{1,2}(:\d{2})? [ap]\.m\. \w+day, \w+\.? \d{1,2}\. Not published now: it is scheduled and goes live by itself then\./,
  );
  await expect(page.getByText("Scheduled", { exact: true })).toBeVisible();

  // A schedule for before the lift is refused with the lift time.
  await page.getByLabel("Publish at").fill(localMinute(new Date(story.lift.getTime() - 60_000)));
  await page.getByRole("button", { name: "Schedule", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "It goes live by itself then: schedule it for that time or later." }).first()).toContainText(
    /Embargoed until \d{1,2}(:\d{2})? [ap]\.m\./,
  );

  // The desk lists it with its lift time, and the embargo filter finds it.
  await openDesk(page);
  await page.getByLabel("Embargo").selectOption({ label: "Embargoed now" });
  await page.getByRole("search", { name: "Filter stories" }).getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/embargo=embargoed/);
  const row = page.getByRole("row").filter({ hasText: story.headline });
  await expect(row).toContainText(/Embargoed until \d{1,2}(:\d{2})? [ap]\.m\./);

  // Readers get nothing until the lift, and the story then with nobody from the newsroom watching.
  const reader = await browser.newContext();
  expect((await reader.request.get(`/stories/${story.slug}`)).status()).toBe(404);
  await page.close();
  await expect
    .poll(async () => (await reader.request.get(`/stories/${story.slug}`)).status(), { timeout: story.lift.getTime() - Date.now() + 60_000, intervals: [2000] })
    .toBe(200);
  const readerPage = await reader.newPage();
  await readerPage.goto(`/stories/${story.slug}`);
  await expect(readerPage.getByRole("heading", { level: 1 })).toHaveText(story.headline, FIRST_RENDER);
  await reader.close();
});
