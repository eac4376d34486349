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

test("signing out ends the session on the server: a copy of its cookie no longer opens the newsroom", async ({ page, browser }) => {
  await signIn(page, "editor");
  const copied = await page.context().cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to the newsroom" })).toBeVisible();

  const elsewhere = await browser.newContext();
  try {
    await elsewhere.addCookies(copied);
    const other = await elsewhere.newPage();
    await other.goto("/desk");
    await expect(other).toHaveURL(/\/signin/);
    await expect(other.getByRole("heading", { name: "Sign in to the newsroom" })).toBeVisible();
  } finally {
    await elsewhere.close();
  }
});

test("signing out works under another host name the server answers for", async ({ page, baseURL }) => {
  await signIn(page, "reporter");
  // The same session, opened at 127.0.0.1 instead of localhost (NEXTAUTH_URL).
  const other = new URL(baseURL!);
  other.hostname = "127.0.0.1";
  const session = (await page.context().cookies()).filter((cookie) => cookie.name.endsWith("newsroom.session"));
  expect(session).toHaveLength(1);
  await page.context().addCookies(session.map(({ name, value }) => ({ name, value, url: other.origin })));
  await page.goto(new URL("/desk", other).toString());
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to the newsroom" })).toBeVisible();
  expect(new URL(page.url()).host).toBe(other.host);
  await page.goto(new URL("/desk", other).toString());
  await expect(page).toHaveURL(/127\.0\.0\.1.*\/signin/);
});
