import { expect } from "@playwright/test";
import { AP_TIME, openDesk, signedInContext, startStory, test, uniqueHeadline } from "./fixtures";

test.describe("as an editor", () => {
  test.use({ signedInAs: "editor" });

  test("an editor corrects a published story, and a reader sees the correction on the story and the corrections page", async ({ page, browser }) => {
    const headline = uniqueHeadline("Harbor bridge reopens to traffic");
    const correction = "An earlier version of this article misstated the bridge's length.";
    await openDesk(page);

    await startStory(page, { headline, section: "Metro", body: "The bridge reopened on Thursday." });
    await page.getByLabel("Dek").fill("Commuters crossed at dawn.");
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
    const editorUrl = page.url();
    const slug = await page.getByLabel("Slug").inputValue();
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Published at" })).toBeVisible();

    await page.getByRole("button", { name: "Add correction" }).click();
    await expect(page.getByLabel("Kind")).toHaveValue("CORRECTION");
    await expect(page.getByLabel("Significant: moves the Updated time")).toBeChecked();
    // An empty text is refused next to the field, and the form stays open.
    await page.getByRole("button", { name: "Add correction" }).click();
    await expect(page.getByText("Write the text readers will see.")).toBeVisible();
    await page.getByLabel("Correction text").fill(correction);
    await page.getByRole("button", { name: "Add correction" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Correction added" })).toBeVisible();
    expect(page.url()).toBe(editorUrl);
    await expect(page.getByRole("region", { name: "Update log" }).getByText(`Correction: ${correction}`)).toBeVisible();

    const reader = await browser.newContext();
    const readerPage = await reader.newPage();
    expect((await readerPage.goto(`/stories/${slug}`))!.status()).toBe(200);

    const box = readerPage.getByRole("region", { name: "Corrections" });
    await expect(box).toContainText(`Correction: ${correction}`);
    await expect(box.locator("time[datetime]")).toHaveCount(1);

    const updates = readerPage.getByRole("region", { name: "Updates" }).getByRole("listitem");
    await expect(updates).toHaveCount(2);
    await expect(updates.nth(0)).toHaveText(new RegExp(`^${AP_TIME}: Correction: ${correction.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
    await expect(updates.nth(1)).toHaveText(/^This article was originally published at /);

    // The structured data says the same as the page.
    const jsonLd = JSON.parse((await readerPage.locator('script[type="application/ld+json"]').textContent()) ?? "{}");
    expect(jsonLd["@type"]).toBe("NewsArticle");
    expect(jsonLd.correction).toEqual([expect.objectContaining({ "@type": "CorrectionComment", text: correction })]);

    // The fix itself, in the story's public history, word by word.
    await page.getByLabel("Body").fill("The bridge reopened on Friday.");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved at" })).toBeVisible();
    await readerPage.goto(`/stories/${slug}/history`);
    await expect(readerPage.locator("del").filter({ hasText: "Thursday" }).first()).toBeVisible();
    await expect(readerPage.locator("ins").filter({ hasText: "Friday" }).first()).toBeVisible();

    await readerPage.goto(`/stories/${slug}`);
    await readerPage.getByRole("contentinfo").getByRole("link", { name: "Corrections", exact: true }).click();
    await expect(readerPage).toHaveURL(/\/corrections$/);
    await expect(readerPage.getByRole("heading", { level: 1, name: "Corrections" })).toBeVisible();
    const listed = readerPage.getByRole("listitem").filter({ has: readerPage.getByRole("link", { name: headline }) });
    await expect(listed).toContainText(`Correction: ${correction}`);
    await expect(listed.getByRole("link", { name: headline })).toHaveAttribute("href", `/stories/${slug}#corrections`);
    await reader.close();
  });
});

test.describe("as a reporter", () => {
  test.use({ signedInAs: "reporter" });

  test("a reporter sees no way to add a correction", async ({ page, browser }) => {
    const headline = uniqueHeadline("Reporter cannot correct");
    const editorContext = await signedInContext(browser, "editor");
    const editorPage = await editorContext.newPage();
    await openDesk(editorPage);
    await startStory(editorPage, { headline, section: "Metro", body: "A published story." });
    await editorPage.getByRole("button", { name: "Publish" }).click();
    await expect(editorPage.getByRole("status").filter({ hasText: "Published at" })).toBeVisible();
    await expect(editorPage).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
    const storyUrl = new URL(editorPage.url()).pathname;
    await editorContext.close();

    await page.goto(storyUrl);
    await expect(page.getByRole("heading", { name: "Update log" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Add correction" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Add update" })).toHaveCount(0);
  });
});
