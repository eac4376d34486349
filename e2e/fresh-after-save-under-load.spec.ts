import { expect, test } from "@playwright/test";
import { signIn, startStory, uniqueHeadline } from "./fixtures";

// "Never one request late", under read load: while readers hammer a story page (so that renders of
// it are always under way, some of them begun before a save commits), an editor adds update after
// update, and right after each save is acknowledged the page is read once. Every one of those reads
// must show the new entry.

const SAVES = 20;
const READERS = 12;

test("under read load, the read right after each acknowledged save shows it", async ({ page, baseURL }) => {
  // Twenty saves through the form on a busy machine, each waited for.
  test.setTimeout(300_000);
  await signIn(page, "editor");
  const headline = uniqueHeadline("Harbor dredging resumes");
  await startStory(page, { headline, section: "Metro", body: "Work on the channel restarts on Monday." });
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Published at" })).toBeVisible();
  const storyUrl = `${baseURL}/stories/${await page.getByLabel("Slug").inputValue()}`;
  await expect.poll(async () => (await fetch(storyUrl)).status, { timeout: 60_000 }).toBe(200);

  let reading = true;
  let reads = 0;
  const readers = Array.from({ length: READERS }, async () => {
    while (reading) {
      await (await fetch(storyUrl)).text().catch(() => "");
      reads++;
    }
  });

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
    await Promise.all(readers);
  }
  // The readers really were reading throughout.
  expect(reads).toBeGreaterThan(SAVES * READERS);
  expect(stale, `reads right after an acknowledged save that missed it (of ${SAVES})`).toEqual([]);
});
