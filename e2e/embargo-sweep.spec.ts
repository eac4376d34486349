import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, type APIRequestContext } from "@playwright/test";
import { test } from "./fixtures";
import { uploadLibraryPhoto, writeEmbargoedStory, type EmbargoedStory } from "./embargo-helpers";
import { testDb } from "./reader-seed";

// The embargo tested the way an attacker would. With an embargoed story in the database (written and
// "published" through the newsroom, so it lifts by itself), every route of the app, read from the
// route tree (app/**/page.tsx and route.ts, so a new route is swept without editing this file), is
// fetched by someone signed out, with its dynamic segments filled with the story's own values (its
// slug, section, tag, author, page numbers, the sitemap files, a preview link): no answer may carry
// its headline, its slug or the file name of any size of its photo (its lead and in its body, from
// the media library), and each of those files answers 404. Then, after the lift, the same reader finds
// it on its page, with its photo, the front page, its section, tag and author pages, every feed, the
// sitemaps and search, and the photo's files are served to anyone, cached for good.

test.use({ signedInAs: "editor" });

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return routeFiles(file);
    return name === "page.tsx" || name === "route.ts" ? [file] : [];
  });
}

/** Each route's segments (route groups leave no trace in the address), for the routes that answer GET. */
function routeTree(): string[][] {
  return routeFiles("app")
    .filter((file) => file.endsWith("page.tsx") || /export (?:const|async function|function) GET\b/.test(readFileSync(file, "utf8")))
    .map((file) =>
      path
        .dirname(path.relative("app", file))
        .split(path.sep)
        .filter((segment) => segment !== "." && !/^\(.*\)$/.test(segment)),
    );
}

type Fill = { storyId: string; slug: string; section: string; tag: string; author: string; sitemapFiles: string[]; previewToken: string };

/** The values a dynamic segment takes here: by its name, and for [slug] by what it names (the segment before it). */
function valuesFor(segment: string, before: string | undefined, fill: Fill): string[] {
  const name = /^\[+(?:\.\.\.)?(\w+)\]+$/.exec(segment)?.[1];
  if (!name) return [segment];
  if (name === "slug") return [{ sections: fill.section, tags: fill.tag, authors: fill.author }[before ?? ""] ?? fill.slug];
  if (name === "n") return ["1", "2"];
  if (name === "file") return fill.sitemapFiles;
  if (name === "edition") return ["latest"];
  if (name === "token") return [fill.previewToken];
  if (name === "id") return [fill.storyId];
  // A segment this test has not met yet gets the story's slug: the likeliest value to leak it.
  return [fill.slug];
}

/** Every concrete address of the route tree, plus the front page, robots.txt and searches for the story. */
function addresses(fill: Fill, story: EmbargoedStory): string[] {
  const paths = routeTree().flatMap((segments) =>
    segments.reduce<string[]>((prefixes, segment, i) => prefixes.flatMap((p) => valuesFor(segment, segments[i - 1], fill).map((v) => `${p}/${v}`)), [""]),
  );
  const extra = ["/", "/robots.txt", `/search?q=${story.word}`, `/search?q=${story.slug}`, `/sections/${fill.section}?page=2`];
  return [...new Set([...paths.map((p) => p || "/"), ...extra])];
}

/** What must not appear in an answer: the story's headline, its distinctive word, its slug and its photo's file names, except what the address itself carries. */
function leaksIn(address: string, body: string, story: EmbargoedStory, photoFiles: string[]): string[] {
  const asked = decodeURIComponent(address).toLowerCase();
  const text = body.toLowerCase();
  return [story.headline, story.word, story.slug, ...photoFiles]
    .map((s) => s.toLowerCase())
    .filter((secret) => !asked.includes(secret) && text.includes(secret));
}

async function sitemapFiles(request: APIRequestContext): Promise<string[]> {
  const index = await (await request.get("/sitemap.xml")).text();
  const files = [...index.matchAll(/\/sitemaps\/stories\/([^<\s]+)/g)].map((m) => m[1]);
  return [...new Set(["1.xml", ...files])];
}

