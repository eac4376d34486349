import { expect } from "@playwright/test";
import { openDesk, startStory, test, uniqueHeadline } from "./fixtures";

test.use({ signedInAs: "editor" });

/** The next whole minute at least 15 s away, as a datetime-local value in the newsroom's zone. */
function nextMinuteIn(timeZone: string): { value: string; at: Date } {
  const at = new Date(Math.ceil((Date.now() + 15_000) / 60_000) * 60_000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { value: `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`, at };
}

test("a scheduled story goes live at its time with nobody visiting the site", async ({ page, browser }) => {
  test.setTimeout(150_000);
  const headline = uniqueHeadline("Polls open at seven");
  const slug = headline.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  await openDesk(page);
  await startStory(page, { headline, section: "Politics", body: "Voters may cast ballots until 8 p.m." });

  const { value, at } = nextMinuteIn("America/New_York");
  await page.getByLabel("Publish at").fill(value);
  await page.getByRole("button", { name: "Schedule" }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("status").filter({ hasText: "Scheduled to publish" })).toBeVisible();
  await expect(page.getByText("Scheduled", { exact: true })).toBeVisible();

  const reader = await browser.newContext();
  expect((await reader.request.get(`/stories/${slug}`)).status()).toBe(404);
  await page.close(); // nobody from the newsroom is watching any more

  await expect
    .poll(async () => (await reader.request.get(`/stories/${slug}`)).status(), { timeout: at.getTime() - Date.now() + 45_000, intervals: [2000] })
    .toBe(200);
  const readerPage = await reader.newPage();
  await readerPage.goto(`/stories/${slug}`);
  await expect(readerPage.getByRole("heading", { level: 1 })).toHaveText(headline);
  await reader.close();
});
