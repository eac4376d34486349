import { expect } from "@playwright/test";
import { FIRST_RENDER, openDesk, test } from "./fixtures";

test.use({ signedInAs: "editor" });

test("a section an editor adds is in the masthead of every page at once, cached story pages included", async ({ page, browser }) => {
  const section = `Arts ${Date.now().toString(36)}`;
  const story = "/stories/seawall-repairs-delayed-by-funding-dispute";
  const reader = await (await browser.newContext()).newPage();
  await reader.goto(story);
  const nav = reader.getByRole("navigation", { name: "Sections" });
  await expect(nav.getByRole("link", { name: "Metro" })).toBeVisible();
  await expect(nav.getByRole("link", { name: section })).toHaveCount(0);

  await openDesk(page);
  await page.getByRole("link", { name: "Sections and tags" }).click();
  await page.getByLabel("Section name").fill(section);
  await page.getByRole("button", { name: "Add section" }).click();
  await expect(page.getByRole("rowheader", { name: section, exact: true })).toBeVisible();

  await reader.goto(story);
  await nav.getByRole("link", { name: section }).click();
  await expect(reader.getByRole("heading", { level: 1 })).toHaveText(section, FIRST_RENDER);
  await expect(reader.getByText("No stories have been published here yet.")).toBeVisible();
  await reader.context().close();
});
