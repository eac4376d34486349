import { expect } from "@playwright/test";
import { openDesk, signedInContext, startStory, test, uniqueHeadline } from "./fixtures";

test("two people edit one story: the second save is refused, both texts survive, and the person chooses", async ({ browser }) => {
  const headline = uniqueHeadline("Council delays vote");
  const editorContext = await signedInContext(browser, "editor");
  const adminContext = await signedInContext(browser, "admin");
  const editor = await editorContext.newPage();
  const admin = await adminContext.newPage();

  await openDesk(editor);
  await startStory(editor, { headline, body: "The council met on Monday." });
  await editor.getByRole("button", { name: "Save draft" }).click();
  await expect(editor).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
  const url = editor.url();

  await admin.goto(url);
  // Each sees that the other has the story open.
  await expect(admin.getByRole("note")).toContainText("Also open now: Priya Natarajan");

  await editor.getByLabel("Headline").fill(`${headline}, again`);
  await editor.getByRole("button", { name: "Save draft" }).click();
  await expect(editor.getByRole("status").filter({ hasText: "Saved at" })).toBeVisible();

  await admin.getByLabel("Dek").fill("A dek written at the same time.");
  await admin.getByRole("button", { name: "Save draft" }).click();
  const panel = admin.getByRole("region", { name: "Someone else saved this story while you were editing" });
  await expect(panel).toBeVisible();
  // The saved headline's extra words are marked as only in the saved version.
  await expect(panel.getByRole("group", { name: "Headline, both versions" }).locator("mark")).toContainText(", again");
  await expect(panel.getByRole("group", { name: "Dek, both versions" })).toContainText("A dek written at the same time.");

  // Keep the other person's headline and this person's dek.
  await panel.getByRole("button", { name: "Use saved for Headline" }).click();
  await expect(admin.getByLabel("Headline", { exact: true })).toHaveValue(`${headline}, again`);
  await panel.getByRole("button", { name: "Save the chosen version" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Saved at" })).toBeVisible();

  await editor.reload();
  await expect(editor.getByLabel("Headline")).toHaveValue(`${headline}, again`);
  await expect(editor.getByLabel("Dek")).toHaveValue("A dek written at the same time.");
  await editorContext.close();
  await adminContext.close();
});

test.describe("as a reporter", () => {
  test.use({ signedInAs: "reporter" });

  test("autosave keeps typing safe while the server cannot be reached, and across a reload", async ({ page }) => {
    const headline = uniqueHeadline("Storm watch");
    await openDesk(page);
    await startStory(page, { headline, body: "First paragraph." });
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
    const url = page.url();

    // Typing is saved in the background a few seconds after it stops.
    await page.getByLabel("Dek").fill("Saved without pressing anything.");
    await expect(page.getByText(/^All changes saved at/)).toBeVisible({ timeout: 15_000 });

    // The server goes away: saves fail, the status says so, and the browser keeps the text.
    await page.route("**/desk/stories/**", (route) => (route.request().method() === "POST" ? route.abort("connectionrefused") : route.continue()));
    await page.getByLabel("Body").fill("Typed while the server was down.");
    await expect(page.getByText(/^Not saved — retrying/)).toBeVisible({ timeout: 15_000 });

    // Leaving with unsaved changes asks first; reloading brings the text back from this browser.
    const dialog = page.waitForEvent("dialog");
    page.once("dialog", (d) => void d.accept());
    await page.goto(url);
    expect((await dialog).type()).toBe("beforeunload");
    await expect(page.getByText("Restored the changes this browser kept")).toBeVisible();
    await expect(page.getByLabel("Body")).toHaveText("Typed while the server was down.");

    // The server is back: the restored text is saved without anyone pressing a button.
    await page.unroute("**/desk/stories/**");
    await expect(page.getByText(/^All changes saved at/)).toBeVisible({ timeout: 20_000 });

    await page.reload();
    await expect(page.getByLabel("Body")).toHaveText("Typed while the server was down.");
    await expect(page.getByText("Restored the changes")).toHaveCount(0);
  });
});
