import { expect } from "@playwright/test";
import { openDesk, startStory, test, uniqueHeadline } from "./fixtures";

test.use({ signedInAs: "admin" });

test("an admin takes down a published version for a legal reason: a tombstone stays in the public history", async ({ page, browser }) => {
  const headline = uniqueHeadline("Court hears libel claim");
  await openDesk(page);
  await startStory(page, { headline, section: "Metro", body: "A claim was filed on Monday." });
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
  const slug = await page.getByLabel("Slug").inputValue();

  await page.getByRole("link", { name: "Revision history" }).click();
  await page.getByRole("button", { name: "Take down version 1" }).click();
  await page.getByRole("button", { name: "Take down this version" }).click();
  await expect(page.getByText("Reason for takedown")).toBeVisible();
  await page.getByLabel("Reason for takedown").fill("Removed under a court order of Nov. 24, 2026.");
  await page.getByRole("button", { name: "Take down this version" }).click();
  await expect(page.getByText("taken down: Removed under a court order of Nov. 24, 2026.")).toBeVisible();

  const reader = await browser.newPage();
  await reader.goto(`/stories/${slug}/history`);
  await expect(reader.getByText("Removed under a court order of Nov. 24, 2026.")).toBeVisible();
  await expect(
    reader
      .locator("code")
      .filter({ hasText: /^[0-9a-f]{64}$/ })
      .first(),
  ).toBeVisible();
  await reader.close();
});
