import { expect, type Page } from "@playwright/test";
import { FIRST_RENDER, openDesk, startStory, test, uniqueHeadline } from "./fixtures";

test.use({ signedInAs: "editor" });

/** A whole minute at least `leadSeconds` away, as a datetime-local value in the newsroom's zone. */
function minuteAhead(timeZone: string, leadSeconds: number): { value: string; at: Date } {
  const at = new Date(Math.ceil((Date.now() + leadSeconds * 1000) / 60_000) * 60_000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { value: `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`, at };
}

/** A unique headline's own suffix (uniqueHeadline's). */
const lastWord = (text: string) => text.split(" ").at(-1)!;

/** Writes and publishes a story from the desk; returns its editor address and slug. */
async function publishStory(page: Page, headline: string): Promise<{ url: string; slug: string }> {
  await openDesk(page);
  await startStory(page, { headline, section: "Metro", body: "The council met at seven." });
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/, FIRST_RENDER);
  await expect(page.getByRole("status").filter({ hasText: "Published at" })).toBeVisible();
  return { url: page.url(), slug: await page.getByLabel("Slug").inputValue() };
}

/** In the story editor: puts a new headline in the form and schedules it, instead of saving it. */
async function scheduleRewrite(page: Page, headline: string, runAt: string) {
  await page.getByLabel("Headline").fill(headline);
  await page.getByLabel("Change goes live at").fill(runAt);
  await page.getByRole("button", { name: "Schedule this change" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Change scheduled for" })).toBeVisible();
}

test("a scheduled rewrite of a live story goes live at its time; one edited meanwhile waits on the desk for a look", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const first = uniqueHeadline("Council to vote on budget tonight");
  const rewrite = uniqueHeadline("Council passes budget 7-2");
  const other = uniqueHeadline("Storm watch for the coast");
  const otherRewrite = uniqueHeadline("Storm makes landfall");
  const live = await publishStory(page, first);
  const edited = await publishStory(page, other);

  const { value, at } = minuteAhead("America/New_York", 45);
  await page.goto(live.url);
  await scheduleRewrite(page, rewrite, value);
  // The form is back to what readers see; the change waits in its list, comparable with the current version.
  await expect(page.getByLabel("Headline")).toHaveValue(first);
  const scheduled = page.getByRole("region", { name: "Scheduled changes" });
  await expect(scheduled.getByRole("heading", { name: /^Goes live/ })).toBeVisible();
  await scheduled.getByRole("button", { name: "Compare with current" }).click();
  // Each column shows its own headline, what it alone has marked (and said, for screen readers).
  const headlines = scheduled.getByRole("group", { name: "Headline, both versions" });
  await expect(headlines.getByRole("heading", { name: "Scheduled headline" })).toBeVisible();
  await expect(headlines.getByRole("heading", { name: "Current headline" })).toBeVisible();
  await expect(headlines).toContainText(`only in the scheduled version: passes budget`);
  await expect(headlines).toContainText(lastWord(rewrite));
  await expect(headlines).toContainText(lastWord(first));

  // The second story's change is prepared, then the story is edited before its time.
  await page.goto(edited.url);
  await scheduleRewrite(page, otherRewrite, value);
  await page.getByLabel("Dek").fill("The weather service extended the watch to the islands.");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved at" })).toBeVisible();

  // Readers keep the current version until the time, then get the new one with nobody in the newsroom acting.
  const reader = await browser.newContext();
  const readerPage = await reader.newPage();
  await readerPage.goto(`/stories/${live.slug}`);
  await expect(readerPage.getByRole("heading", { level: 1 })).toHaveText(first);
  expect(Date.now()).toBeLessThan(at.getTime());
  await expect
    .poll(
      async () => {
        await readerPage.goto(`/stories/${live.slug}`);
        return readerPage.getByRole("heading", { level: 1 }).textContent();
      },
      { timeout: at.getTime() - Date.now() + 60_000, intervals: [2000] },
    )
    .toBe(rewrite);
  expect(Date.now()).toBeGreaterThanOrEqual(at.getTime());

  // The edited story's change was held: the desk says so, and the editor page compares and applies it.
  await expect(async () => {
    await openDesk(page);
    await expect(page.getByRole("region", { name: "Scheduled changes that need a look" }).getByRole("link", { name: other })).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  await readerPage.goto(`/stories/${edited.slug}`);
  await expect(readerPage.getByRole("heading", { level: 1 })).toHaveText(other);

  await page.getByRole("region", { name: "Scheduled changes that need a look" }).getByRole("link", { name: other }).click();
  const held = page.getByRole("region", { name: "Scheduled changes" });
  await expect(held.getByRole("heading", { name: "Scheduled change needs a look" })).toBeVisible(FIRST_RENDER);
  await expect(held.getByRole("group", { name: "Headline, both versions" })).toContainText(lastWord(otherRewrite));
  await held.getByRole("button", { name: "Apply now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Applied" })).toBeVisible();
  await readerPage.goto(`/stories/${edited.slug}`);
  await expect(readerPage.getByRole("heading", { level: 1 })).toHaveText(otherRewrite);
  await reader.close();
});
