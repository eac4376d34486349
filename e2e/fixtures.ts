import { readFileSync } from "node:fs";
import path from "node:path";
import { test as base, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";

export type Role = "admin" | "editor" | "reporter";

/** The demo accounts' passwords, which scripts/e2e.ts chose for this run. */
export function passwordFor(role: Role): string {
  const password = process.env[`SEED_${role.toUpperCase()}_PASSWORD`];
  if (!password) throw new Error(`SEED_${role.toUpperCase()}_PASSWORD is not set: run the suite with npm run test:e2e`);
  return password;
}

export const ROLES: Role[] = ["admin", "editor", "reporter"];

/**
 * How long to wait for a page that is being rendered for the first time (a cold render after a
 * publish, a new section's first visit, a search): on a busy two-core machine that can take far
 * longer than the default ten seconds.
 */
export const FIRST_RENDER = { timeout: 30_000 };

/**
 * Where e2e/sign-in-once.setup.ts keeps each demo account's signed-in browser state for this run:
 * inside the run's own data folder, which scripts/e2e.ts removes afterwards.
 */
export function signedInState(role: Role): string {
  return path.join(process.env.E2E_DATA_DIR ?? path.join(".data", "e2e"), "signed-in", `${role}.json`);
}

/** A new browser context signed in as a demo account, from the state saved once for the run. */
export function signedInContext(browser: Browser, role: Role): Promise<BrowserContext> {
  return browser.newContext({ storageState: signedInState(role) });
}

/**
 * The suite's `test`, with one option: `test.use({ signedInAs: "editor" })` gives the test's own
 * `page` (and `context`) the demo account's saved session. Only those: contexts that a test opens
 * with `browser.newContext()` for a reader, and the `request` fixture, stay signed out (Playwright's
 * own `storageState` option would sign those in too).
 */
export const test = base.extend<{ signedInAs: Role | null }>({
  signedInAs: [null, { option: true }],
  context: async ({ context, signedInAs }, use) => {
    if (signedInAs) {
      const { cookies } = JSON.parse(readFileSync(signedInState(signedInAs), "utf8")) as { cookies: Parameters<BrowserContext["addCookies"]>[0] };
      await context.addCookies(cookies);
    }
    await use(context);
  },
});

/** Opens the desk with the session `test.use({ signedInAs })` gave the page (a stale one would land on /signin). */
export async function openDesk(page: Page): Promise<void> {
  await page.goto("/desk");
  await expect(page).toHaveURL(/\/desk$/);
}

/** Signs in through the sign-in form: for journeys about signing in, and the setup that saves each role's state. */
export async function signIn(page: Page, role: Role): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(`${role}@newsroom.test`);
  await page.getByLabel("Password").fill(passwordFor(role));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/desk$/, FIRST_RENDER);
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
