import { expect } from "@playwright/test";
import { openDesk, test, uniqueHeadline } from "./fixtures";
import { expectNoScriptRuns, MARKER, watchForScript, XSS_FEEDS, XSS_PATHS, type StoredRecords } from "./xss-guard";

test.use({ signedInAs: "admin" });

// Hostile text typed into every field of the newsroom's forms (as an attacker with an account, or a
// pasted wire story, would), then every page that shows it visited in a real browser: no script runs.
// Payloads from tests/fixtures/xss-payloads.txt; the marker one would set a global if it ran.
const MARKER_PAYLOAD = `<img src=x onerror="window.${MARKER}=1">`;
const P = {
  headline: `"><svg onload=alert(1)>`,
  dek: `<script>alert(1)</script>${MARKER_PAYLOAD}`,
  body: `</script><svg onload=alert(1)>\n\n<img src/onerror=prompt(8)> <a href=javascript:alert(1)>click`,
  credit: `<iframe src=javascript:alert(1)> '>alert(1)</script><script/1='`,
  bylineName: `<x onclick=alert(1)>click this!`,
  bylineTitle: `<input autofocus onfocus=alert(1)>`,
  section: `<body onload=alert(1)>`,
  tag: `<marquee onstart=alert(1)>XSS</marquee>`,
  update: `<details open ontoggle=alert(1)> <svg><script>//&NewLine;confirm(1);</script </svg>`,
  correction: `<svg><![CDATA[><image xlink:href="]]><img src=xx:x onerror=alert(2)//"></svg>//["'\`-->]]>]</div>`,
  reason: `<textarea autofocus onfocus=alert(1)>test</textarea>${MARKER_PAYLOAD}`,
  photoAlt: `" onerror="alert(1)" x="`,
  photoCaption: `<img src=x onerror=alert(1)>${MARKER_PAYLOAD}`,
  photoCredit: `</figcaption><script>alert(1)</script>`,
};

