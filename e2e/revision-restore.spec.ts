import { expect } from "@playwright/test";
import { openDesk, startStory, test, uniqueHeadline } from "./fixtures";

test.use({ signedInAs: "editor" });

test("an editor compares two revisions word by word and restores the earlier one as a new revision", async ({ page }) => {
  const original = uniqueHeadline("Mayor signs budget");
  const changed = original.replace("signs", "vetoes");
  await openDesk(page);
  await startStory(page, { headline: original, body: "The mayor acted on Tuesday." });
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
  const storyUrl = page.url();

  await page.getByLabel("Headline").fill(changed);
  await page.getByLabel("Body").fill("The mayor acted late on Tuesday.");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved at" })).toBeVisible();

  await page.getByRole("link", { name: "Revision history" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("History");
  // Insertions and deletions are marked up, with words for screen readers, not by colour alone.
  await expect(page.locator("del").filter({ hasText: "signs" }).first()).toBeVisible();
  await expect(page.locator("ins").filter({ hasText: "vetoes" }).first()).toBeVisible();
  await expect(page.locator("ins").filter({ hasText: "late" }).first()).toContainText("inserted:");

  await page.getByRole("button", { name: "Restore this revision" }).first().click();
  await expect(page).toHaveURL(storyUrl);
  await expect(page.getByLabel("Headline")).toHaveValue(original);
  await expect(page.getByLabel("Body")).toHaveText("The mayor acted on Tuesday.");

  // History was added to, not rewritten: three revisions now.
  await page.getByRole("link", { name: "Revision history" }).click();
  await expect(page.getByRole("button", { name: "Restore this revision" })).toHaveCount(2);
});
