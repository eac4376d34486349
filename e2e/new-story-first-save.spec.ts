import { expect, type Page } from "@playwright/test";
import { AP_TIME, openDesk, startStory, test, uniqueHeadline } from "./fixtures";

test.use({ signedInAs: "reporter" });

/**
 * Starts a story and saves it: every save reaches the server, but its answer is lost on the way back
 * (the form retries by itself, and those answers are lost too) until `deliver()` is called. The form
 * says the newsroom could not be reached.
 */
async function startStoryAndLoseFirstSave(page: Page, headline: string, body: string): Promise<{ deliver: () => void }> {
  await openDesk(page);
  await startStory(page, { headline, body });
  let losing = true;
  let lost = 0;
  await page.route("**/desk/stories/new", async (route) => {
    const request = route.request();
    if (!losing || request.method() !== "POST" || !request.headers()["next-action"]) return route.fallback();
    lost += 1;
    await route.fetch();
    await route.abort("connectionreset");
  });
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText(/^The newsroom could not be reached, so nothing was saved/)).toBeVisible();
  expect(lost).toBeGreaterThanOrEqual(1);
  return { deliver: () => (losing = false) };
}

test("a first save whose answer was lost, tried again, makes one story", async ({ page }) => {
  const headline = uniqueHeadline("Answer lost");
  const answers = await startStoryAndLoseFirstSave(page, headline, "Typed before the connection dropped.");

  answers.deliver();
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
  const saved = page.getByRole("status").filter({ hasText: "Saved at" });
  await expect(saved).toHaveText(new RegExp(`^Saved at ${AP_TIME}\\.?$`));
  await expect(saved).not.toHaveText(/\.\.$/);

  await page.goto(`/desk?q=${encodeURIComponent(headline)}`);
  await expect(page.getByText("1 story", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: headline })).toHaveCount(1);
});

test("the next new story starts empty, not with the text of one whose answer was lost", async ({ page }) => {
  const headline = uniqueHeadline("Left behind");
  await startStoryAndLoseFirstSave(page, headline, "Text of the story left behind.");

  // The reporter gives up on this page (leaving it despite the unsaved-changes warning) and starts another story.
  page.on("dialog", (dialog) => void dialog.accept());
  await page.goto("/desk");
  await startStory(page, {});
  // The form is usable once its script has run, which is when a kept copy would be brought back.
  await expect(page.getByLabel("Headline")).toBeEnabled();
  await expect(page.getByLabel("Headline")).toHaveValue("");
  await expect(page.getByLabel("Body")).not.toContainText("Text of the story left behind.");
  await expect(page.getByText("Restored the changes")).toHaveCount(0);

  // The first story reached the server with what was typed into it.
  await page.goto(`/desk?q=${encodeURIComponent(headline)}`);
  await expect(page.getByText("1 story", { exact: true })).toBeVisible();
});
