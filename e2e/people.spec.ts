import { expect } from "@playwright/test";
import { acceptInvite, invite, newColleague, NEW_PASSWORD, openPeoplePage, signInAs, uniquePerson } from "./account-helpers";
import { openDesk, signedInContext, test } from "./fixtures";

// The demo admin's saved session does the managing; every account whose role, password or status
// changes is a new one, signed in on a session of its own.
test.use({ signedInAs: "admin" });

test("an admin invites a new editor, who accepts, is signed in, and the link then refuses a second use", async ({ page, browser }) => {
  await openPeoplePage(page);
  const person = uniquePerson("Invitee");
  const link = await invite(page, person.email, "Editor");
  await expect(page.getByText(/No mail server is set up|Emailed to/)).toBeVisible();
  await expect(page.getByRole("rowheader", { name: person.email })).toBeVisible(); // listed as not yet accepted

  const invitee = await acceptInvite(browser, link, person);
  await expect(invitee.getByRole("link", { name: /Your profile: .*Editor/ })).toBeVisible();

  const replay = await (await browser.newContext()).newPage();
  await replay.goto(link);
  await expect(replay.getByRole("heading", { name: "This invitation has already been used" })).toBeVisible();
  await expect(replay.getByText(/Each link works once/)).toBeVisible();
  await replay.goto(`${link.slice(0, -4)}abcd`);
  await expect(replay.getByRole("heading", { name: "This invitation is not valid" })).toBeVisible();

  await page.reload();
  const row = page.getByRole("row", { name: new RegExp(person.name) });
  await expect(row.getByRole("cell", { name: "Editor", exact: true })).toBeVisible();
  await expect(row.getByRole("cell", { name: /Active/ })).toBeVisible();
});

test("a password reset link sets a new password once and signs the person in with it", async ({ page, browser }) => {
  await openPeoplePage(page);
  const { person } = await newColleague(browser, page, "Reporter", "Forgetful");
  await page.reload();
  await page.getByRole("button", { name: `Make password reset link for ${person.name}` }).click();
  const link = await page.getByRole("textbox", { name: `Password reset link for ${person.name}` }).inputValue();
  expect(link).toMatch(/\/reset\/[A-Za-z0-9_-]{43}$/);

  const other = await (await browser.newContext()).newPage();
  await other.goto(link);
  await expect(other.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await other.getByLabel("New password", { exact: true }).fill("short");
  await other.getByLabel("Confirm new password").fill("short");
  await other.getByRole("button", { name: "Set new password" }).click();
  await expect(other.getByText(/Use at least 12 characters/)).toBeVisible();
  const newPassword = `${NEW_PASSWORD} again`;
  await other.getByLabel("New password", { exact: true }).fill(newPassword);
  await other.getByLabel("Confirm new password").fill(newPassword);
  await other.getByRole("button", { name: "Set new password" }).click();
  await expect(other).toHaveURL(/\/desk$/);

  await other.goto(link);
  await expect(other.getByRole("heading", { name: "This password reset link has already been used" })).toBeVisible();

  const fresh = await (await browser.newContext()).newPage();
  await signInAs(fresh, person); // the old password
  await expect(fresh.getByRole("alert").filter({ hasText: /\S/ })).toHaveText(
    "That email and password do not match an active account. Check both and try again.",
  );
});

test("a role change and a deactivation each end the person's live session at its next request", async ({ page, browser }) => {
  await openPeoplePage(page);
  const { person, page: colleague } = await newColleague(browser, page, "Reporter", "Movable");
  await page.reload();

  await page.getByLabel(`Role for ${person.name}`).selectOption({ label: "Editor" });
  await page.getByRole("button", { name: `Change role of ${person.name}` }).click();
  await expect(page.getByText(`${person.name} is now editor.`, { exact: false })).toBeVisible();
  await colleague.goto("/desk");
  await expect(colleague).toHaveURL(/\/signin/);
  await signInAs(colleague, person);
  await expect(colleague).toHaveURL(/\/desk$/);
  await expect(colleague.getByRole("link", { name: /Your profile: .*Editor/ })).toBeVisible();

  await page.getByRole("button", { name: `Deactivate ${person.name}` }).click();
  await expect(page.getByText(`Deactivated ${person.name}.`, { exact: false })).toBeVisible();
  await colleague.reload();
  await expect(colleague).toHaveURL(/\/signin/);
  await signInAs(colleague, person);
  await expect(colleague.getByRole("alert").filter({ hasText: /\S/ })).toHaveText(
    "That email and password do not match an active account. Check both and try again.",
  );

  await page.getByRole("button", { name: `Reactivate ${person.name}` }).click();
  await expect(page.getByText(`Reactivated ${person.name}.`, { exact: false })).toBeVisible();
  await signInAs(colleague, person);
  await expect(colleague).toHaveURL(/\/desk$/);
});

test("the only admin cannot demote themselves", async ({ page }) => {
  await openPeoplePage(page);
  const me = page.getByRole("row", { name: /\(you\)/ });
  const name = (await me.getByRole("rowheader").innerText()).replace(" (you)", "").trim();
  await page.getByLabel(`Role for ${name}`).selectOption({ label: "Editor" });
  await page.getByRole("button", { name: `Change role of ${name}` }).click();
  await expect(page.getByRole("alert").filter({ hasText: /only active admin/ })).toHaveText(
    /You are the only active admin.*Make someone else an admin first\./,
  );
  await page.reload();
  await expect(me.getByRole("cell", { name: "Admin", exact: true })).toBeVisible();
  // Admins have no button to deactivate themselves at all.
  await expect(page.getByRole("button", { name: `Deactivate ${name}` })).toHaveCount(0);
});

test("people who may not manage people get no People page", async ({ browser }) => {
  const page = await (await signedInContext(browser, "editor")).newPage();
  await openDesk(page);
  await expect(page.getByRole("navigation", { name: "Newsroom" }).getByRole("link", { name: "People" })).toHaveCount(0);
  await page.goto("/desk/users");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});
