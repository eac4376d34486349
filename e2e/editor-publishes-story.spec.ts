import { expect } from "@playwright/test";
import { AP_TIME, openDesk, test, uniqueHeadline } from "./fixtures";

test.use({ signedInAs: "editor" });

test("an editor writes and publishes a story, adds updates, and a reader sees it all", async ({ page, browser }) => {
  const headline = uniqueHeadline("Ferry service resumes after storm");
  await openDesk(page);

  await page.getByRole("button", { name: "New story" }).click();
  await expect(page.getByRole("heading", { name: "New story" })).toBeVisible();
  await page.getByLabel("Headline").fill(headline);
  await expect(page.getByLabel("Slug")).toHaveValue(/^ferry-service-resumes-after-storm-/);
  await page.getByLabel("Dek").fill("The first boats left the terminal at dawn.");
  await page.getByLabel("Section").selectOption({ label: "Metro" });
  // The body is rich text: typing "> " at the start of a line starts a quotation, as in most editors.
  await page.getByLabel("Body").click();
  await page.keyboard.type("Ferries returned to the harbor on Wednesday.");
  await page.keyboard.press("Enter");
  await page.keyboard.type('> "We are glad to be back," said a deckhand.');
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await page.keyboard.type("Service will be hourly until Friday.");
  await page.getByLabel("Byline 1 title").fill("metro editor");
  await page.getByRole("button", { name: "Add byline" }).click();
  await page.getByLabel("Byline 2 outside name").fill("Jordan Pike");
  await page.getByLabel("Byline 2 title").fill("special correspondent");
  await page.getByLabel("Credit line").fill("The Associated Press contributed to this report.");

  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("status").filter({ hasText: "Saved at" })).toBeVisible();
  const editorUrl = page.url();

  // Before publication the story is not public.
  const slug = await page.getByLabel("Slug").inputValue();
  const reader = await browser.newContext();
  const readerPage = await reader.newPage();
  expect((await readerPage.goto(`/stories/${slug}`))!.status()).toBe(404);

  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Published at" })).toBeVisible();
  await expect(page.getByRole("link", { name: "View story" })).toHaveAttribute("href", `/stories/${slug}`);

  for (const note of [
    "This article has been updated with the first ferry's departure.",
    "This article has been updated throughout with additional reporting.",
  ]) {
    await page.getByRole("button", { name: "Add update" }).click();
    await page.getByLabel("Update note").fill(note);
    await page.getByRole("button", { name: "Add update" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Update added" })).toBeVisible();
  }
  expect(page.url()).toBe(editorUrl);

  // The reader, signed out, sees the published story on the very next request.
  const response = await readerPage.goto(`/stories/${slug}`);
  expect(response!.status()).toBe(200);
  await expect(readerPage.locator("h1")).toHaveCount(1);
  await expect(readerPage.getByRole("heading", { level: 1 })).toHaveText(headline);
  await expect(readerPage.getByText("The first boats left the terminal at dawn.")).toBeVisible();
  await expect(readerPage.getByText("By Priya Natarajan and Jordan Pike")).toBeVisible();
  await expect(readerPage.getByText("Priya Natarajan is a metro editor.")).toBeVisible();
  await expect(readerPage.getByText("Jordan Pike is a special correspondent.")).toBeVisible();
  await expect(readerPage.locator("blockquote")).toContainText('"We are glad to be back," said a deckhand.');
  await expect(readerPage.getByText("The Associated Press contributed to this report.")).toBeVisible();
  await expect(readerPage.locator("header time[datetime]")).toHaveCount(2);

  const updates = readerPage.getByRole("region", { name: "Updates" }).getByRole("listitem");
  await expect(updates).toHaveCount(3);
  await expect(updates.nth(0)).toHaveText(new RegExp(`^${AP_TIME}: This article has been updated throughout with additional reporting\\.$`));
  await expect(updates.nth(1)).toHaveText(new RegExp(`^${AP_TIME}: This article has been updated with the first ferry's departure\\.$`));
  // A time ending in "a.m." ends the sentence without a second period.
  await expect(updates.nth(2)).toHaveText(/^This article was originally published at (?:\d{1,2}(?::\d{2})? [ap]\.m|noon|midnight)\.$/);

  // The story is on the front page too.
  await readerPage.goto("/");
  await expect(readerPage.getByRole("link", { name: headline })).toBeVisible();
  await reader.close();
});
