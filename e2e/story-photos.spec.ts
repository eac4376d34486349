import { fileURLToPath } from "node:url";
import { expect, type Page } from "@playwright/test";
import { FIRST_RENDER, openDesk, signedInContext, test, uniqueHeadline } from "./fixtures";

// A photo from upload to the reader: a reporter uploads a photo with IPTC metadata, sees its caption,
// photographer and credit prefilled, sets the focal point, and puts it in a story as the lead and in
// the body; the editor is refused at publish until each photo has alt text, adds it, publishes; a
// signed-out reader sees the figure with its caption and credit, the share-card tags and the
// JSON-LD images, and could not fetch the photo's files before publication.

const PHOTO = fileURLToPath(new URL("../tests/fixtures/images/iptc-staff-photographer-example.jpg", import.meta.url));
const CAPTION = "After digging the furrows another ten yards with the tractor, Jim Moore hops off to hand-set more leeks and onions.";
// Processing a 12-megapixel photo on a busy machine (one photo at a time, sharp on one thread) takes a while.
const PROCESSING = { timeout: 120_000 };

test.use({ signedInAs: "reporter" });

async function choosePhoto(page: Page, group: string, search: string) {
  const picker = page.getByRole("group", { name: group });
  await picker.getByLabel("Search the photo library").fill(search);
  await picker
    .getByRole("button", { name: /^Use: After digging the furrows/ })
    .first()
    .click();
}

