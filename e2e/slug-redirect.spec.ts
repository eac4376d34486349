import { expect } from "@playwright/test";
import { openDesk, startStory, test, uniqueHeadline } from "./fixtures";

test.use({ signedInAs: "editor" });

test("renaming a published story keeps its old addresses working as permanent redirects", async ({ page, browser }) => {
  const headline = uniqueHeadline("Bridge reopens");
  const base = headline.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  await openDesk(page);
  await startStory(page, { headline, section: "Metro", body: "The bridge reopened at noon." });
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("status").filter({ hasText: "Published at" })).toBeVisible();

  const reader = await browser.newContext();
  expect((await reader.request.get(`/stories/${base}`)).status()).toBe(200);

  for (const slug of [`${base}-update`, `${base}-final`]) {
    await page.getByLabel("Slug").fill(slug);
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved at" })).toBeVisible();
    await expect(page.getByRole("link", { name: "View story" })).toHaveAttribute("href", `/stories/${slug}`);
  }

  for (const old of [base, `${base}-update`]) {
    const response = await reader.request.get(`/stories/${old}`, { maxRedirects: 0 });
    expect(response.status()).toBe(308);
    // Next.js 16 repeats the Location header of redirects from cached pages (vercel/next.js#82117);
    // browsers follow it because both copies agree, so that is what this checks.
    const locations = new Set(
      response
        .headersArray()
        .filter((h) => h.name.toLowerCase() === "location")
        .flatMap((h) => h.value.split(", ")),
    );
    expect([...locations]).toEqual([`/stories/${base}-final`]);
  }
  const readerPage = await reader.newPage();
  await readerPage.goto(`/stories/${base}`);
  await expect(readerPage).toHaveURL(new RegExp(`/stories/${base}-final$`));
  await expect(readerPage.getByRole("heading", { level: 1 })).toHaveText(headline);
  await reader.close();
});
