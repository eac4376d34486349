import { createHash } from "node:crypto";
import { z } from "zod";
import { bodySchema, type BodyDoc } from "@/lib/body/story-body";
import { htmlToBody, htmlToPlainText, type HtmlLeftover } from "@/lib/body/html-to-body";
import { slugify } from "@/lib/slugs";
import { withoutUnstorable } from "@/lib/text/storable";
import { oldAddressKeyOf } from "@/lib/import/old-address-key";
import type { StoryStatus } from "@/lib/generated/prisma/enums";
import type { WxrHeader, WxrItem, WxrTerm } from "@/lib/import/wxr/read";

// What one WordPress post or page becomes, decided without the database: the README's mapping
// table in code. The importer (lib/import/wxr/import.ts) writes it; a dry run only counts it.

export const HEADLINE_MAX = 300;
export const DEK_MAX = 600;
export const TAGS_MAX = 20;
const SLUG_MAX = 120;

// What a newsroom's own export (lib/export/archive.ts) adds to each item as the "_newsroom" postmeta:
// what WXR has no field for. Read back so that a round trip loses nothing; checked like any input.
const text = (max: number) => z.string().max(max).transform(withoutUnstorable);
const isoDate = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const newsroomMetaSchema = z.object({
  status: z.enum(["DRAFT", "IN_REVIEW", "SCHEDULED", "PUBLISHED", "UNPUBLISHED"]),
  bylines: z.array(z.object({ name: text(200), title: text(200), email: z.email().nullable() })).max(12),
  updates: z
    .array(
      z.object({
        kind: z.enum(["UPDATE", "CORRECTION", "CLARIFICATION", "EDITORS_NOTE"]),
        note: text(5000),
        occurredAt: isoDate,
        significant: z.boolean(),
        withdrawnAt: isoDate.nullable(),
        withdrawnReason: text(2000).nullable(),
      }),
    )
    .max(2000),
  paths: z.array(z.string().max(2048)).max(200),
  oldSlugs: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,199}$/)).max(200),
  creditLine: text(300),
  firstPublishedAt: isoDate.nullable(),
  lastUpdatedAt: isoDate.nullable(),
});
export type NewsroomMeta = z.infer<typeof newsroomMetaSchema>;

export type MappedPost = {
  sourceId: string;
  postType: "post" | "page";
  headline: string;
  slug: string;
  dek: string;
  body: BodyDoc;
  status: StoryStatus;
  firstPublishedAt: Date | null;
  lastUpdatedAt: Date | null;
  scheduledAt: Date | null;
  /** The top-level category the post is filed under (its section), by slug and name. */
  section: { slug: string; name: string } | null;
  tags: { slug: string; name: string }[];
  authorLogin: string;
  /** Paths the post had on the old site ("/2016/12/13/slug", "/?p=123"), each to redirect here. */
  paths: string[];
  /** The featured image's attachment id (_thumbnail_id). */
  leadAttachmentId: string | null;
  /** Why the story differs from what WordPress showed (kept with the import record). */
  note: string;
  /** From a newsroom's own export: every byline, the update log, old slugs, the credit line. */
  newsroom: Pick<NewsroomMeta, "bylines" | "updates" | "oldSlugs" | "creditLine"> | null;
  leftovers: HtmlLeftover[];
  warnings: string[];
};

/** Why a post is not imported at all, or null when it is. */
export function skipReason(item: WxrItem, options: { pages: boolean }): string | null {
  if (item.postType === "page" && !options.pages) return "a page (--no-pages)";
  if (item.postType !== "post" && item.postType !== "page") {
    if (item.postType === "attachment") return "an attachment (imported as a photo where a story uses it)";
    if (item.postType === "nav_menu_item") return "a navigation menu item";
    return `a "${item.postType || "unknown"}" item (only posts and pages become stories)`;
  }
  if (item.status === "trash") return "in WordPress's trash";
  if (item.status === "auto-draft") return "an empty auto-draft";
  if (!item.postId) return "it has no wp:post_id";
  return null;
}

