import "server-only";
import { unstable_cache } from "next/cache";
import { db } from "@/lib/db";
import { siteOrigin } from "@/lib/env";
import { cacheTags } from "@/lib/cache/tags";
import { getSiteSettings } from "@/lib/settings/site";
import { PUBLICLY_VISIBLE_SQL, publiclyVisible } from "@/lib/stories/visibility";
import { newsSitemapXml, sitemapIndexXml, urlsetXml, type NewsEntry, type SitemapEntry } from "@/lib/sitemaps/xml";

// The sitemaps search engines read: an index (/sitemap.xml) of one sitemap of the site's listing
// pages and as many story sitemaps as the archive needs, plus a Google News sitemap of the last two
// days. Only published stories appear. Every document is cached whole under cacheTags.sitemaps,
// which every story write readers can see expires (lib/stories/public-tags.ts).

/** The protocol's limit of URLs per sitemap; tests pass a smaller page size. */
export const SITEMAP_PAGE_SIZE = 50_000;
/** Google News reads stories published in the last two days, at most 1,000 of them. */
export const NEWS_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;
export const NEWS_LIMIT = 1000;
/** The news sitemap also expires on its own, so that stories leave it when they turn two days old. */
const NEWS_REVALIDATE_SECONDS = 300;

export const STORY_SITEMAP_PATH = (page: number) => `/sitemaps/stories/${page}.xml`;
export const PAGES_SITEMAP_PATH = "/sitemaps/pages.xml";
export const NEWS_SITEMAP_PATH = "/news-sitemap.xml";

/** A story sitemap's range: stories in first-publication order from (startAt, startId) on. */
export type StoryPage = { page: number; startAt: Date; startId: string; lastmod: Date; count: number };

// Pages run in first-publication order, oldest first: a new story joins the last page and every
// earlier page keeps its URLs, so search engines see stable files. Each page starts at a key
// (firstPublishedAt, id), read in one pass; a page's query is then a keyset range, not an OFFSET.
const CHANGED = `greatest(s."firstPublishedAt", s."lastUpdatedAt", s."updatedAt")`;

/** The story sitemaps there are, with where each starts and its newest change. Uncached. */
export async function findStoryPages(pageSize = SITEMAP_PAGE_SIZE): Promise<StoryPage[]> {
  const rows = await db().$queryRawUnsafe<{ page: number; start_at: Date; start_id: string; lastmod: Date; count: number }[]>(
    `SELECT page::int, min("firstPublishedAt") AS start_at, (array_agg(id) FILTER (WHERE first))[1]::text AS start_id,
            max(changed) AS lastmod, count(*)::int AS count
     FROM (
       SELECT s."id", s."firstPublishedAt", ${CHANGED} AS changed,
              (row_number() OVER w - 1) / $1 + 1 AS page, (row_number() OVER w - 1) % $1 = 0 AS first
       FROM "Story" s WHERE ${PUBLICLY_VISIBLE_SQL}
       WINDOW w AS (ORDER BY s."firstPublishedAt", s."id")
     ) numbered
     GROUP BY page ORDER BY page`,
    pageSize,
  );
  return rows.map((r) => ({ page: r.page, startAt: r.start_at, startId: r.start_id, lastmod: r.lastmod, count: r.count }));
}

/** The URLs of one story sitemap, or null when there is no such page. Uncached. */
export async function findStorySitemapEntries(page: number, origin: string, pageSize = SITEMAP_PAGE_SIZE): Promise<SitemapEntry[] | null> {
  const pages = await findStoryPages(pageSize);
  const current = pages.find((p) => p.page === page);
  if (!current) return null;
  const rows = await db().$queryRawUnsafe<{ slug: string; lastmod: Date }[]>(
    `SELECT s."slug", ${CHANGED} AS lastmod FROM "Story" s
     WHERE ${PUBLICLY_VISIBLE_SQL} AND (s."firstPublishedAt", s."id") >= ($1::timestamptz, $2::uuid)
     ORDER BY s."firstPublishedAt", s."id" LIMIT $3`,
    current.startAt,
    current.startId,
    pageSize,
  );
  return rows.map((r) => ({ loc: `${origin}/stories/${encodeURIComponent(r.slug)}`, lastmod: r.lastmod }));
}

