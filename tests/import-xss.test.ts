// The XSS corpus inside an imported WordPress export: every payload as a post's title, content (as
// the HTML WordPress stores), excerpt, category, tag and author name. The imported stories are drawn
// by the real public pages (layout included), their JSON-LD parsed, and the import report drawn as
// the admin screen draws it: nothing the payloads hold may become an element, attribute or script.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createElement, type ReactNode } from "react";
import { prerender } from "react-dom/static";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { curatedPayloads } from "./support/xss-payloads";
import { inspectHtml, introduced, type Markup } from "./support/markup-safety";

vi.mock("next/cache", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/cache")>()),
  updateTag: () => {},
  revalidateTag: () => {},
  unstable_cache: <T>(fn: T) => fn,
}));
vi.mock("next/server", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/server")>()), after: () => {} }));

const { db } = await import("@/lib/db");
const { importWordPress } = await import("@/lib/import/wxr/import");
const { bodySchema } = await import("@/lib/body/story-body");
const { ImportRunReport } = await import("@/app/(editor)/desk/import/import-report");
const SiteLayout = (await import("@/app/(site)/layout")).default;
const StoryPage = (await import("@/app/(site)/stories/[slug]/page")).default;
const { createUser } = await import("./support/factories");

const PAYLOADS = curatedPayloads();

/** Text for XML: escaped, so any payload (even one holding "]]>") is carried exactly. */
const xml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function exportWith(texts: string[]): string {
  const items = texts.map(
    (text, i) => `<item>
  <title>${xml(text)}</title>
  <link>http://hostile.example/2020/01/01/post-${i}/</link>
  <dc:creator>author${i}</dc:creator>
  <guid isPermaLink="false">http://hostile.example/?p=${i + 1}</guid>
  <content:encoded>${xml(`<p>${text}</p>\n\n${text}\n\n<a href="${text}">${text}</a> <img src="${text}" alt="${text}"> [caption]${text}[/caption] <iframe src="${text}"></iframe>`)}</content:encoded>
  <excerpt:encoded>${xml(text)}</excerpt:encoded>
  <wp:post_id>${i + 1}</wp:post_id>
  <wp:post_date_gmt>2020-01-01 10:00:00</wp:post_date_gmt>
  <wp:post_name>post-${i}</wp:post_name>
  <wp:status>publish</wp:status>
  <wp:post_type>post</wp:post_type>
  <category domain="category" nicename="section-${i}">${xml(text)}</category>
  <category domain="post_tag" nicename="tag-${i}">${xml(text)}</category>
</item>`,
  );
  const authors = texts.map(
    (text, i) => `<wp:author><wp:author_login>author${i}</wp:author_login><wp:author_display_name>${xml(text)}</wp:author_display_name></wp:author>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Hostile</title><link>http://hostile.example</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>http://hostile.example</wp:base_site_url><wp:base_blog_url>http://hostile.example</wp:base_blog_url>
${authors.join("\n")}
${items.join("\n")}
</channel></rss>`;
}

async function html(node: ReactNode): Promise<string> {
  const { prelude } = await prerender(node as React.ReactElement);
  return new Response(prelude).text();
}

const storyPage = async (slug: string) => html(await SiteLayout({ children: await StoryPage({ params: Promise.resolve({ slug }) }) }));

let benign: Markup;
let benignReport: Markup;
let report: Awaited<ReturnType<typeof importWordPress>>["report"];

beforeAll(async () => {
  const admin = (await createUser("ADMIN")).actor;
  const dir = mkdtempSync(path.join(tmpdir(), "wxr-xss-"));
  // The same export with harmless words tells which elements the renderers themselves make.
  const harmless = path.join(dir, "harmless.xml");
  writeFileSync(harmless, exportWith(["Harmless words"]).replace(/hostile\.example/g, "harmless.example"));
  const benignRun = await importWordPress(admin, harmless, { fetchPhotos: false });
  const [harmlessStory] = await db().story.findMany({ where: { headline: "Harmless words" }, select: { slug: true } });
  benign = inspectHtml(await storyPage(harmlessStory.slug));
  benignReport = inspectHtml(await html(createElement(ImportRunReport, { run: runView(benignRun.report) })));

  const hostile = path.join(dir, "hostile.xml");
  writeFileSync(hostile, exportWith(PAYLOADS));
  ({ report } = await importWordPress(admin, hostile, { fetchPhotos: false }));
}, 120_000);

function runView(r: typeof report) {
  return {
    id: "r",
    status: "DONE" as const,
    fileName: "x.xml",
    uploadsFileName: "",
    dryRun: false,
    total: 1,
    done: 1,
    report: r,
    failure: "",
    createdAt: new Date(),
    finishedAt: new Date(),
  };
}

describe("hostile text inside an imported export", () => {
  it("imports every post", () => {
    expect(report.failed).toBe(0);
    expect(report.created).toBe(PAYLOADS.length);
  });

  it.each(PAYLOADS.map((payload, i) => [payload, i] as const))("%s: the story page shows it as text only", async (_payload, i) => {
    const row = await db().importedPost.findFirstOrThrow({
      where: { sourceSite: "http://hostile.example", sourceId: String(i + 1) },
      select: { story: { select: { slug: true, body: true } } },
    });
    expect(bodySchema.safeParse(row.story.body).success).toBe(true);
    const markup = inspectHtml(await storyPage(row.story.slug));
    expect(introduced(markup, benign)).toEqual([]);
    for (const jsonLd of markup.jsonLd) expect(() => JSON.parse(jsonLd)).not.toThrow();
  });

  it("the import report, as the admin screen draws it, shows the titles as text only", async () => {
    const markup = inspectHtml(await html(createElement(ImportRunReport, { run: runView(report) })));
    expect(introduced(markup, benignReport)).toEqual([]);
  });
});
