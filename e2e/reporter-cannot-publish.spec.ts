import { expect } from "@playwright/test";
import { openDesk, startStory, test, uniqueHeadline } from "./fixtures";

test.use({ signedInAs: "reporter" });

test("a reporter cannot publish: no button, and the server action itself refuses", async ({ page }) => {
  const headline = uniqueHeadline("Reporter draft");
  await openDesk(page);
  await startStory(page, { headline, section: "Politics", body: "A paragraph." });
  await expect(page.getByRole("button", { name: "Submit for review" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Publish" })).toHaveCount(0);

  // Capture the real "Save draft" server action call, then replay it as this reporter with the
  // intent changed to "publish", as anyone could with the browser's developer tools.
  const [request] = await Promise.all([
    // Other actions run on this page too (the related-story search): take the save.
    page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"]) && (r.postData() ?? "").includes('"intent":"save"')),
    page.getByRole("button", { name: "Save draft" }).click(),
  ]);
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("status").filter({ hasText: "Saved at" })).toBeVisible();
  const storyId = page.url().split("/").pop()!;
  const body = request.postData()!;
  expect(body).toContain('"intent":"save"');

  const replay = await page.request.post(request.url(), {
    headers: {
      "next-action": request.headers()["next-action"],
      "content-type": request.headers()["content-type"],
      accept: "text/x-component",
    },
    data: body.replace('"intent":"save"', '"intent":"publish"'),
  });
  expect(replay.status()).toBe(200);
  expect(await replay.text()).toContain("Only editors can publish");

  const slug = await page.getByLabel("Slug").inputValue();
  expect((await page.request.get(`/stories/${slug}`)).status()).toBe(404);
  await page.goto(`/desk/stories/${storyId}`);
  await expect(page.getByText("Draft", { exact: true })).toBeVisible();
});
