import { expect, type Page } from "@playwright/test";

export type Role = "admin" | "editor" | "reporter";

/** The demo accounts' passwords, which scripts/e2e.ts chose for this run. */
export function passwordFor(role: Role): string {
  const password = process.env[`SEED_${role.toUpperCase()}_PASSWORD`];
  if (!password) throw new Error(`SEED_${role.toUpperCase()}_PASSWORD is not set: run the suite with npm run test:e2e`);
  return password;
}

export async function signIn(page: Page, role: Role): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(`${role}@newsroom.test`);
  await page.getByLabel("Password").fill(passwordFor(role));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/desk$/);
}

/** A headline no other test uses. */
export function uniqueHeadline(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** One AP-style time, as the update log prints it. */
export const AP_TIME = String.raw`(?:\d{1,2}(?::\d{2})? [ap]\.m\.|noon|midnight)`;

/** Opens a new story from the desk and fills the fields given. */
export async function startStory(page: Page, fields: { headline?: string; section?: string; body?: string }): Promise<void> {
  await page.getByRole("button", { name: "New story" }).click();
  await expect(page.getByRole("heading", { name: "New story" })).toBeVisible();
  if (fields.headline) await page.getByLabel("Headline").fill(fields.headline);
  if (fields.section) await page.getByLabel("Section").selectOption({ label: fields.section });
  if (fields.body) await page.getByLabel("Body").fill(fields.body);
}