/** The front page, corrections, and every section, tag and author page with a published story. Uncached. */
export async function findPageSitemapEntries(origin: string, limit = SITEMAP_PAGE_SIZE): Promise<SitemapEntry[]> {
  const [front] = await db().$queryRawUnsafe<{ lastmod: Date | null }[]>(`SELECT max(${CHANGED}) AS lastmod FROM "Story" s WHERE ${PUBLICLY_VISIBLE_SQL}`);
  const listings = await db().$queryRawUnsafe<{ path: string; slug: string; lastmod: Date }[]>(
    `SELECT 'sections' AS path, sec."slug", max(${CHANGED}) AS lastmod
       FROM "Section" sec JOIN "Story" s ON s."sectionId" = sec."id" WHERE ${PUBLICLY_VISIBLE_SQL} GROUP BY sec."slug"
     UNION ALL
     SELECT 'tags', t."slug", max(${CHANGED})
       FROM "Tag" t JOIN "StoryTag" st ON st."tagId" = t."id" JOIN "Story" s ON s."id" = st."storyId" WHERE ${PUBLICLY_VISIBLE_SQL} GROUP BY t."slug"
     UNION ALL
     SELECT 'authors', u."slug", max(${CHANGED})
       FROM "User" u JOIN "Byline" b ON b."userId" = u."id" JOIN "Story" s ON s."id" = b."storyId" WHERE ${PUBLICLY_VISIBLE_SQL} AND u."slug" IS NOT NULL GROUP BY u."slug"
     ORDER BY 1, 2 LIMIT $1`,
    limit - 2,
  );
  return [
    { loc: `${origin}/`, lastmod: front?.lastmod ?? null },
    { loc: `${origin}/corrections` },
    ...listings.map((l) => ({ loc: `${origin}/${l.path}/${encodeURIComponent(l.slug)}`, lastmod: l.lastmod })),
  ];
}

/** Stories first published in the last two days, newest first. Uncached. */
export async function findNewsEntries(origin: string, now = new Date()): Promise<NewsEntry[]> {
  const stories = await db().story.findMany({
    where: await publiclyVisible({ firstPublishedAt: { gte: new Date(now.getTime() - NEWS_WINDOW_MS) } }),
    orderBy: [{ firstPublishedAt: "desc" }, { id: "desc" }],
    take: NEWS_LIMIT,
    select: { slug: true, headline: true, firstPublishedAt: true },
  });
  return stories.map((s) => ({ loc: `${origin}/stories/${encodeURIComponent(s.slug)}`, title: s.headline, publishedAt: s.firstPublishedAt as Date }));
}

export async function buildSitemapIndex(origin: string, pageSize = SITEMAP_PAGE_SIZE): Promise<string> {
  const pages = await findStoryPages(pageSize);
  const newest = pages.reduce<Date | null>((latest, p) => (!latest || p.lastmod > latest ? p.lastmod : latest), null);
  return sitemapIndexXml([
    { loc: `${origin}${PAGES_SITEMAP_PATH}`, lastmod: newest },
    ...pages.map((p) => ({ loc: `${origin}${STORY_SITEMAP_PATH(p.page)}`, lastmod: p.lastmod })),
  ]);
}

export async function buildStorySitemap(page: number, origin: string, pageSize = SITEMAP_PAGE_SIZE): Promise<string | null> {
  const entries = await findStorySitemapEntries(page, origin, pageSize);
  return entries ? urlsetXml(entries) : null;
}

export async function buildPagesSitemap(origin: string): Promise<string> {
  return urlsetXml(await findPageSitemapEntries(origin));
}

export async function buildNewsSitemap(origin: string, siteName: string, now = new Date()): Promise<string> {
  return newsSitemapXml(await findNewsEntries(origin, now), { name: siteName, language: "en" });
}

// Cached documents. The origin is part of each key: the same database may serve more than one name.
const tags = [cacheTags.sitemaps];

export function getSitemapIndex(): Promise<string> {
  const origin = siteOrigin();
  return unstable_cache(() => buildSitemapIndex(origin), ["sitemap-index", origin], { tags })();
}

export function getStorySitemap(page: number): Promise<string | null> {
  const origin = siteOrigin();
  return unstable_cache(() => buildStorySitemap(page, origin), ["sitemap-stories", String(page), origin], { tags })();
}

export function getPagesSitemap(): Promise<string> {
  const origin = siteOrigin();
  return unstable_cache(() => buildPagesSitemap(origin), ["sitemap-pages", origin], { tags })();
}

export async function getNewsSitemap(): Promise<string> {
  const origin = siteOrigin();
  const { siteName } = await getSiteSettings();
  return unstable_cache(() => buildNewsSitemap(origin, siteName), ["sitemap-news", origin, siteName], {
    tags: [...tags, cacheTags.settings],
    revalidate: NEWS_REVALIDATE_SECONDS,
  })();
}

export const XML_CONTENT_TYPE = "application/xml; charset=utf-8";

export function xmlResponse(xml: string | null): Response {
  if (xml === null) return new Response("Not found\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(xml, { headers: { "Content-Type": XML_CONTENT_TYPE } });
}
