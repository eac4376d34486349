import { fileURLToPath } from "node:url";
import { expect } from "@playwright/test";
import { FIRST_RENDER, test } from "./fixtures";

// A reporter's journey through the media library: upload IPTC's own example photo, find its details
// prefilled from the file, pick the focal point on the picture (with the mouse, then the keyboard),
// add alt text and save; a file that is no photo is refused with its reason; the photo is not
// reachable by a reader while no public story uses it.

test.use({ signedInAs: "reporter" });

const PHOTO = fileURLToPath(new URL("../tests/fixtures/images/iptc-staff-photographer-example.jpg", import.meta.url));

test("a reporter uploads a photo with IPTC metadata, confirms the prefilled details, sets the focal point and saves", async ({ page, browser }) => {
  await page.goto("/desk");
  await page.getByRole("navigation", { name: "Newsroom" }).getByRole("link", { name: "Media" }).click();
  await expect(page.getByRole("heading", { name: "Media", level: 1 })).toBeVisible(FIRST_RENDER);

  await page.getByLabel("Choose files").setInputFiles(PHOTO);
  await page.getByLabel("Choose files").setInputFiles({ name: "notes.jpg", mimeType: "image/jpeg", buffer: Buffer.from("These are notes, not a photo.") });
  await expect(page.getByRole("progressbar", { name: "Upload of iptc-staff-photographer-example.jpg" })).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "Not uploaded: This file is not an image we can read" })).toBeVisible();
  await page.getByRole("link", { name: "Edit the details of iptc-staff-photographer-example.jpg" }).click();

  await expect(page.getByLabel("Caption", { exact: true })).toHaveValue(
    "After digging the furrows another ten yards with the tractor, Jim Moore hops off to hand-set more leeks and onions.",
    FIRST_RENDER,
  );
  await expect(page.getByLabel("Photographer", { exact: true })).toHaveValue("John Doe");
  await expect(page.getByLabel("Photographer's title")).toHaveValue("Staff Photographer");
  await expect(page.getByLabel("Credit line")).toHaveValue("Big Newspaper");
  await expect(page.getByLabel("Source", { exact: true })).toHaveValue("John Doe / Big Newspaper");
  await expect(page.getByLabel("Copyright notice")).toHaveValue("©2010 Big Newspaper, all rights reserved");
  await expect(page.getByLabel("Date taken")).not.toHaveValue("");

  // The renditions job runs in the web server; the picture to click appears once it has.
  const picture = page.getByRole("button", { name: /^Focal point:/ });
  await expect(async () => {
    await page.reload();
    await expect(picture).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  const box = (await picture.boundingBox())!;
  await picture.click({ position: { x: box.width * 0.25, y: box.height * 0.4 } });
  const across = Number(await page.getByLabel("Focal point across (%)").inputValue());
  const down = Number(await page.getByLabel("Focal point down (%)").inputValue());
  expect(across).toBeGreaterThan(22);
  expect(across).toBeLessThan(28);
  expect(down).toBeGreaterThan(37);
  expect(down).toBeLessThan(43);
  // The keyboard moves it too.
  await picture.press("ArrowRight");
  await expect(page.getByLabel("Focal point across (%)")).toHaveValue(String(Math.round((across + 2) * 10) / 10));

  await page.getByLabel("Alt text").fill("A farmer kneels in a furrow beside a red tractor, planting onions.");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved. The crops are being made again around the new focal point." })).toBeVisible();

  await page.reload();
  await expect(page.getByLabel("Alt text")).toHaveValue("A farmer kneels in a furrow beside a red tractor, planting onions.");
  await expect(page.getByLabel("Focal point across (%)")).toHaveValue(String(Math.round((across + 2) * 10) / 10));

  // No public story uses the photo: a reader gets the same 404 as for a file that does not exist.
  const src = await picture.locator("img").getAttribute("src");
  expect(src).toMatch(/^\/media\/[0-9a-f]{64}\.jpg$/);
  expect((await page.request.get(src!)).status()).toBe(200);
  const reader = await browser.newContext();
  try {
    const answer = await reader.request.get(new URL(src!, page.url()).toString());
    expect(answer.status()).toBe(404);
  } finally {
    await reader.close();
  }
});
