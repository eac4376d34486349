import AxeBuilder from "@axe-core/playwright";
import { expect } from "@playwright/test";
import { signTokenWith } from "@/lib/newsletters/token-format";
import { suiteSecret } from "./extra-servers";
import { FIRST_RENDER, openDesk, test } from "./fixtures";
import { testDb } from "./reader-seed";
import { expectNoScriptRuns, MARKER, watchForScript } from "./xss-guard";

test.use({ signedInAs: "admin" });

// An admin sets up a newsletter (its name hostile text, as an attacker with an account would type),
// then a reader signs up on the public page with JavaScript, without it, and by a plain POST: the
// same "check your inbox" each time, and no script runs in the newsroom or on the site; the reader
// without JavaScript confirms on the page the emailed link opens.
const HOSTILE = `<img src=x onerror="window.${MARKER}=1">`;

test("an admin adds a newsletter and readers sign up and confirm with and without JavaScript", async ({ page, browser, request }) => {
  test.setTimeout(120_000);
  const name = `Morning ${HOSTILE} ${Date.now().toString(36)}`;
  await openDesk(page);
  await page.getByRole("link", { name: "Newsletters" }).click();
  await expect(page.getByRole("heading", { name: "Newsletters", level: 1 })).toBeVisible();
  const form = page.getByRole("form", { name: "New newsletter" });
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Description").fill(`The news before breakfast. ${HOSTILE}`);
  await form.getByLabel("Sender name").fill("The Ledger");
  await form.getByLabel("Sender address").fill("not an address");
  await form.getByRole("button", { name: "Create newsletter" }).click();
  // Bad input: a message beside the field, and what was typed stays.
  await expect(form.getByText("Enter an email address like name@example.com.")).toBeVisible();
  await expect(form.getByLabel("Name", { exact: true })).toHaveValue(name);
  await form.getByLabel("Sender address").fill("news@ledger.test");
  await form.getByLabel("Daily send time").fill("06:30");
  await form.getByRole("button", { name: "Create newsletter" }).click();
  await expect(form.getByText(/Newsletter created/)).toBeVisible();
  await expect(page.getByRole("rowheader", { name })).toBeVisible();

  const caught = watchForScript(page);
  await expectNoScriptRuns(page, "/desk/newsletters", caught);

  // A reader with JavaScript.
  const reader = await browser.newContext();
  const withJs = await reader.newPage();
  const readerCaught = watchForScript(withJs);
  await expectNoScriptRuns(withJs, "/newsletters", readerCaught);
  const main = withJs.getByRole("main");
  await main
    .getByRole("checkbox", { name: new RegExp(`^Morning`) })
    .first()
    .check();
  await main.getByLabel("Email").fill(`reader-${Date.now()}@example.test`);
  await main.getByRole("button", { name: "Subscribe" }).click();
  await expect(withJs).toHaveURL(/\/newsletters\/check-your-inbox$/, FIRST_RENDER);
  await expect(withJs.getByRole("heading", { name: "Check your inbox to confirm" })).toBeVisible();
  // A mistyped address comes back to the form with a message, the address still in it.
  await withJs.goto("/newsletters");
  await main.getByLabel("Email").fill("reader-at-example.test");
  await withJs.evaluate(() => document.querySelectorAll("form[action='/newsletters/subscribe'] input[type=email]").forEach((i) => i.removeAttribute("type")));
  await main.getByRole("button", { name: "Subscribe" }).click();
  await expect(main.getByRole("alert")).toHaveText("Enter an email address like name@example.com.");
  await expect(main.getByLabel("Email")).toHaveValue("reader-at-example.test");
  expect(readerCaught()).toEqual([]);
  // The sign-up forms (the page's and the footer's) pass the same WCAG checks as every public page.
  await withJs.goto("/newsletters");
  const axe = await new AxeBuilder({ page: withJs }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  await reader.close();

  // A reader without JavaScript, from the footer of the front page.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await plain.goto("/");
  const footer = plain.getByRole("contentinfo");
  const plainAddress = `plain-${Date.now()}@example.test`;
  await footer.getByLabel("Email").fill(plainAddress);
  await footer.getByRole("button", { name: "Subscribe" }).click();
  await expect(plain).toHaveURL(/\/newsletters\/check-your-inbox$/, FIRST_RENDER);
  await expect(plain.getByRole("heading", { name: "Check your inbox to confirm" })).toBeVisible();

  // The emailed link (made here as the app makes it) opens a page that asks; opening it, as a mail
  // provider's link scanner does, confirms nothing. The button, a plain form, does.
  const subscriber = await testDb().subscriber.findUniqueOrThrow({
    where: { email: plainAddress },
    select: { id: true, subscriptions: { select: { confirmedAt: true, newsletter: { select: { name: true } } } } },
  });
  const token = signTokenWith(suiteSecret(), "confirm", [subscriber.id], new Date(Date.now() + 3600_000));
  await plain.goto(`/newsletters/confirm?token=${token}`);
  await expect(plain.getByRole("heading", { name: "Confirm your subscription", level: 1 })).toBeVisible();
  for (const { newsletter } of subscriber.subscriptions) await expect(plain.getByRole("listitem").filter({ hasText: newsletter.name })).toBeVisible();
  const pending = () => testDb().subscription.count({ where: { subscriberId: subscriber.id, confirmedAt: null } });
  expect(await pending()).toBe(subscriber.subscriptions.length);
  await plain.getByRole("button", { name: "Confirm subscription" }).click();
  await expect(plain).toHaveURL(/\/newsletters\/confirmed$/, FIRST_RENDER);
  await expect(plain.getByRole("heading", { name: "You are subscribed" })).toBeVisible();
  expect(await pending()).toBe(0);
  // An expired link leads to the page that says so.
  await plain.goto(`/newsletters/confirm?token=${signTokenWith(suiteSecret(), "confirm", [subscriber.id], new Date(Date.now() - 1000))}`);
  await expect(plain).toHaveURL(/\/newsletters\/link-expired$/, FIRST_RENDER);
  await expect(plain.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
  await noJs.close();

  // A plain POST, as any HTML form anywhere sends it: a 303 to the same answer.
  const newsletterId = await page.goto("/newsletters").then(() => page.getByRole("main").getByRole("checkbox").first().getAttribute("value"));
  const response = await request.post("/newsletters/subscribe", {
    form: { email: `post-${Date.now()}@example.test`, newsletter: newsletterId!, website: "" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(303);
  expect(response.headers()["location"]).toBe("/newsletters/check-your-inbox");
});
