import { expect } from "@playwright/test";
import { openDesk, startStory, test, uniqueHeadline } from "./fixtures";

test.use({ signedInAs: "editor" });

const HOSTILE_PASTE = `
  <p style="margin:0"><b style="font-weight:normal" id="docs-internal-guid-1"><span style="font-weight:700">Bold from a document.</span></b></p>
  <ul><li><p>First point</p></li><li><p>Second point</p></li></ul>
  <p>Visit <a href="javascript:alert('link')">this link</a> and <img src="x" onerror="alert('img')"> <script>alert('script')</script>safely.</p>
  <table><tr><td>A cell that becomes text</td></tr></table>
  <p>Off-site links dressed as local ones: <a href="/\\evil.test/">backslash link</a>, <a href="/&#9;/evil.test/">tab link</a>, <a href="\\\\evil.test/">double backslash link</a>, <a href="/%5Cevil.test/">encoded link</a>; and <a href="/stories/a\\b">a local one</a>.</p>`;

test("the body is rich text, and pasted HTML is cleaned to what the newsroom allows", async ({ page, browser }) => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const headline = uniqueHeadline("Formatting survives");
  await openDesk(page);
  await startStory(page, { headline, section: "Metro" });

  const body = page.getByLabel("Body");
  await body.click();
  await page.getByRole("toolbar", { name: "Formatting" }).getByRole("button", { name: "Bold" }).click();
  await page.keyboard.type("Typed in bold.");
  await page.getByRole("toolbar", { name: "Formatting" }).getByRole("button", { name: "Bold" }).click();
  await page.keyboard.press("Enter");
  await body.evaluate((element, html) => {
    const data = new DataTransfer();
    data.setData("text/html", html);
    data.setData("text/plain", "fallback");
    element.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, HOSTILE_PASTE);
  await expect(body).toContainText("Second point");
  await expect(body.locator("script, img, table, [onerror], [style]")).toHaveCount(0);
  await expect(body.locator('a[href^="javascript"]')).toHaveCount(0);
  // Browsers open "/\evil.test/" as http://evil.test/: such links lose their address, keep their text.
  await expect(body).toContainText("backslash link, tab link, double backslash link, encoded link");
  await expect(body.locator('a[href*="evil"]')).toHaveCount(0);
  await expect(body.getByRole("link", { name: "a local one" })).toHaveAttribute("href", "/stories/a/b");

  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("status").filter({ hasText: "Published at" })).toBeVisible();

  const reader = await browser.newPage();
  reader.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await reader.goto(`/stories/${headline.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`);
  const article = reader.locator("article .story-body");
  await expect(article.locator("strong").first()).toHaveText("Typed in bold.");
  await expect(article.locator("ul > li")).toHaveText(["First point", "Second point"]);
  await expect(article).toContainText("A cell that becomes text");
  await expect(article.locator("script, img, table")).toHaveCount(0);
  await expect(article).toContainText("backslash link, tab link");
  await expect(article.locator('a[href*="evil"]')).toHaveCount(0);
  expect(dialogs).toEqual([]);
  await reader.close();
});
