import type { ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { startExtraServer, stopAll, type ExtraServer } from "./extra-servers";
import { passwordFor, startStory, uniqueHeadline } from "./fixtures";

// Several web servers on one database and no shared cache (no REDIS_URL): two production servers
// beside the suite's own, each keeping its own copies of pages. Each says at start that it is not
// alone; an edit made through one shows on the other's next request; a scheduled publication (run
// by the suite's server, the one with the scheduler) shows on both.

/** The first page of a server that has just started renders cold: on a loaded machine, slowly. */
const COLD_PAGE = { timeout: 90_000 };

test.describe.configure({ mode: "serial" });
test.setTimeout(600_000);

const servers: ExtraServer[] = [];
const children: ChildProcess[] = [];

test.beforeAll(async () => {
  test.setTimeout(600_000);
  for (let i = 0; i < 2; i++) {
    const server = await startExtraServer(`server ${i + 1}`);
    servers.push(server);
    children.push(server.child);
  }
});

test.afterAll(async () => {
  await stopAll(children);
});

/** The next whole minute at least 15 s away, as a datetime-local value in the newsroom's zone. */
function nextMinuteIn(timeZone: string): { value: string; at: Date } {
  const at = new Date(Math.ceil((Date.now() + 15_000) / 60_000) * 60_000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { value: `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`, at };
}

async function signInAt(page: import("@playwright/test").Page, origin: string) {
  await page.goto(`${origin}/signin`, COLD_PAGE);
  await page.getByLabel("Email").fill("editor@newsroom.test");
  await page.getByLabel("Password").fill(passwordFor("editor"));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "New story" })).toBeVisible(COLD_PAGE);
}

/** Loads a page until it answers 200 (a cold render), then once more, so that the server has it cached. */
async function cache(url: string): Promise<string> {
  await expect.poll(async () => (await fetch(url)).status, COLD_PAGE).toBe(200);
  return (await fetch(url)).text();
}

test("the second server warns at start that it shares the database without a shared cache", () => {
  expect(servers[1].output()).toMatch(/other web servers? uses? this database/);
  expect(servers[1].output()).toContain("no shared cache (REDIS_URL)");
});

test("an update made through one server shows on the other's next request", async ({ page }) => {
  const [first, second] = servers.map((server) => server.origin);
  await signInAt(page, first);
  const headline = uniqueHeadline("Library hours grow on weekends");
  await startStory(page, { headline, section: "Metro", body: "Branches open at nine on Saturdays." });
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Published at" })).toBeVisible(COLD_PAGE);
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
  const slug = await page.getByLabel("Slug").inputValue();
  const editorPath = new URL(page.url()).pathname;

  // The second server has its own copy of the story page and of the front page.
  expect(await cache(`${second}/stories/${slug}`)).toContain(headline);
  await cache(`${second}/`);

  const note = `Sunday hours start in March, notice ${Date.now()}.`;
  await page.getByRole("button", { name: "Add update", exact: true }).click();
  await page.getByLabel("Update note").fill(note);
  await page.getByRole("button", { name: "Add update", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Update added" })).toBeVisible(COLD_PAGE);
  expect(await (await fetch(`${second}/stories/${slug}`)).text()).toContain(note);

  // And the other way round: an edit through the second shows on the first at once.
  // Still signed in: the session cookie is the host's, and every server shares the secret.
  await page.goto(`${second}${editorPath}`, COLD_PAGE);
  await expect(page.getByRole("button", { name: "Add update", exact: true })).toBeVisible(COLD_PAGE);
  await cache(`${first}/stories/${slug}`);
  const another = `Monday hours stay the same, notice ${Date.now()}.`;
  await page.getByRole("button", { name: "Add update", exact: true }).click();
  await page.getByLabel("Update note").fill(another);
  await page.getByRole("button", { name: "Add update", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Update added" })).toBeVisible(COLD_PAGE);
  expect(await (await fetch(`${first}/stories/${slug}`)).text()).toContain(another);
});

test("a scheduled publication shows on both servers", async ({ page, baseURL }) => {
  const [first, second] = servers.map((server) => server.origin);
  await signInAt(page, first);
  const headline = uniqueHeadline("Bridge reopens after repairs");
  await startStory(page, { headline, section: "Metro", body: "Both lanes carry traffic again from noon." });
  const { value, at } = nextMinuteIn("America/New_York");
  await page.getByLabel("Publish at").fill(value);
  await page.getByRole("button", { name: "Schedule" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Scheduled to publish" })).toBeVisible(COLD_PAGE);
  const slug = await page.getByLabel("Slug").inputValue();

  // Both servers have their front page cached without the story.
  for (const origin of [first, second]) expect(await cache(`${origin}/`)).not.toContain(headline);

  // The suite's server runs the scheduler: once the story is live there, its expiry has been
  // confirmed by every server, so the next request to either shows it.
  await expect
    .poll(async () => (await fetch(`${baseURL}/stories/${slug}`)).status, { timeout: at.getTime() - Date.now() + 90_000, intervals: [500] })
    .toBe(200);
  for (const origin of [first, second]) {
    await expect.poll(async () => (await (await fetch(`${origin}/`)).text()).includes(headline), { timeout: 15_000 }).toBe(true);
  }
});
