import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { seedDesk } from "./reader-seed";

// Every kind of public page, checked by axe against WCAG 2.2 A and AA (and axe's best practices) in
// both colour schemes, with zero violations allowed. The section's second page is a section seeded
// for this file. The demo stories have photos (made at first start), and so do this file's: every page
// type is checked with its pictures, figures and captions.

const STORY = "/stories/alder-river-floods-downtown-as-it-crests-near-record";
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

let secondPage = "";

test.beforeAll(async () => {
  const desk = await seedDesk(22, "Axe", { photos: true });
  secondPage = `/sections/${desk.section.slug}/page/2`;
});

const PAGES: [kind: string, path: () => string][] = [
  ["front page", () => "/"],
  ["section", () => "/sections/metro"],
  ["section page 2", () => secondPage],
  ["tag", () => "/tags/flooding"],
  ["author", () => "/authors/sam-okafor"],
  ["story", () => STORY],
  ["history", () => `${STORY}/history`],
  ["corrections", () => "/corrections"],
  ["not found", () => "/no-such-page"],
];

/** Pages that show photos (leads and crops), so that axe checks them with their pictures. */
const WITH_PHOTOS = new Set(["front page", "section", "section page 2", "tag", "author", "story"]);

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`in the ${colorScheme} colour scheme`, () => {
    test.use({ colorScheme });

    for (const [kind, path] of PAGES) {
      test(`the ${kind} has its landmarks, one h1 and no accessibility violations`, async ({ page }) => {
        await page.goto(path());
        await expect(page.locator("h1")).toHaveCount(1);
        await expect(page.getByRole("main")).toHaveCount(1);
        await expect(page.getByRole("banner")).toHaveCount(1);
        await expect(page.getByRole("contentinfo")).toHaveCount(1);
        if (WITH_PHOTOS.has(kind)) await expect(page.getByRole("main").locator("picture img").first()).toBeVisible();
        const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
        const violations = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
        expect(violations).toEqual([]);
      });
    }
  });
}

test("the skip link is the first thing a keyboard reaches, is visible when focused, and lands on the content", async ({ page }) => {
  await page.goto(STORY);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);
});
