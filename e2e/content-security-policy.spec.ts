import { expect, type Page } from "@playwright/test";
import { FIRST_RENDER, openDesk, signIn, startStory, test, uniqueHeadline } from "./fixtures";

// The Content-Security-Policy allows only scripts carrying this response's nonce. These journeys
// check that nothing of the site's own is blocked (on pages served from Next's cache too), that each
// response has its own nonce, and that a script that reached a page any other way does not run.

const SEEDED_STORY = "/stories/alder-river-floods-downtown-as-it-crests-near-record";

/** Records CSP violations and console errors from the first byte of every page this tab opens. */
async function watchForBlockedScripts(page: Page): Promise<{ problems: () => Promise<string[]> }> {
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = ((window as unknown as { __cspViolations: string[] }).__cspViolations = []);
    document.addEventListener("securitypolicyviolation", (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  return {
    problems: async () => {
      const violations = await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
      return [...violations, ...consoleErrors.filter((text) => /Content Security Policy|Refused to/i.test(text))];
    },
  };
}

/** Opens `path` and returns the nonce its policy allows, after checking the policy's shape. */
async function policyNonceOf(page: Page, path: string): Promise<string> {
  const response = await page.goto(path);
  expect(response, path).not.toBeNull();
  const policy = (await response!.headerValue("content-security-policy")) ?? "";
  expect(policy, `${path} has a policy`).toContain("'strict-dynamic'");
  expect(policy).not.toContain("'unsafe-inline' 'strict-dynamic'");
  expect(policy).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9_-]{22}'/);
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  return /'nonce-([A-Za-z0-9_-]+)'/.exec(policy)![1];
}

/** Scripts that would run (not data blocks): their address (or "inline") and their nonce. */
const runnableScripts = (page: Page) =>
  page.evaluate(() =>
    [...document.scripts]
      .filter((s) => !s.type || s.type === "text/javascript" || s.type === "module")
      .map((s) => ({ src: s.getAttribute("src") ?? "inline", nonce: s.nonce })),
  );

/**
 * A reader's page leaves without Next's JavaScript (server/server-static-html.ts): nothing of the
 * framework is there to run, and whatever the site's own page carries (/live-updates.js on a live
 * story) has this response's nonce. Returns that nonce.
 */
async function readerNonceOf(page: Page, path: string): Promise<string> {
  const nonce = await policyNonceOf(page, path);
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  const scripts = await runnableScripts(page);
  expect(
    scripts.filter((s) => s.src === "inline" || s.src.startsWith("/_next/")),
    `${path} carries none of Next's scripts`,
  ).toEqual([]);
  for (const script of scripts) expect(script.nonce, script.src).toBe(nonce);
  expect(await page.evaluate(() => typeof (window as unknown as { next?: unknown }).next), `${path} has no framework runtime`).toBe("undefined");
  return nonce;
}

/** The nonce the response's header allows, and whether Next's inline scripts ran with it. */
async function nonceOf(page: Page, path: string): Promise<string> {
  const nonce = await policyNonceOf(page, path);
  // Next's runtime, once its scripts have run, announces itself as window.next.
  await expect
    .poll(() => page.evaluate(() => typeof (window as unknown as { next?: { version?: string } }).next?.version), {
      message: `${path} ran its scripts`,
      ...FIRST_RENDER,
    })
    .toBe("string");
  // Every script the page itself carries has this nonce (the DOM hides the attribute; the property
  // keeps it). Scripts that Next's runtime adds later carry none and need none ('strict-dynamic').
  const scriptNonces = await page.evaluate(() =>
    [...document.scripts]
      .filter((s) => !s.type || s.type === "text/javascript")
      .map((s) => s.nonce)
      .filter(Boolean),
  );
  expect(scriptNonces.length).toBeGreaterThan(0);
  expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
  return nonce;
}

test("a reader's pages carry no framework script, each response with a policy and nonce of its own", async ({ page }) => {
  const watch = await watchForBlockedScripts(page);
  const first = await readerNonceOf(page, SEEDED_STORY);
  // The second load comes from Next's cache (and the server's copy of it): still a fresh nonce.
  const second = await readerNonceOf(page, SEEDED_STORY);
  expect(second).not.toBe(first);
  // The structured data stays: a data block, never run.
  expect(JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!)["@type"]).toBe("NewsArticle");
  await readerNonceOf(page, "/");
  await readerNonceOf(page, "/corrections");
  await readerNonceOf(page, "/search?q=river");
  // A reader's 404 is the site's not-found page, rendered on the server like the rest
  // (server/server-not-found.ts): no framework either, and a policy of its own.
  const missing = await page.goto("/no-such-page-here");
  expect(missing!.status()).toBe(404);
  const missingStory = await readerNonceOf(page, "/stories/no-such-story-here");
  expect(await readerNonceOf(page, "/no-such-page-here")).not.toBe(missingStory);
  expect(await watch.problems()).toEqual([]);
});

test("sign-in and the newsroom run their scripts under the policy and cannot be framed", async ({ page }) => {
  const watch = await watchForBlockedScripts(page);
  const signin = await page.goto("/signin");
  expect(await signin!.headerValue("content-security-policy")).toContain("frame-ancestors 'none'");
  expect(await signin!.headerValue("cache-control")).toBe("private, no-store");
  await nonceOf(page, "/signin");
  await signIn(page, "editor"); // the sign-in form is a client component: it works only if its scripts ran
  await nonceOf(page, "/desk");
  await page.getByRole("button", { name: "New story" }).click();
  await expect(page.getByRole("heading", { name: "New story" })).toBeVisible();
  expect(await watch.problems()).toEqual([]);
});

test.describe("as an editor", () => {
  test.use({ signedInAs: "editor" });

  test("script typed into a story does not run for readers", async ({ page, browser }) => {
    const headline = uniqueHeadline("<script>window.__pwned = 1</script> Council vote");
    await openDesk(page);
    await startStory(page, { headline, section: "Metro", body: '<script>window.__pwned = 2</script>\n\n<img src="x" onerror="window.__pwned = 3">' });
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved at" })).toBeVisible();
    const slug = await page.getByLabel("Slug").inputValue();
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Published at" })).toBeVisible();

    const reader = await browser.newPage();
    const watch = await watchForBlockedScripts(reader);
    await reader.goto(`/stories/${slug}`);
    await expect(reader.getByRole("heading", { level: 1 })).toContainText("<script>window.__pwned = 1</script>");
    await reader.reload(); // from the cache as well
    expect(await reader.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await watch.problems()).toEqual([]);
    await reader.close();
  });
});

test("a script that reached the page without the nonce is blocked", async ({ page }) => {
  // As if stored content had slipped past the renderer: the page's own bytes with a script added.
  // On a reader's page and on one that runs Next's scripts, which must still run.
  for (const path of [SEEDED_STORY, "/signin"]) {
    await page.route(path, async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace("</body>", "<script>window.__pwned = 4</script></body>");
      await route.fulfill({ response, body: html });
    });
    const watch = await watchForBlockedScripts(page);
    await page.goto(path);
    await expect.poll(() => watch.problems(), FIRST_RENDER).toContainEqual(expect.stringMatching(/^script-src/));
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  }
  // Next's own scripts still ran.
  await expect.poll(() => page.evaluate(() => typeof (window as unknown as { next?: { version?: string } }).next?.version), FIRST_RENDER).toBe("string");
});
