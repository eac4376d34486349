import { expect } from "@playwright/test";
import { newColleague, openPeoplePage, signInAs } from "./account-helpers";
import { test } from "./fixtures";

// The demo admin invites; the password that changes is a new colleague's, on sessions of their own.
test.use({ signedInAs: "admin" });

test("changing one's password keeps this session working and ends every other one", async ({ page, browser }) => {
  await openPeoplePage(page);
  const { person, page: here } = await newColleague(browser, page, "Reporter", "Rotating");
  const elsewhere = await (await browser.newContext()).newPage();
  await signInAs(elsewhere, person);
  await expect(elsewhere).toHaveURL(/\/desk$/);

  await here.goto("/desk/profile");
  await here.getByLabel("Current password").fill("not my password at all");
  await here.getByLabel("New password", { exact: true }).fill("my brand new passphrase");
  await here.getByLabel("Confirm new password").fill("my brand new passphrase");
  await here.getByRole("button", { name: "Change password" }).click();
  await expect(here.getByText("That is not your current password.").first()).toBeVisible();

  await here.getByLabel("Current password").fill(person.password);
  await here.getByRole("button", { name: "Change password" }).click();
  await expect(here.getByRole("status").filter({ hasText: "Password changed." })).toContainText("You stay signed in here");

  await here.goto("/desk");
  await expect(here).toHaveURL(/\/desk$/);
  await elsewhere.goto("/desk");
  await expect(elsewhere).toHaveURL(/\/signin/);
  await signInAs(elsewhere, { ...person, password: "my brand new passphrase" });
  await expect(elsewhere).toHaveURL(/\/desk$/);

  // The name is one's own to change, and the newsroom shows the new one.
  await here.goto("/desk/profile");
  await here.getByRole("textbox", { name: "Name" }).fill(`${person.name} Jr.`);
  await here.getByRole("button", { name: "Save name" }).click();
  await expect(here.getByRole("status").filter({ hasText: "Saved your name." })).toBeVisible();
  await expect(here.getByRole("link", { name: new RegExp(`Your profile: ${person.name} Jr\\.`) })).toBeVisible();
});
