import { expect } from "@playwright/test";
import { openDesk, startStory, test, uniqueHeadline } from "./fixtures";

test.use({ signedInAs: "reporter" });

test("a reporter shares a signed preview of a draft that a reader without an account can open", async ({ page, browser }) => {
  const headline = uniqueHeadline("Draft to preview");
  await openDesk(page);
  await startStory(page, { headline, body: "Only people with the link can read this." });
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);

  await page.getByRole("button", { name: "Create preview link" }).click();
  const link = await page.getByLabel("Preview link").inputValue();
  expect(link).toMatch(/\/preview\/[\w-]+\.[\w-]+$/);

  const reader = await browser.newContext();
  const readerPage = await reader.newPage();
  const response = await readerPage.goto(link);
  expect(response!.status()).toBe(200);
  expect(response!.headers()["x-robots-tag"]).toBe("noindex, nofollow");
  await expect(readerPage.getByRole("note")).toContainText("Preview");
  await expect(readerPage.getByRole("heading", { level: 1 })).toHaveText(headline);
  await expect(readerPage.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);

  // The draft itself is still not public, and a tampered link is nothing.
  const slug = headline.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  expect((await reader.request.get(`/stories/${slug}`)).status()).toBe(404);
  const tampered = link.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
  expect((await reader.request.get(tampered)).status()).toBe(404);
  await reader.close();
});
