import "server-only";
import { unstable_cache } from "next/cache";
import { db } from "@/lib/db";
import { siteOrigin } from "@/lib/env";
import { cacheTags } from "@/lib/cache/tags";
import { getSiteSettings } from "@/lib/settings/site";
import { bodyPlainText, readBody } from "@/lib/body/story-body";
import { bodyToHtml } from "@/lib/feeds/body-html";
import { publiclyVisible } from "@/lib/stories/visibility";
import { atomXml, rssXml, type FeedChannel, type FeedItem } from "@/lib/feeds/xml";
import { isSlugShaped } from "@/lib/slugs";
import type { Prisma } from "@/lib/generated/prisma/client";
import { LEAD_FIELDS_SELECT, leadPhotosOf } from "@/lib/media/story-photos";
import { jpegAtLeast } from "@/lib/media/picture";
import { mediaUrl } from "@/lib/media/urls";

// The site's feeds: every published story, a section's, a staff member's. Full items (the body as
// allow-listed HTML), latest FEED_SIZE first. Each feed's XML is cached whole and tagged: the feeds
// tag (every story write readers can see), plus the section's or the author's tag.

export const FEED_SIZE = 50;
const SUMMARY_LENGTH = 300;

type FeedScope = { kind: "site" } | { kind: "section"; sectionId: string } | { kind: "author"; userId: string };

function whereFor(scope: FeedScope): Promise<Prisma.StoryWhereInput> {
  if (scope.kind === "section") return publiclyVisible({ sectionId: scope.sectionId });
  if (scope.kind === "author") return publiclyVisible({ bylines: { some: { userId: scope.userId } } });
  return publiclyVisible();
}

/** A summary for a story with no dek: the start of its text, cut at a word. */
function summaryOf(dek: string, plain: string): string {
  if (dek.trim()) return dek;
  const text = plain.replace(/\s+/g, " ").trim();
  if (text.length <= SUMMARY_LENGTH) return text;
  const cut = text.slice(0, SUMMARY_LENGTH);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), SUMMARY_LENGTH / 2))}…`;
}

/** The latest published stories in a scope, as feed items. Uncached. */
export async function findFeedItems(scope: FeedScope, origin: string, limit = FEED_SIZE): Promise<FeedItem[]> {
  const stories = await db().story.findMany({
    where: await whereFor(scope),
    orderBy: [{ firstPublishedAt: "desc" }, { id: "desc" }],
    take: limit,
    select: {
      id: true,
      slug: true,
      headline: true,
      dek: true,
      body: true,
      firstPublishedAt: true,
      lastUpdatedAt: true,
      section: { select: { name: true } },
      bylines: { orderBy: { position: "asc" }, select: { name: true, user: { select: { name: true } } } },
      ...LEAD_FIELDS_SELECT,
    },
  });
  const photos = await leadPhotosOf(db(), stories, ["full"]);
  return stories.map((story, index) => {
    const photo = photos[index];
    const file = photo && jpegAtLeast(photo.renditions, "full", 1200);
    const body = readBody(story.body);
    const published = story.firstPublishedAt as Date;
    return {
      id: story.id,
      url: `${origin}/stories/${encodeURIComponent(story.slug)}`,
      title: story.headline,
      summary: summaryOf(story.dek, bodyPlainText(body)),
      contentHtml: bodyToHtml(body, origin),
      authors: story.bylines.map((b) => b.user?.name ?? b.name ?? "").filter(Boolean),
      category: story.section?.name ?? null,
      published,
      updated: story.lastUpdatedAt && story.lastUpdatedAt > published ? story.lastUpdatedAt : published,
      ...(photo && file
        ? { image: { url: new URL(mediaUrl(file.file), origin).toString(), width: file.width, height: file.height, credit: photo.credit, alt: photo.alt } }
        : {}),
    };
  });
}

export type FeedFormat = "rss" | "atom";

/** The feed's document, or null when its section or author does not exist. Uncached. */
export async function buildFeed(
  target: { kind: "site" } | { kind: "section"; slug: string } | { kind: "author"; slug: string },
  format: FeedFormat,
  origin: string,
  siteName: string,
): Promise<string | null> {
  let scope: FeedScope = { kind: "site" };
  let channel: Omit<FeedChannel, "selfUrl">;
  const file = format === "rss" ? "feed.xml" : "atom.xml";
  let selfPath = `/${file}`;
  if (target.kind === "section") {
    const section = await db().section.findUnique({ where: { slug: target.slug }, select: { id: true, name: true, slug: true } });
    if (!section) return null;
    scope = { kind: "section", sectionId: section.id };
    const link = `${origin}/sections/${encodeURIComponent(section.slug)}`;
    channel = { title: `${section.name} · ${siteName}`, link, description: `The latest ${section.name} stories from ${siteName}.`, language: "en-us" };
    selfPath = `/sections/${encodeURIComponent(section.slug)}/${file}`;
  } else if (target.kind === "author") {
    const user = await db().user.findUnique({ where: { slug: target.slug }, select: { id: true, name: true, slug: true } });
    if (!user?.slug) return null;
    scope = { kind: "author", userId: user.id };
    const link = `${origin}/authors/${encodeURIComponent(user.slug)}`;
    channel = { title: `${user.name} · ${siteName}`, link, description: `The latest stories by ${user.name} for ${siteName}.`, language: "en-us" };
    selfPath = `/authors/${encodeURIComponent(user.slug)}/${file}`;
  } else {
    channel = { title: siteName, link: `${origin}/`, description: `The latest stories from ${siteName}.`, language: "en-us" };
  }
  const items = await findFeedItems(scope, origin);
  const full = { ...channel, selfUrl: `${origin}${selfPath}` };
  return format === "rss" ? rssXml(full, items) : atomXml(full, items);
}

/**
 * The cached document. A section feed is tagged with the section (a new section's feed appears when
 * it is created); an author feed with the author's id, looked up first because author tags are by id
 * (stable across renames) while the address is by slug.
 */
export async function getFeed(target: Parameters<typeof buildFeed>[0], format: FeedFormat): Promise<string | null> {
  const origin = siteOrigin();
  const { siteName } = await getSiteSettings();
  const tags: string[] = [cacheTags.feeds, cacheTags.settings];
  let key = "site";
  if (target.kind === "section") {
    tags.push(cacheTags.section(target.slug));
    key = `section:${target.slug}`;
  } else if (target.kind === "author") {
    const user = await db().user.findUnique({ where: { slug: target.slug }, select: { id: true } });
    if (!user) return null;
    tags.push(cacheTags.author(user.id));
    key = `author:${user.id}:${target.slug}`;
  }
  return unstable_cache(() => buildFeed(target, format, origin, siteName), ["feed", format, key, origin, siteName], { tags })();
}

export const RSS_CONTENT_TYPE = "application/rss+xml; charset=utf-8";
export const ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8";

/** A route handler's answer: the feed, or a plain 404 for a section or author we do not have. */
export async function feedResponse(target: Parameters<typeof buildFeed>[0], format: FeedFormat): Promise<Response> {
  // Slugs are lowercase words and hyphens; anything else is not ours, and is not worth a query.
  const wellFormed = target.kind === "site" || isSlugShaped(target.slug);
  const xml = wellFormed ? await getFeed(target, format) : null;
  if (xml === null) return new Response("Not found\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(xml, { headers: { "Content-Type": format === "rss" ? RSS_CONTENT_TYPE : ATOM_CONTENT_TYPE } });
}
