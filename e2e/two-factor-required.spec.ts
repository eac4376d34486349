import { expect } from "@playwright/test";
import { enrolInTwoFactor, newColleague, openPeoplePage } from "./account-helpers";
import { test } from "./fixtures";

// Requiring two-factor sign-in for a role affects everyone in it, demo accounts included, so this
// journey runs on its own after the others (the "exclusive" project in playwright.config.ts).
test.use({ signedInAs: "admin" });

test("when a role requires two-factor sign-in, a person in it without it must set it up before using the newsroom", async ({ page, browser }) => {
  await openPeoplePage(page);
  const { page: reporter } = await newColleague(browser, page, "Reporter", "Obliged");
  const rule = page.getByLabel("Require two-factor sign-in for reporters");
  await rule.check();
  await expect(page.getByText(/Reporters must now use two-factor sign-in/)).toBeVisible();
  try {
    await reporter.goto("/desk");
    await expect(reporter).toHaveURL(/\/desk\/profile\?setup=two-factor$/);
    await expect(reporter.getByRole("alert").filter({ hasText: "Your role requires two-factor sign-in" })).toBeVisible();
    await reporter.goto("/desk/stories/new");
    await expect(reporter).toHaveURL(/\/desk\/profile/);

    await enrolInTwoFactor(reporter);
    await expect(reporter.getByText(/Your role requires it, so it cannot be turned off/)).toBeVisible();
    await expect(reporter.getByRole("button", { name: "Turn off two-factor sign-in" })).toHaveCount(0);
    await reporter.goto("/desk");
    await expect(reporter).toHaveURL(/\/desk$/);
    await expect(reporter.getByRole("button", { name: "New story" })).toBeVisible();
  } finally {
    await page.reload();
    await page.getByLabel("Require two-factor sign-in for reporters").uncheck();
    await expect(page.getByText(/Reporters may now sign in without two-factor/)).toBeVisible();
  }
});