test("hostile text stored in every field runs no script on any page that shows it", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await openDesk(page);

  // A section and a tag with hostile names.
  const sectionName = `${P.section} ${Date.now().toString(36)}`;
  await page.goto("/desk/sections");
  await page.getByLabel("Section name").fill(sectionName);
  await page.getByRole("button", { name: "Add section" }).click();
  await expect(page.getByText(/Added/)).toBeVisible();

  // A story with hostile text in every field, published.
  await page.goto("/desk");
  await page.getByRole("button", { name: "New story" }).click();
  await page.getByLabel("Headline").fill(uniqueHeadline(P.headline));
  await page.getByLabel("Dek").fill(P.dek);
  await page.getByLabel("Section").selectOption({ label: sectionName });
  await page.getByLabel("Body").fill(P.body);
  await page.getByLabel("Credit line").fill(P.credit);
  await page.getByLabel("Tags").fill(P.tag);
  await page.getByRole("button", { name: "Add byline" }).click();
  await page.getByLabel("Byline 2 outside name").fill(P.bylineName);
  await page.getByLabel("Byline 2 title").fill(P.bylineTitle);
  // A demo photo as the lead and in the body, with hostile alt text, caption and credit on both.
  await page.getByRole("button", { name: "Choose lead photo" }).click();
  // A demo photo (its caption says so), never another journey's upload, which must stay private.
  const leadPicker = page.getByRole("group", { name: "Choose a photo for the lead" });
  await leadPicker.getByLabel("Search the photo library").fill("illustration");
  await leadPicker
    .getByRole("button", { name: /^Use: .*illustration made for the demo/ })
    .first()
    .click();
  await page.getByLabel("Alt text", { exact: true }).fill(P.photoAlt);
  await page.getByLabel("Caption", { exact: true }).fill(P.photoCaption);
  await page.getByLabel("Credit", { exact: true }).fill(P.photoCredit);
  await page.getByLabel("Body").click();
  await page.getByRole("button", { name: "Insert photo" }).click();
  // A demo photo (its caption says so), never another journey's upload, which must stay private.
  const bodyPicker = page.getByRole("group", { name: "Choose a photo for the body" });
  await bodyPicker.getByLabel("Search the photo library").fill("illustration");
  await bodyPicker
    .getByRole("button", { name: /^Use: .*illustration made for the demo/ })
    .first()
    .click();
  await page.getByLabel("Photo alt text").fill(P.photoAlt);
  await page.getByLabel("Photo caption").fill(P.photoCaption);
  await page.getByLabel("Photo credit").fill(P.photoCredit);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
  const storyId = page.url().split("/").pop()!;
  const slug = await page.getByLabel("Slug").inputValue();
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Published at" })).toBeVisible();

  // An update, a correction, and a withdrawn entry, each hostile.
  await page.getByRole("button", { name: "Add update" }).click();
  await page.getByLabel("Update note").fill(P.update);
  await page.getByRole("button", { name: "Add update" }).click();
  await expect(page.getByRole("status").filter({ hasText: /added/i })).toBeVisible();
  await page.getByRole("button", { name: "Add correction" }).click();
  await page.getByLabel("Correction text").fill(P.correction);
  await page.getByRole("button", { name: "Add correction" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Correction added" })).toBeVisible();
  await page.getByRole("button", { name: "Withdraw" }).first().click();
  await page.getByLabel("Reason for withdrawal").fill(P.reason);
  await page.getByRole("button", { name: "Withdraw entry" }).click();
  // The entry's tools (and their "Entry withdrawn" note) go once the refreshed list strikes it through.
  await expect(page.getByText(`Withdrawn: ${P.reason}`)).toBeVisible();

  // Readers' pages, in a fresh context; newsroom pages as the admin.
  const reader = await (await browser.newContext()).newPage();
  // The section's and tag's addresses, as the story page links them.
  await reader.goto(`/stories/${slug}`);
  const linked = async (prefix: string) => ((await reader.locator(`main a[href^="${prefix}"]`).first().getAttribute("href")) ?? "").slice(prefix.length);
  const records: StoredRecords = { slug, storyId, sectionSlug: await linked("/sections/"), tagSlug: await linked("/tags/") };
  expect(records.sectionSlug).not.toBe("");
  expect(records.tagSlug).not.toBe("");

  const readerCaught = watchForScript(reader);
  const staffCaught = watchForScript(page);
  for (const { name, path, signedIn } of XSS_PATHS) {
    await test.step(name, async () => {
      if (signedIn) await expectNoScriptRuns(page, path(records), staffCaught);
      else await expectNoScriptRuns(reader, path(records), readerCaught);
    });
  }

  // The text is there, as text.
  await reader.goto(`/stories/${slug}`);
  await expect(reader.getByRole("heading", { level: 1 })).toContainText(P.headline);
  await expect(reader.getByText(P.credit)).toBeVisible();
  await expect(reader.getByRole("img", { name: P.photoAlt })).toHaveCount(2);
  await expect(reader.locator("figcaption").filter({ hasText: P.photoCredit })).toHaveCount(2);
  const jsonLd = await reader.locator('script[type="application/ld+json"]').allTextContents();
  expect(jsonLd).toHaveLength(1);
  expect(JSON.parse(jsonLd[0])).toMatchObject({ description: P.dek, creditText: P.credit });

  // Feeds: well-formed XML with nothing but the feed's own elements.
  for (const { name, path, elements } of XSS_FEEDS) {
    await test.step(name, async () => {
      const response = await reader.request.get(path(records));
      expect(response.ok()).toBe(true);
      const xml = await response.text();
      const check = await reader.evaluate((source) => {
        const doc = new DOMParser().parseFromString(source, "application/xml");
        return { error: doc.querySelector("parsererror")?.textContent ?? null, names: [...new Set([...doc.querySelectorAll("*")].map((e) => e.localName))] };
      }, xml);
      expect(check.error).toBeNull();
      expect(check.names.filter((n) => !elements.includes(n))).toEqual([]);
      // A description is text that readers render as HTML: escaped for HTML, then for XML, so that the
      // reader shows "<svg><![CDATA[" as characters.
      if (name === "corrections feed") expect(xml).toContain("&amp;lt;svg&amp;gt;&amp;lt;![CDATA[");
    });
  }
});
