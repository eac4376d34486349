import { expect, test } from "@playwright/test";
import { FIRST_RENDER, passwordFor, signIn } from "./fixtures";

test("the newsroom requires signing in, and sends people back where they were going", async ({ page }) => {
  await page.goto("/desk/stories/new");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdesk%2Fstories%2Fnew$/);
  await page.getByLabel("Email").fill("editor@newsroom.test");
  await page.getByLabel("Password").fill(passwordFor("editor"));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "New story" })).toBeVisible(FIRST_RENDER);
});

test("a wrong password and an unknown email get the same clear message", async ({ page }) => {
  await page.goto("/signin");
  for (const [email, password] of [
    ["editor@newsroom.test", "not-the-password"],
    ["nobody@newsroom.test", "not-the-password"],
  ]) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText(
      "That email and password do not match an active account. Check both and try again.",
    );
  }
  await expect(page).toHaveURL(/\/signin/);
});

test("signing out ends access to the newsroom", async ({ page }) => {
  await signIn(page, "admin");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/desk");
  await expect(page).toHaveURL(/\/signin/);
});