/** A WordPress date: the _gmt field is UTC ("0000-00-00 00:00:00" when never set); otherwise pubDate. */
function parseDate(gmt: string, fallback: string): Date | null {
  if (gmt && !gmt.startsWith("0000")) {
    const date = new Date(`${gmt.replace(" ", "T")}Z`);
    if (!Number.isNaN(date.getTime())) return date;
  }
  const date = fallback ? new Date(fallback) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

const decodeSlug = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

/** A slug the newsroom accepts, from WordPress's (percent-encoded UTF-8 for non-Latin titles) or the title. */
export function storySlug(postName: string, title: string, postId: string): string {
  const slug = slugify(decodeSlug(postName)) || slugify(title);
  return (slug || `wp-${postId}`).slice(0, SLUG_MAX).replace(/-+$/, "");
}

export function termSlug(term: { slug: string; name: string }, fallback: string): string {
  return slugify(decodeSlug(term.slug)) || slugify(term.name) || fallback;
}

/** Categories by slug, for finding a category's top-level ancestor (its section). */
export function categoryTree(categories: WxrTerm[]): Map<string, WxrTerm> {
  return new Map(categories.map((category) => [category.slug, category]));
}

function topLevel(slug: string, tree: Map<string, WxrTerm>): string {
  let current = slug;
  for (let depth = 0; depth < 50; depth++) {
    const parent = tree.get(current)?.parent;
    if (!parent || !tree.has(parent)) return current;
    current = parent;
  }
  return current;
}

const clean = (text: string) => withoutUnstorable(text);

function cut(text: string, max: number, what: string, warnings: string[]): string {
  if (text.length <= max) return text;
  warnings.push(`The ${what} was ${text.length} characters long; it was cut to ${max}.`);
  const cutAt = text.lastIndexOf(" ", max - 1);
  return `${text.slice(0, cutAt > max * 0.6 ? cutAt : max - 1).trimEnd()}…`;
}

type TaxonomyContext = { tree: Map<string, WxrTerm>; sectionMap: Map<string, string> };

/**
 * A post's section and tags. The first category names the section (its top-level ancestor, through
 * the chosen mapping); categories below the top level are tags, as are WordPress's tags. Pages have
 * no section.
 */
export function postTaxonomy(item: WxrItem, context: TaxonomyContext): { section: MappedPost["section"]; tags: { slug: string; name: string }[] } {
  const categories = item.terms.filter((term) => term.domain === "category");
  let section: MappedPost["section"] = null;
  if (item.postType !== "page" && categories.length) {
    const first = topLevel(categories[0].slug, context.tree);
    const top = context.tree.get(first);
    const slug = context.sectionMap.get(first) ?? termSlug({ slug: first, name: top?.name ?? categories[0].name }, "wp-section");
    section = { slug, name: top?.name || categories[0].name || slug };
  }
  const tags = new Map<string, string>();
  for (const term of item.terms) {
    const isChildCategory = term.domain === "category" && context.tree.get(term.slug)?.parent;
    if (term.domain !== "post_tag" && !isChildCategory) continue;
    const slug = termSlug(term, "");
    if (slug && !tags.has(slug)) tags.set(slug, clean(htmlToPlainText(term.name)).slice(0, 60) || slug);
  }
  return { section, tags: [...tags].map(([slug, name]) => ({ slug, name })) };
}

/** The whole mapping of one post or page. */
export function mapPost(
  item: WxrItem,
  header: WxrHeader,
  context: {
    tree: Map<string, WxrTerm>;
    sectionMap: Map<string, string>;
    imageBlock?: (image: { src: string; alt: string; caption: string }) => Record<string, unknown>;
  },
): MappedPost {
  const warnings: string[] = [];
  const siteUrl = header.baseBlogUrl || header.link || header.baseSiteUrl;
  const isPage = item.postType === "page";

  const title = clean(htmlToPlainText(item.title));
  let headline = title || "(no title)";
  if (!title) warnings.push('The post has no title; its headline is "(no title)", as WordPress shows it.');
  headline = cut(headline, HEADLINE_MAX, "title", warnings);

  // A newsroom's own export holds HTML it wrote from a story body: no shortcodes, its own paragraphs.
  const ownExport = Boolean(item.meta._newsroom);
  const { body: rawBody, leftovers } = htmlToBody(clean(item.content), {
    siteUrl,
    image: context.imageBlock,
    ...(ownExport ? { shortcodes: false, autoParagraphs: false } : {}),
  });
  let body = rawBody;
  if (!bodySchema.safeParse(body).success) {
    warnings.push("The content is longer than a story body holds; it was cut to fit.");
    body = { type: "doc", content: rawBody.content.slice(0, 2000) };
    if (!bodySchema.safeParse(body).success) body = { type: "doc", content: [] };
  }
  if (!body.content.length && item.content.trim()) warnings.push("The content had nothing a story body can hold.");

  const dek = cut(clean(htmlToPlainText(item.excerpt)), DEK_MAX, "excerpt", warnings);

  const published = parseDate(item.postDateGmt, item.pubDate) ?? parseDate(item.postDate, "");
  const modified = parseDate(item.postModifiedGmt, "");
  let status: StoryStatus = "DRAFT";
  let note = "";
  let scheduledAt: Date | null = null;
  if (item.postPassword) {
    note = "Password-protected on WordPress: imported as a draft, never public.";
  } else if (item.status === "private") {
    note = "Private on WordPress: imported as a draft, never public.";
  } else if (item.status === "publish") {
    status = "PUBLISHED";
  } else if (item.status === "future" && published) {
    status = "SCHEDULED";
    scheduledAt = published;
  } else if (item.status === "pending") {
    status = "IN_REVIEW";
  } else if (item.status !== "draft") {
    warnings.push(`WordPress status "${item.status}" has no equal here; imported as a draft.`);
  }
  if (note) warnings.push(note);
  if (item.isSticky) warnings.push("Sticky on WordPress's front page; stories here are not pinned, so it is listed by its date.");
  let firstPublishedAt = status === "PUBLISHED" ? (published ?? new Date()) : null;
  let lastUpdatedAt = firstPublishedAt ? (modified && modified > firstPublishedAt ? modified : firstPublishedAt) : null;

  let newsroom: MappedPost["newsroom"] = null;
  let newsroomPaths: string[] = [];
  if (item.meta._newsroom) {
    const parsed = newsroomMetaSchema.safeParse(
      (() => {
        try {
          return JSON.parse(item.meta._newsroom);
        } catch {
          return null;
        }
      })(),
    );
    if (parsed.success) {
      const meta = parsed.data;
      newsroom = { bylines: meta.bylines, updates: meta.updates, oldSlugs: meta.oldSlugs, creditLine: meta.creditLine };
      newsroomPaths = meta.paths;
      status = meta.status;
      note = "";
      firstPublishedAt = meta.firstPublishedAt;
      lastUpdatedAt = meta.lastUpdatedAt;
      scheduledAt = meta.status === "SCHEDULED" ? published : null;
    } else {
      warnings.push("The item's newsroom data (_newsroom) could not be read; it was imported as a WordPress post.");
    }
  }

  const { section, tags } = postTaxonomy(item, context);
  if (tags.length > TAGS_MAX) warnings.push(`The post had ${tags.length} tags; a story holds ${TAGS_MAX}, so the first ${TAGS_MAX} were kept.`);

  const paths = new Set<string>();
  if (newsroom) {
    // A newsroom's own export: its story addresses stay what they are; its old addresses come along.
    for (const path of newsroomPaths) paths.add(path);
  } else {
    for (const address of [item.link, item.guid]) {
      const path = address && oldAddressKeyOf(address, siteUrl);
      if (path) paths.add(path);
    }
    paths.add(isPage ? `/?page_id=${item.postId}` : `/?p=${item.postId}`);
  }
  const oldSlug = item.meta._wp_old_slug;
  const linkPath = item.link ? oldAddressKeyOf(item.link, siteUrl) : null;
  if (oldSlug && linkPath && item.postName && linkPath.endsWith(`/${item.postName}`)) {
    paths.add(`${linkPath.slice(0, -item.postName.length)}${oldSlug}`);
  }

  return {
    sourceId: item.postId,
    postType: isPage ? "page" : "post",
    headline,
    slug: storySlug(item.postName, title, item.postId),
    dek,
    body,
    status,
    firstPublishedAt,
    lastUpdatedAt,
    scheduledAt,
    section,
    tags,
    authorLogin: item.creator,
    paths: [...paths],
    leadAttachmentId: item.meta._thumbnail_id?.trim() || null,
    note,
    newsroom,
    leftovers,
    warnings,
  };
}

/** What decides "changed" on a rerun: everything the import writes from the post, and how its author maps. */
export function contentHash(post: MappedPost, byline: unknown, leadSource: string | null): string {
  const { warnings: _warnings, leftovers: _leftovers, ...content } = post;
  return createHash("sha256").update(JSON.stringify({ content, byline, leadSource })).digest("hex");
}
