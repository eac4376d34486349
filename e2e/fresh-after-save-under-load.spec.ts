import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { signIn, startStory, uniqueHeadline } from "./fixtures";

// "Never one request late", under read load: while readers hammer a story page, and other writes
// keep expiring it (as edits of the stories that link to it, or of its writers' names, do), so that
// renders of it are always under way, some begun before a save commits, an editor adds update after
// update, and right after each save is acknowledged the page is read once. Every one of those reads
// must show the new entry.

const SAVES = 20;
const READERS = 12;
/** How often another write expires the page: often enough that a render is under way at every save. */
const OTHER_WRITES_EVERY_MS = 150;

/** Expires tags as another write would, through the signed request the scheduler's jobs make. */
function expireAsAnotherWrite(baseURL: string, tags: string[]): Promise<Response> {
  const secret = readFileSync(path.join(process.env.E2E_DATA_DIR!, "nextauth-secret"), "utf8").trim();
  const body = JSON.stringify({ tags, sentAt: Date.now() });
  const signature = createHmac("sha256", secret).update(body).digest("hex");
  return fetch(`${baseURL}/api/internal/revalidate`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-newsroom-signature": signature },
    body,
  });
}

test("under read load, the read right after each acknowledged save shows it", async ({ page, baseURL }) => {
  // Twenty saves through the form on a busy machine, each waited for.
  test.setTimeout(300_000);
  await signIn(page, "editor");
  const headline = uniqueHeadline("Harbor dredging resumes");
  await startStory(page, { headline, section: "Metro", body: "Work on the channel restarts on Monday." });
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Published at" })).toBeVisible();
  const slug = await page.getByLabel("Slug").inputValue();
  const storyUrl = `${baseURL}/stories/${slug}`;
  await expect.poll(async () => (await fetch(storyUrl)).status, { timeout: 60_000 }).toBe(200);

  let reading = true;
  let reads = 0;
  const readers = Array.from({ length: READERS }, async () => {
    while (reading) {
      await (await fetch(storyUrl)).text().catch(() => "");
      reads++;
    }
  });

  let otherWrites = 0;
  const writer = (async () => {
    while (reading) {
      if ((await expireAsAnotherWrite(baseURL!, [`story:${slug}`])).ok) otherWrites++;
      await new Promise((resolve) => setTimeout(resolve, OTHER_WRITES_EVERY_MS));
    }
  })();

  const stale: string[] = [];
  try {
    for (let i = 1; i <= SAVES; i++) {
      const note = `Dredging update ${i} of ${SAVES}, ${Date.now()}.`;
      await page.getByRole("button", { name: "Add update", exact: true }).click();
      await page.getByLabel("Update note").fill(note);
      await page.getByRole("button", { name: "Add update", exact: true }).click();
      await expect(page.getByText("Update added. Readers see it now.")).toBeVisible({ timeout: 30_000 });
      // One read, as the next reader would make it: no retries.
      if (!(await (await fetch(storyUrl)).text()).includes(note)) stale.push(`save ${i}`);
    }
  } finally {
    reading = false;
    await Promise.all([...readers, writer]);
  }
  // The readers really were reading, and the other writes writing, throughout.
  expect(reads).toBeGreaterThan(SAVES * READERS);
  expect(otherWrites).toBeGreaterThan(SAVES);
  expect(stale, `reads right after an acknowledged save that missed it (of ${SAVES})`).toEqual([]);
});
