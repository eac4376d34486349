import { expect, type Page } from "@playwright/test";
import { FIRST_RENDER, signedInContext, test } from "./fixtures";

// The edited front page: an editor pins the lead and orders the top stories (by dragging and with
// the keyboard's buttons), and a reader sees the new page at once; two people saving at once get the
// version-checked refusal, and the first one's layout stands. Both journeys change the one layout,
// so they run one after the other, and each leaves the page unpinned as it found it.
test.describe.configure({ mode: "serial" });

const LEAD = "Council approves protected bike lanes on Harbor Street";
const OTHER_LEAD = "Eastside library branch will open on Sundays starting in January";
const CONFLICT = "Someone else saved the front page after you opened it. Reload to see the latest version, then try again.";

async function openFrontPageScreen(page: Page) {
  await page.goto("/desk");
  await page.getByRole("navigation", { name: "Newsroom" }).getByRole("link", { name: "Front page" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Front page" })).toBeVisible(FIRST_RENDER);
}

async function pin(page: Page, place: string, headline: string) {
  await page.getByRole("button", { name: `Choose a story for ${place}` }).click();
  await page.getByLabel(`Find a published story for ${place}`).fill(headline);
  await page.getByRole("button", { name: `Pin: ${headline}`, exact: true }).click();
  await expect(page.getByRole("listitem", { name: `${place}: ${headline}` })).toContainText("Pinned");
}

const pinAsLead = (page: Page, headline: string) => pin(page, "Lead story", headline);

async function saveLayout(page: Page) {
  await page.getByRole("button", { name: "Save front page" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Front page saved" })).toBeVisible();
}

/** Unpins everything, so that the other journeys find the newest stories in every place again. */
async function unpinAll(page: Page) {
  await openFrontPageScreen(page);
  const unpin = page.getByRole("button", { name: /^Unpin / });
  while ((await unpin.count()) > 0) await unpin.first().click();
  await saveLayout(page);
}

async function topHeadlines(page: Page): Promise<string[]> {
  const names = await page
    .getByRole("region", { name: "Top stories" })
    .getByRole("listitem")
    .evaluateAll((items) => items.map((item) => item.getAttribute("aria-label") ?? ""));
  return names.map((name) => name.replace(/^Top story \d+: /, ""));
}

test.describe("the front page", () => {
  test.use({ signedInAs: "editor" });
  // Even after a failure: the other journeys expect the newest stories in every place.
  test.afterEach(async ({ page }) => unpinAll(page));

  test("an editor pins the lead and reorders the top stories by dragging and by keyboard, and a reader sees it at once", async ({ page, browser }) => {
    await openFrontPageScreen(page);
    await pinAsLead(page, LEAD);
    await saveLayout(page);

    const [first, second, third] = await topHeadlines(page);
    const top = page.getByRole("region", { name: "Top stories" });
    // By keyboard: the first top story one place down.
    await top.getByRole("button", { name: `Move “${first}” down` }).click();
    expect((await topHeadlines(page)).slice(0, 3)).toEqual([second, first, third]);
    // By dragging: the third top story onto the first place.
    await top.getByRole("listitem", { name: `Top story 3: ${third}` }).dragTo(top.getByRole("listitem", { name: `Top story 1: ${second}` }));
    expect((await topHeadlines(page)).slice(0, 3)).toEqual([third, second, first]);
    await saveLayout(page);
    await expect(top.getByRole("listitem", { name: `Top story 1: ${third}` })).toContainText("Pinned");

    const reader = await browser.newContext();
    const readerPage = await reader.newPage();
    await readerPage.goto("/");
    const main = readerPage.getByRole("main");
    await expect(main.getByRole("heading", { level: 2 }).first()).toHaveText(LEAD);
    const readerTop = main.getByRole("region", { name: "Top stories" }).getByRole("heading", { level: 3 });
    await expect(readerTop.nth(0)).toHaveText(third);
    await expect(readerTop.nth(1)).toHaveText(second);
    await expect(readerTop.nth(2)).toHaveText(first);
    await reader.close();
  });

  test("two editors change the front page at once: the second is refused, and the first one's layout stands", async ({ page, browser }) => {
    const adminContext = await signedInContext(browser, "admin");
    const admin = await adminContext.newPage();
    await openFrontPageScreen(page);
    await openFrontPageScreen(admin);

    await pinAsLead(page, LEAD);
    await pinAsLead(admin, OTHER_LEAD);
    await saveLayout(page);
    await admin.getByRole("button", { name: "Save front page" }).click();
    await expect(admin.getByRole("alert").filter({ hasText: CONFLICT })).toBeVisible();
    // Nothing the second person chose is lost from the screen.
    await expect(admin.getByRole("listitem", { name: `Lead story: ${OTHER_LEAD}` })).toBeVisible();

    const reader = await browser.newContext();
    const readerPage = await reader.newPage();
    await readerPage.goto("/");
    await expect(readerPage.getByRole("main").getByRole("heading", { level: 2 }).first()).toHaveText(LEAD);
    await reader.close();

    await admin.reload();
    await expect(admin.getByRole("listitem", { name: `Lead story: ${LEAD}` })).toContainText("Pinned");
    await adminContext.close();
  });

  test("an editor pins a section page's top story, and readers see it lead that page, once", async ({ page, browser }) => {
    const headline = "A Harbor Street bakery reopens a week after the flood";
    await openFrontPageScreen(page);
    await pin(page, "Business page's top story", headline);
    await saveLayout(page);

    const reader = await browser.newContext();
    const readerPage = await reader.newPage();
    await readerPage.goto("/sections/business");
    const main = readerPage.getByRole("main");
    await expect(main.getByRole("article", { name: "Top story" }).getByRole("link", { name: headline })).toBeVisible();
    await expect(main.getByRole("link", { name: headline })).toHaveCount(1);
    await reader.close();
  });
});