test("a reporter's photo goes from upload to the story's lead and body, and a reader sees it credited", async ({ page, browser }) => {
  test.setTimeout(300_000);
  await openDesk(page);

  // Upload on the Media page: the photo's own metadata fills its details.
  await page.getByRole("link", { name: "Media", exact: true }).click();
  await page.getByLabel("Choose files").setInputFiles(PHOTO);
  await page.getByRole("link", { name: "Edit the details of iptc-staff-photographer-example.jpg" }).click();
  await expect(page.getByLabel("Caption")).toHaveValue(CAPTION, FIRST_RENDER);
  await expect(page.getByLabel("Photographer", { exact: true })).toHaveValue("John Doe");
  await expect(page.getByLabel("Credit line")).toHaveValue("Big Newspaper");
  // Its sizes are made off the request; then the photo editor sets the point of interest, and the
  // crops are made again around it (their files get new names).
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("Status: Ready.")).toBeVisible({ timeout: 2_000 });
  }).toPass(PROCESSING);
  const crop = page.getByRole("img", { name: "The 1:1 crop" });
  const before = await crop.getAttribute("src");
  await page.getByLabel("Focal point across (%)").fill("40");
  await page.getByLabel("Focal point down (%)").fill("35");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByText(/^Saved\./)).toBeVisible();
  await expect(async () => {
    await page.reload();
    expect(await crop.getAttribute("src", { timeout: 2_000 })).not.toBe(before);
  }).toPass(PROCESSING);

  // A story with the photo as its lead and in its body.
  const headline = uniqueHeadline("Leeks and onions go in early");
  await openDesk(page);
  await page.getByRole("button", { name: "New story" }).click();
  await page.getByLabel("Headline").fill(headline);
  await page.getByLabel("Section").selectOption({ label: "Business" });
  await page.getByLabel("Body").click();
  await page.keyboard.type("Farmers on the east side planted two weeks early this year.");
  await page.getByRole("button", { name: "Choose lead photo" }).click();
  await choosePhoto(page, "Choose a photo for the lead", "Jim Moore");
  await expect(page.getByRole("button", { name: "Replace lead photo" })).toBeVisible();
  await page.getByLabel("Body").click();
  await page.keyboard.press("End");
  await page.getByRole("button", { name: "Insert photo" }).click();
  await choosePhoto(page, "Choose a photo for the body", "leeks");
  await page.getByLabel("Photo caption").fill("Jim Moore sets the leeks by hand.");
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("status").filter({ hasText: "Submitted for review" })).toBeVisible();
  const editorUrl = page.url();
  const slug = await page.getByLabel("Slug").inputValue();

  // Until the story is published, its photo's files are not for readers.
  const reader = await browser.newContext();
  const readerPage = await reader.newPage();
  const preview = page.getByRole("group", { name: "Lead photo" }).locator("img");
  await expect(preview).toHaveAttribute("src", /^\/media\//, PROCESSING);
  const draftFile = (await preview.getAttribute("src"))!;
  expect((await readerPage.request.get(draftFile)).status()).toBe(404);
  // The newsroom sees it (the preview above is that file).
  expect((await page.request.get(draftFile)).status()).toBe(200);

  // The editor is refused until every photo has alt text, then publishes.
  const editorContext = await signedInContext(browser, "editor");
  const editor = await editorContext.newPage();
  await editor.goto(editorUrl);
  await editor.getByRole("button", { name: "Publish" }).click();
  const refusal = editor.getByRole("alert").filter({ hasText: "cannot be published" });
  await expect(refusal).toContainText("alt text for the lead photo (or mark it decorative)", FIRST_RENDER);
  await expect(refusal).toContainText("alt text for photo 1 in the body");
  await editor.getByLabel("Alt text", { exact: true }).fill("A farmer kneels between furrows, setting leek seedlings by hand");
  await editor.getByLabel("Photo alt text").fill("Rows of young onions beside a red tractor");
  await editor.getByRole("button", { name: "Publish" }).click();
  await expect(editor.getByRole("status").filter({ hasText: "Published at" })).toBeVisible(FIRST_RENDER);

  // The reader sees the figures, credited, and the share cards and structured data carry the photo.
  expect((await readerPage.goto(`/stories/${slug}`))!.status()).toBe(200);
  const lead = readerPage
    .locator("figure")
    .filter({ has: readerPage.locator("picture") })
    .first();
  await expect(lead.getByRole("img", { name: "A farmer kneels between furrows, setting leek seedlings by hand" })).toBeVisible();
  await expect(lead.locator("figcaption")).toContainText(CAPTION);
  await expect(lead.locator("figcaption")).toContainText("Big Newspaper");
  await expect(readerPage.getByRole("img", { name: "Rows of young onions beside a red tractor" })).toBeVisible();
  await expect(readerPage.getByText("Jim Moore sets the leeks by hand.")).toBeVisible();
  await expect(lead.getByRole("link", { name: /^View larger/ })).toHaveAttribute("href", /^\/media\/[0-9a-f]{64}\.jpg$/);

  await expect(readerPage.locator('meta[property="og:image"]')).toHaveAttribute("content", /\/media\/[0-9a-f]{64}\.jpg$/);
  // The 1.91:1 crop, 1200x630 where the photo is that large (this one is smaller, and is never upscaled).
  const cardWidth = Number(await readerPage.locator('meta[property="og:image:width"]').getAttribute("content"));
  const cardHeight = Number(await readerPage.locator('meta[property="og:image:height"]').getAttribute("content"));
  expect(cardWidth).toBeLessThanOrEqual(1200);
  expect(Math.abs(cardWidth / cardHeight - 1.91)).toBeLessThan(0.02);
  await expect(readerPage.locator('meta[property="og:image:alt"]')).toHaveAttribute(
    "content",
    "A farmer kneels between furrows, setting leek seedlings by hand",
  );
  await expect(readerPage.locator('meta[name="twitter:card"]')).toHaveAttribute("content", "summary_large_image");
  await expect(readerPage.locator('meta[name="robots"]')).toHaveAttribute("content", /max-image-preview:large/);
  const jsonLd = JSON.parse((await readerPage.locator('script[type="application/ld+json"]').textContent()) ?? "{}");
  expect(jsonLd.image).toHaveLength(3);
  // 16:9, 4:3 and 1:1, each the largest crop there is (at least 1200 wide for photos that large).
  expect(jsonLd.image.map((image: { width: number; height: number }) => Math.round((image.width / image.height) * 10) / 10)).toEqual([1.8, 1.3, 1]);
  for (const image of jsonLd.image) {
    expect(image).toMatchObject({
      "@type": "ImageObject",
      creditText: "Big Newspaper",
      creator: { name: "John Doe" },
      copyrightNotice: expect.stringContaining("Big Newspaper"),
    });
  }
  // Now public: the photo's files are served to anyone, cached for a year.
  const larger = await lead.getByRole("link", { name: /^View larger/ }).getAttribute("href");
  const file = await readerPage.request.get(larger!);
  expect(file.status()).toBe(200);
  expect(file.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");

  await reader.close();
  await editorContext.close();
});
