import { expect } from "@playwright/test";
import { enrolInTwoFactor, newColleague, openPeoplePage, signInAs, signOut, totpCode } from "./account-helpers";
import { test } from "./fixtures";

// The demo admin invites; two-factor is turned on for a new colleague, who signs in and out on a
// session of their own.
test.describe("with a new colleague", () => {
  test.use({ signedInAs: "admin" });

  test("someone turns on two-factor sign-in, then signs in with a code, is refused the same code again, and gets in with a recovery code", async ({
    page,
    browser,
  }) => {
    await openPeoplePage(page);
    const { person, page: me } = await newColleague(browser, page, "Reporter", "Careful");
    await me.getByRole("link", { name: /Your profile/ }).click();
    await expect(me.getByRole("heading", { name: "Your profile" })).toBeVisible();
    const { secret, recoveryCodes } = await enrolInTwoFactor(me);
    expect(new Set(recoveryCodes).size).toBe(10);
    await signOut(me);

    // The password alone opens nothing: the form asks for the code.
    await signInAs(me, person);
    await expect(me.getByLabel("Two-factor code")).toBeVisible();
    await expect(me).toHaveURL(/\/signin/);
    await me.goto("/desk");
    await expect(me).toHaveURL(/\/signin/);

    const code = await totpCode(secret, 1);
    await signInAs(me, person, code);
    await expect(me).toHaveURL(/\/desk$/);
    await signOut(me);

    await signInAs(me, person, code);
    await expect(me.getByRole("alert").filter({ hasText: /\S/ })).toHaveText(/That code is not right, or it was already used/);
    await expect(me).toHaveURL(/\/signin/);

    await me.getByLabel("Two-factor code").fill(recoveryCodes[0]);
    await me.getByRole("button", { name: "Sign in" }).click();
    await expect(me).toHaveURL(/\/desk$/);
    await me.goto("/desk/profile");
    await expect(me.getByText("9 recovery codes are left.", { exact: false })).toBeVisible();
  });
});

test("five wrong passwords lock the account, and the sign-in page says when to try again", async ({ page }) => {
  const email = `lockout-${Date.now().toString(36)}@newsroom.test`;
  await page.goto("/signin");
  for (let attempt = 1; attempt <= 5; attempt++) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`wrong guess ${attempt}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    const expected =
      attempt < 5
        ? /do not match an active account/
        : /^Too many attempts\. Try again at (?:\d{1,2}(?::\d{2})? [ap]\.m\.|noon|midnight) \(in 1[45] minutes\)\.$/;
    await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText(expected);
  }
});
