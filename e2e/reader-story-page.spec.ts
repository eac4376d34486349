import { expect, test } from "@playwright/test";
import { FIRST_RENDER } from "./fixtures";

const BREAKING = "/stories/alder-river-floods-downtown-as-it-crests-near-record";

test("the demo breaking story has every part of the page as data", async ({ page }) => {
  const response = await page.goto(BREAKING);
  expect(response!.status()).toBe(200);
  await expect(page.locator("h1")).toHaveCount(1);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Alder River floods downtown as it crests near record");
  await expect(page.getByText("By Sam Okafor and Lena Marsh")).toBeVisible();
  await expect(page.getByText("Lena Marsh is a special correspondent.")).toBeVisible();
  await expect(page.getByText("The Associated Press contributed to this report.")).toBeVisible();
  await expect(page.locator("blockquote").first()).toContainText("We watched it come over the wall");

  const log = page.getByRole("region", { name: "Updates" }).getByRole("listitem");
  await expect(log).toHaveCount(8);
  await expect(log.first()).toHaveText("5:05 p.m.: This article has been updated throughout with additional reporting, quotes, background.");
  await expect(log.nth(2)).toHaveText(/^1 p\.m\.: /);
  await expect(log.nth(3)).toHaveText(/^11:50 a\.m\.: /);
  await expect(log.last()).toHaveText("This article was originally published at 4:50 a.m.");
  await expect(log.first().locator("time")).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);

  const related = page.getByRole("complementary", { name: "Related stories" }).getByRole("link");
  await expect(related).toHaveCount(3);
  await related.first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Seawall repairs delayed by funding dispute", FIRST_RENDER);
});

test("drafts and unknown stories are a 404, never a leak", async ({ page }) => {
  for (const path of ["/stories/council-weighs-emergency-flood-spending", "/stories/no-such-story"]) {
    const response = await page.goto(path);
    expect(response!.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    await expect(page.getByText("Council weighs emergency flood spending")).toHaveCount(0);
  }
  await page.goto("/");
  await expect(page.getByText("Council weighs emergency flood spending")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Alder River floods downtown as it crests near record" })).toBeVisible();
});

test("a reader follows History to every published version, with digests anyone can check", async ({ page }) => {
  await page.goto(BREAKING);
  await page.getByRole("link", { name: "History", exact: true }).click();
  await expect(page).toHaveURL(`${BREAKING}/history`, FIRST_RENDER);
  await expect(page.locator("h1")).toHaveCount(1);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Alder River floods downtown as it crests near record");
  await expect(
    page
      .locator("code")
      .filter({ hasText: /^[0-9a-f]{64}$/ })
      .first(),
  ).toBeVisible();
  const chain = await (await page.request.get(`${BREAKING}/history/verify.json`)).json();
  expect(chain.versions[0]).toMatchObject({ sequence: 1, previousDigest: null, digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
});
