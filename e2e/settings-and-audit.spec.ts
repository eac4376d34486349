import { expect } from "@playwright/test";
import { FIRST_RENDER, openDesk, test } from "./fixtures";

test.describe("as an admin", () => {
  test.use({ signedInAs: "admin" });

  test("an admin renames the site and readers see it at once; a bad time zone is refused and nothing typed is lost; the audit log shows who did it", async ({
    page,
    browser,
  }) => {
    await openDesk(page);
    await page.getByRole("navigation", { name: "Newsroom" }).getByRole("link", { name: "Settings" }).click();
    await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
    const originalName = await page.getByLabel("Site name").inputValue();
    const newName = `The Harbor Courier ${Date.now().toString(36)}`;

    // A reader's copy of the front page is in the cache before the change.
    const reader = await (await browser.newContext()).newPage();
    await reader.goto("/");
    await expect(reader.getByRole("banner").getByRole("link").first()).toHaveText(originalName);

    await page.getByLabel("Site name").fill(newName);
    await page.getByLabel("Newsroom time zone").fill("America/Atlantis");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText('"America/Atlantis" is not a time zone this server knows')).toBeVisible();
    await expect(page.getByLabel("Newsroom time zone")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Site name")).toHaveValue(newName);
    await expect(page.getByLabel("Newsroom time zone")).toHaveValue("America/Atlantis");

    await page.getByLabel("Newsroom time zone").fill("America/New_York");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Settings saved" })).toBeVisible();

    await reader.goto("/");
    await expect(reader.getByRole("banner").getByRole("link").first()).toHaveText(newName, FIRST_RENDER);
    await expect(reader).toHaveTitle(newName);

    // The audit log: newest first, in words, with the person, and filterable by action.
    await page.getByRole("navigation", { name: "Newsroom" }).getByRole("link", { name: "Audit log" }).click();
    await page.getByLabel("Action").selectOption({ label: "Changed site settings" });
    await page.getByRole("button", { name: "Filter" }).click();
    const firstRow = page.getByRole("table").getByRole("row").nth(1);
    await expect(firstRow).toContainText("Changed site settings");
    await expect(firstRow).toContainText("Site settings");
    await expect(firstRow.getByRole("cell").nth(1)).not.toHaveText("System");
    await expect(firstRow.getByRole("cell").nth(4)).toHaveText(/\d|—/);

    // Put the name back for everyone else.
    await page.goto("/desk/settings");
    await page.getByLabel("Site name").fill(originalName);
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Settings saved" })).toBeVisible();
  });
});

test.describe("as an editor", () => {
  test.use({ signedInAs: "editor" });

  test("editors and reporters see neither the audit log nor the settings", async ({ page }) => {
    await openDesk(page);
    const nav = page.getByRole("navigation", { name: "Newsroom" });
    await expect(nav.getByRole("link", { name: "Stories" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Audit log" })).toHaveCount(0);
    await expect(nav.getByRole("link", { name: "Settings" })).toHaveCount(0);
    // The same refusal, the same answer, on every admin page: 404.
    for (const path of ["/desk/audit", "/desk/settings", "/desk/users"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
      await expect(page.getByRole("table")).toHaveCount(0);
    }
  });

  test("unknown story ids are a 404 page, not an error", async ({ page }) => {
    await openDesk(page);
    for (const path of [
      "/desk/stories/00000000-0000-4000-8000-000000000000",
      "/desk/stories/not-an-id/history",
      "/stories/no-such-story",
      "/stories/no-such-story/history",
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    }
    const json = await page.request.get("/stories/no-such-story/history/verify.json");
    expect(json.status()).toBe(404);
    expect(await json.json()).toEqual({ error: expect.any(String) });
  });
});
