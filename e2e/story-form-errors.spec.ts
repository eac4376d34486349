import { expect } from "@playwright/test";
import { openDesk, test, uniqueHeadline } from "./fixtures";

test.use({ signedInAs: "editor" });

test("bad input gets an error next to the field and loses nothing typed", async ({ page }) => {
  await openDesk(page);
  await page.getByRole("button", { name: "New story" }).click();
  const body = "A paragraph that must survive a failed save.";
  await page.getByLabel("Body").fill(body);
  await page.getByLabel("Dek").fill("A dek to keep.");
  await page.getByRole("button", { name: "Save draft" }).click();

  await expect(page.getByRole("alert").filter({ hasText: "Some fields need attention" })).toBeVisible();
  await expect(page.getByLabel("Headline")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Write a headline.")).toBeVisible();
  await expect(page.getByLabel("Body")).toHaveText(body);
  await expect(page.getByLabel("Dek")).toHaveValue("A dek to keep.");

  // A slug another story already uses.
  await page.getByLabel("Headline").fill(uniqueHeadline("Duplicate slug"));
  await page.getByLabel("Slug").fill("alder-river-floods-downtown-as-it-crests-near-record");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("Another story already uses this slug. Choose a different one.")).toBeVisible();
  await expect(page.getByLabel("Body")).toHaveText(body);

  // Publishing asks for what is missing.
  await page.getByLabel("Slug").fill("");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "It needs a section" })).toBeVisible();
  await expect(page.getByLabel("Body")).toHaveText(body);
});
