import { expect, type Browser, type Page } from "@playwright/test";
import { generate } from "otplib";
import { openDesk } from "./fixtures";

// Journeys of people and sign-in: a fresh person per test, invited by the demo admin through the
// People page, so that no test changes the demo accounts others rely on.

export const NEW_PASSWORD = "a sentence long enough to be a password";

export type Person = { name: string; email: string; password: string };

export function uniquePerson(prefix: string): Person {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return { name: `${prefix} ${id}`, email: `${prefix.toLowerCase().replace(/\W+/g, "-")}-${id}@newsroom.test`, password: NEW_PASSWORD };
}

/** The People page, on a page signed in as the demo admin (`test.use({ signedInAs: "admin" })`). */
export async function openPeoplePage(page: Page): Promise<void> {
  await openDesk(page);
  await page.getByRole("navigation", { name: "Newsroom" }).getByRole("link", { name: "People" }).click();
  await expect(page.getByRole("heading", { name: "People", level: 1 })).toBeVisible();
}

/** Invites someone from the People page and returns the one-time link shown. */
export async function invite(adminPage: Page, email: string, role: "Editor" | "Reporter"): Promise<string> {
  await adminPage.getByLabel("Email").fill(email);
  await adminPage.getByLabel("Role", { exact: true }).selectOption({ label: role });
  await adminPage.getByRole("button", { name: "Send invitation" }).click();
  const link = adminPage.getByRole("textbox", { name: "Invitation link" });
  await expect(link).toHaveValue(/\/invite\/[A-Za-z0-9_-]{43}$/);
  return link.inputValue();
}

/** Opens an invitation in a browser of its own and accepts it; the invitee ends up signed in on the desk. */
export async function acceptInvite(browser: Browser, link: string, person: Person): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Join the newsroom" })).toBeVisible();
  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByLabel("Confirm password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/desk$/);
  await expect(page.getByRole("link", { name: new RegExp(`Your profile: ${person.name}`) })).toBeVisible();
  return page;
}

/** Invites and onboards a fresh person; returns their signed-in page. */
export async function newColleague(
  browser: Browser,
  adminPage: Page,
  role: "Editor" | "Reporter",
  prefix = "Colleague",
): Promise<{ person: Person; page: Page }> {
  const person = uniquePerson(prefix);
  const link = await invite(adminPage, person.email, role);
  return { person, page: await acceptInvite(browser, link, person) };
}

export async function signInAs(page: Page, person: Person, code?: string): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (code !== undefined) {
    await page.getByLabel("Two-factor code").fill(code);
    await page.getByRole("button", { name: "Sign in" }).click();
  }
}

/** A code for `stepsAhead` 30-second steps from now (the server accepts one step either side). */
export function totpCode(secret: string, stepsAhead = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * stepsAhead });
}

/** Sets up two-factor sign-in on the profile page; returns the secret and the recovery codes shown. */
export async function enrolInTwoFactor(page: Page): Promise<{ secret: string; recoveryCodes: string[] }> {
  if (!page.url().includes("/desk/profile")) await page.goto("/desk/profile");
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").innerText()).replace(/\s+/g, "");
  await page.getByLabel("Code from your app").fill(await totpCode(secret));
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  const list = page.getByRole("list", { name: "Recovery codes" });
  await expect(list.getByRole("listitem")).toHaveCount(10);
  const recoveryCodes = await list.getByRole("listitem").allInnerTexts();
  await page.getByRole("button", { name: "I have saved my recovery codes" }).click();
  await expect(page.getByText(/^On since/)).toBeVisible();
  return { secret, recoveryCodes };
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
}
