import { expect } from "@playwright/test";
import { openDesk, startStory, test, uniqueHeadline } from "./fixtures";

test.use({ signedInAs: "editor" });

test("an editor adds a section, files a story in it and relates it to an earlier story found by searching", async ({ page, browser }) => {
  const section = `Climate ${Date.now().toString(36)}`;
  const headline = uniqueHeadline("Heat records fall");
  await openDesk(page);
  await page.getByRole("link", { name: "Sections and tags" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sections and tags");
  await page.getByLabel("Section name").fill(section);
  await page.getByRole("button", { name: "Add section" }).click();
  await expect(page.getByRole("rowheader", { name: section, exact: true })).toBeVisible();

  await page.getByRole("link", { name: "Stories", exact: true }).click();
  await startStory(page, { headline, section, body: "Three records fell in one week." });
  await page.getByLabel("Find a related story").fill("Alder River");
  await page.getByRole("button", { name: "Add: Alder River floods downtown as it crests near record" }).click();
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);

  const reader = await browser.newPage();
  await reader.goto(`/stories/${headline.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`);
  await expect(reader.getByRole("article").getByText(section, { exact: true })).toBeVisible();
  await expect(reader.getByRole("complementary", { name: "Related stories" }).getByRole("link")).toHaveText([
    "Alder River floods downtown as it crests near record",
  ]);
  await reader.close();
});