test("an embargoed story reaches no public address before its lift, and every listing after it", async ({ page, request, browser }) => {
  test.setTimeout(300_000);
  // Long enough ahead that the whole sweep runs before the lift (checked below, by the database's clock).
  const photo = await uploadLibraryPhoto(page, "embargo sweep");
  const story = await writeEmbargoedStory(page, { leadSeconds: 75, label: "embargo sweep", photo });
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Not published now" })).toBeVisible();

  // A preview link, made in the newsroom; it must not open for anyone signed out while the embargo holds.
  await page.getByRole("button", { name: "Create preview link" }).click();
  const previewUrl = await page.getByLabel("Preview link").inputValue();
  const previewPath = new URL(previewUrl).pathname;

  const db = testDb();
  // Every size of the photo, as the renditions job named them (the story page would link some of them).
  const photoFiles = (await db.mediaRendition.findMany({ where: { mediaId: photo.mediaId }, select: { file: true } })).map((r) => r.file);
  expect(photoFiles.length).toBeGreaterThan(1);
  const author = await db.user.findFirstOrThrow({ where: { email: "editor@newsroom.test" }, select: { slug: true } });
  const tag = await db.tag.findFirstOrThrow({ where: { name: story.tagName }, select: { slug: true } });
  const section = await db.section.findFirstOrThrow({ where: { name: "Metro" }, select: { slug: true } });
  const fill: Fill = {
    storyId: story.storyId,
    slug: story.slug,
    section: section.slug,
    tag: tag.slug,
    author: author.slug!,
    sitemapFiles: await sitemapFiles(request),
    previewToken: previewPath.split("/").at(-1)!,
  };

  const swept = addresses(fill, story);
  // The route tree really was read: the story page, feeds, sitemaps and the preview are among the addresses.
  for (const expected of [`/stories/${story.slug}`, "/feed.xml", "/news-sitemap.xml", `/sitemaps/stories/1.xml`, previewPath])
    expect(swept).toContain(expected);
  const leaks: string[] = [];
  for (const address of swept) {
    const response = await request.get(address, { maxRedirects: 5 });
    expect(response.status(), `${address} failed`).toBeLessThan(500);
    const found = leaksIn(address, await response.text(), story, photoFiles);
    if (found.length) leaks.push(`${address}: ${found.join(", ")}`);
  }
  expect(leaks).toEqual([]);
  // The photo's files themselves: the same 404 as a file that does not exist.
  for (const file of photoFiles) expect((await request.get(`/media/${file}`)).status(), `/media/${file} before the lift`).toBe(404);

  // The newsroom itself still opens the preview.
  await page.goto(previewPath);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(story.headline);

  // The newsroom's preview shows the photo: the files are there, only not for readers.
  expect((await page.request.get(`/media/${photoFiles[0]}`)).status()).toBe(200);

  // A sweep that ran past the lift would prove nothing.
  const [{ before }] = await db.$queryRaw<{ before: boolean }[]>`SELECT now() < ${story.lift}::timestamptz AS before`;
  expect(before, "the sweep ran past the lift: give it a longer lead").toBe(true);
  await page.close();

  // After the lift, with nobody from the newsroom watching: everywhere a published story is.
  const reader = await browser.newContext();
  await expect
    .poll(async () => (await reader.request.get(`/stories/${story.slug}`)).status(), { timeout: story.lift.getTime() - Date.now() + 60_000, intervals: [2000] })
    .toBe(200);
  const everywhere = [
    `/stories/${story.slug}`,
    "/",
    `/sections/${fill.section}`,
    `/tags/${fill.tag}`,
    `/authors/${fill.author}`,
    "/feed.xml",
    "/atom.xml",
    `/sections/${fill.section}/feed.xml`,
    `/authors/${fill.author}/feed.xml`,
    "/sitemaps/stories/1.xml",
    "/news-sitemap.xml",
    `/search?q=${story.word}`,
  ];
  for (const address of everywhere) {
    await expect
      .poll(async () => (await (await reader.request.get(address)).text()).includes(story.slug), { message: `${address} shows the story`, timeout: 30_000 })
      .toBe(true);
  }

  // The story page shows the photo, and each of its files is served to anyone, cached for a year.
  const readerPage = await reader.newPage();
  await readerPage.goto(`/stories/${story.slug}`);
  const shown = readerPage.getByRole("img", { name: photo.alt });
  await expect(shown.first()).toBeVisible();
  await expect(shown).toHaveCount(2);
  const src = (await shown.first().getAttribute("src"))!;
  expect(photoFiles.map((file) => `/media/${file}`)).toContain(src);
  for (const file of photoFiles) {
    const answer = await reader.request.get(`/media/${file}`);
    expect(answer.status(), `/media/${file} after the lift`).toBe(200);
    expect(answer.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  }
  await reader.close();
});
