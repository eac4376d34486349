import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";
import { buildZip } from "../tests/support/zip";
import { FIRST_RENDER, openDesk, test } from "./fixtures";

// An admin moves a small WordPress site in through the import screen, with its zipped uploads folder,
// reads the report (the story's photo taken from the zip), and a reader's old link to one of its posts
// lands on the story in one hop.

const site = `gazette-${Date.now().toString(36)}.example`;
const exportFile = readFileSync(path.resolve("tests/fixtures/wxr/small-site.xml"), "utf8").replace(/gazette\.example/g, site);
const uploadsZip = buildZip([{ name: "wp-content/uploads/2016/12/council-chamber.jpg", data: readFileSync(path.resolve("tests/fixtures/images/f6t.jpg")) }]);

test.describe("as an admin", () => {
  test.use({ signedInAs: "admin" });

  test("an admin imports a WordPress export and its uploads folder through the screen and reads the report; old addresses redirect to the stories", async ({
    page,
    request,
  }) => {
    await openDesk(page);
    await page.getByRole("navigation", { name: "Newsroom" }).getByRole("link", { name: "Import and export" }).click();
    await expect(page.getByRole("heading", { name: "Import a WordPress export" })).toBeVisible();

    // Nothing chosen yet: a message beside the field, not a request.
    await page.getByRole("button", { name: "Import" }).click();
    await expect(page.getByText("Choose the WordPress export file (.xml).")).toBeVisible();

    await page
      .getByLabel("WordPress export file")
      .setInputFiles({ name: "riverside-gazette.xml", mimeType: "application/xml", buffer: Buffer.from(exportFile) });
    await expect(page.getByText("the site's wp-content/uploads folder, zipped")).toBeVisible();
    await page.getByLabel("Uploads folder (.zip)").setInputFiles({ name: "uploads.zip", mimeType: "application/zip", buffer: uploadsZip });
    await page.getByLabel("Authors").fill("mlopez=new");
    await page.getByRole("button", { name: "Import" }).click();

    await expect(page).toHaveURL(/\/desk\/import\?run=/);
    await expect(page.getByRole("heading", { name: "Import of riverside-gazette.xml" })).toBeVisible();
    const report = page.getByRole("region", { name: "Import report" });
    await expect(report).toBeVisible(FIRST_RENDER);
    await expect(report.getByRole("status")).toHaveText(/Stories created: 7, updated: 0, unchanged: 0, skipped: 3, failed: 0\./);
    await expect(report.getByText("Comments not imported")).toBeVisible();
    await expect(page.getByText("With the uploads folder uploads.zip")).toBeVisible();
    // The featured photo came from the zip; none is missing.
    await expect(report.getByRole("definition").filter({ hasText: "1 from the uploads folder, 0 fetched from their addresses" })).toBeVisible();
    await expect(report).toContainText("Photos not imported0");
    await expect(report.getByText("Photos that could not be imported")).toHaveCount(0);
    await expect(report.getByRole("listitem").filter({ hasText: "[gallery]: 1" })).toBeVisible();
    await expect(report.getByRole("listitem").filter({ hasText: "1: in WordPress's trash" })).toBeVisible();
    await expect(page.getByRole("link", { name: "riverside-gazette.xml" })).toBeVisible();

    // A reader following an old link: one permanent redirect, then the story.
    const old = await request.get("/2016/12/13/council-passes-budget/", { maxRedirects: 0 });
    expect(old.status()).toBe(301);
    const location = old.headers()["location"];
    expect(location).toMatch(/^\/stories\/council-passes-budget/);
    const reader = await page.context().browser()!.newContext();
    const readerPage = await reader.newPage();
    await readerPage.goto(`/?p=101`);
    await expect(readerPage).toHaveURL(new RegExp(`${location}$`));
    await expect(readerPage.getByRole("heading", { level: 1 })).toHaveText("Council passes & signs the budget", FIRST_RENDER);
    await reader.close();
  });
});
