import "server-only";
import path from "node:path";
import { db } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import { ForbiddenError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import { readBody } from "@/lib/body/story-body";
import { bodyToHtml } from "@/lib/feeds/body-html";
import { xmlFragment, type XmlNode } from "@/lib/xml/document";
import type { StoryStatus } from "@/lib/generated/prisma/enums";

// The whole archive out, in open formats: one ninjs 2.1 document per story (IPTC's JSON news format)
// and a WXR 1.2 file that WordPress's importer reads. Both are written story by story from a cursor,
// so an archive of any size streams. What neither format has a field for (the update log with its
// corrections, every byline with its title, the old addresses) travels in WXR as postmeta under
// "_newsroom_" keys and in ninjs under "x-newsroom": the importer reads them back, so an export
// imported into an empty newsroom gives the same stories (tests/archive-round-trip.test.ts).

const BATCH = 200;

const storySelect = {
  id: true,
  slug: true,
  headline: true,
  dek: true,
  body: true,
  creditLine: true,
  status: true,
  version: true,
  firstPublishedAt: true,
  lastUpdatedAt: true,
  scheduledAt: true,
  createdAt: true,
  updatedAt: true,
  section: { select: { slug: true, name: true } },
  bylines: { orderBy: { position: "asc" }, select: { name: true, title: true, user: { select: { name: true, email: true, slug: true, title: true } } } },
  tags: { orderBy: { position: "asc" }, select: { tag: { select: { slug: true, name: true } } } },
  updates: {
    orderBy: { occurredAt: "asc" },
    select: { kind: true, note: true, occurredAt: true, significant: true, withdrawnAt: true, withdrawnReason: true },
  },
  pathRedirects: { orderBy: { path: "asc" }, select: { path: true } },
  redirects: { orderBy: { fromSlug: "asc" }, select: { fromSlug: true } },
  importedFrom: { select: { postType: true } },
  leadAlt: true,
  leadCaption: true,
  leadCredit: true,
  leadMediaId: true,
  leadMedia: { select: { originalKey: true, altText: true, caption: true } },
} as const;

export type ExportedStory = Awaited<ReturnType<typeof loadBatch>>[number];

function loadBatch(after: string | null) {
  return db().story.findMany({ ...(after ? { cursor: { id: after }, skip: 1 } : {}), orderBy: { id: "asc" }, take: BATCH, select: storySelect });
}

/** Every story, a batch at a time. */
export async function* allStories(): AsyncGenerator<ExportedStory> {
  let after: string | null = null;
  for (;;) {
    const batch = await loadBatch(after);
    yield* batch;
    if (batch.length < BATCH) return;
    after = batch[batch.length - 1].id;
  }
}

/** Checks the actor may export, and leaves the export on the audit trail. */
export async function authorizeExport(actor: Actor, what: string): Promise<void> {
  if (!can(actor, "archive.export")) throw new ForbiddenError("Only admins can export the archive.");
  await recordAudit(db(), { actor, action: "archive.export", entityType: "archive", data: { what } });
}

/** The byline as people read it, and each name with its title. */
const bylineOf = (story: ExportedStory) =>
  story.bylines.map((b) => ({
    name: b.user?.name ?? b.name ?? "",
    title: b.title || b.user?.title || "",
    email: b.user?.email ?? null,
    staffSlug: b.user?.slug ?? null,
  }));

/** A stable numeric post id for WordPress, from the story's id (WordPress keys posts by number). */
export const wxrPostId = (storyId: string) => String(parseInt(storyId.replace(/-/g, "").slice(0, 12), 16));

const newsroomMeta = (story: ExportedStory) => ({
  status: story.status,
  bylines: bylineOf(story).map(({ name, title, email }) => ({ name, title, email })),
  updates: story.updates.map((u) => ({
    kind: u.kind,
    note: u.note,
    occurredAt: u.occurredAt.toISOString(),
    significant: u.significant,
    withdrawnAt: u.withdrawnAt?.toISOString() ?? null,
    withdrawnReason: u.withdrawnReason,
  })),
  paths: story.pathRedirects.map((p) => p.path),
  oldSlugs: story.redirects.map((r) => r.fromSlug),
  creditLine: story.creditLine,
  firstPublishedAt: story.firstPublishedAt?.toISOString() ?? null,
  lastUpdatedAt: story.lastUpdatedAt?.toISOString() ?? null,
  page: story.importedFrom.some((i) => i.postType === "page"),
});

/** A story as a ninjs 2.1 document. */
export function storyToNinjs(story: ExportedStory, origin: string) {
  const body = readBody(story.body);
  const bylines = bylineOf(story);
  return {
    $schema: "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json",
    uri: `${origin}/stories/${story.slug}`,
    type: "text",
    representationtype: "complete",
    profile: "newsroom-story",
    version: String(story.version),
    firstcreated: story.createdAt.toISOString(),
    versioncreated: story.updatedAt.toISOString(),
    ...(story.firstPublishedAt ? { contentcreated: story.firstPublishedAt.toISOString() } : {}),
    pubstatus: story.status === "PUBLISHED" ? "usable" : "withheld",
    ...(story.scheduledAt ? { embargoed: story.scheduledAt.toISOString() } : {}),
    language: "en",
    headlines: [{ role: "main", value: story.headline }],
    ...(story.dek ? { descriptions: [{ role: "summary", contenttype: "text/plain", value: story.dek }] } : {}),
    bodies: [{ role: "main", contenttype: "text/html", value: bodyToHtml(body, origin) }],
    by: bylines.map((b) => b.name).join(" and "),
    people: bylines.map((b) => ({
      name: b.name,
      rel: "author",
      ...(b.title ? { literal: b.title } : {}),
      ...(b.staffSlug ? { uri: `${origin}/authors/${b.staffSlug}` } : {}),
    })),
    subjects: [
      ...(story.section ? [{ name: story.section.name, uri: `${origin}/sections/${story.section.slug}`, rel: "section" }] : []),
      ...story.tags.map((t) => ({ name: t.tag.name, uri: `${origin}/tags/${t.tag.slug}`, rel: "tag" })),
    ],
    ...(story.creditLine ? { copyrightnotice: story.creditLine } : {}),
    ...(story.leadMediaId
      ? {
          associations: [
            {
              name: "leadphoto",
              type: "picture",
              uri: `${origin}/photos/${story.leadMediaId}`,
              ...(story.leadCaption ? { descriptions: [{ role: "caption", value: story.leadCaption }] } : {}),
              ...(story.leadAlt ? { altids: [], headlines: [{ role: "alt", value: story.leadAlt }] } : {}),
            },
          ],
        }
      : {}),
    "x-newsroom": newsroomMeta(story),
  };
}

const WXR_STATUS: Record<StoryStatus, string> = { PUBLISHED: "publish", SCHEDULED: "future", DRAFT: "draft", IN_REVIEW: "pending", UNPUBLISHED: "draft" };
const wpDate = (date: Date | null) => (date ? date.toISOString().slice(0, 19).replace("T", " ") : "0000-00-00 00:00:00");
const loginOf = (byline: { name: string; staffSlug: string | null }) =>
  byline.staffSlug ?? `outside-${byline.name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`.slice(0, 60);

/** The WXR file's start: the channel header with every author and term the stories use. */
export async function wxrHeader(origin: string, siteName: string): Promise<string> {
  const [sections, tags, staff] = await Promise.all([
    db().section.findMany({ orderBy: { position: "asc" }, select: { slug: true, name: true } }),
    db().tag.findMany({ orderBy: { slug: "asc" }, select: { slug: true, name: true } }),
    db().user.findMany({ where: { bylines: { some: {} } }, orderBy: { createdAt: "asc" }, select: { slug: true, email: true, name: true } }),
  ]);
  const channel: XmlNode = {
    title: siteName,
    link: origin,
    description: `The archive of ${siteName}`,
    language: "en",
    "wp:wxr_version": "1.2",
    "wp:base_site_url": origin,
    "wp:base_blog_url": origin,
    "wp:author": staff.map((user) => ({
      "wp:author_login": user.slug ?? user.email,
      "wp:author_email": user.email,
      "wp:author_display_name": user.name,
    })),
    "wp:category": sections.map((s) => ({ "wp:category_nicename": s.slug, "wp:category_parent": "", "wp:cat_name": s.name })),
    "wp:tag": tags.map((t) => ({ "wp:tag_slug": t.slug, "wp:tag_name": t.name })),
  };
  const inner = xmlFragment({ channel }).replace(/<\/channel>\s*$/, "");
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- A WordPress eXtended RSS (WXR 1.2) export of the newsroom archive: WordPress's importer reads it (Tools > Import > WordPress). -->
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
${inner}`;
}

export const WXR_FOOTER = "</channel>\n</rss>\n";

/** The file name of a story's lead photo in the export's photos folder (its original, by the photo's id). */
export function photoFileName(story: ExportedStory): string | null {
  if (!story.leadMediaId || !story.leadMedia) return null;
  return `${story.leadMediaId}${path.extname(story.leadMedia.originalKey) || ".jpg"}`;
}

/** A story's lead photo as a WXR attachment, named by the file beside the export (photos/), or "" when it has none. */
export function leadPhotoWxrItem(story: ExportedStory, origin: string): string {
  const file = photoFileName(story);
  if (!file) return "";
  const item: XmlNode = {
    title: file,
    link: `${origin}/photos/${file}`,
    guid: { "@isPermaLink": "false", "#text": `${origin}/photos/${file}` },
    "excerpt:encoded": story.leadCaption || story.leadMedia?.caption || "",
    "content:encoded": "",
    "wp:post_id": wxrPhotoId(story.leadMediaId!),
    "wp:status": "inherit",
    "wp:post_parent": wxrPostId(story.id),
    "wp:post_type": "attachment",
    "wp:attachment_url": `${origin}/photos/${file}`,
    "wp:postmeta": [
      { "wp:meta_key": "_wp_attached_file", "wp:meta_value": file },
      { "wp:meta_key": "_wp_attachment_image_alt", "wp:meta_value": story.leadAlt || story.leadMedia?.altText || "" },
    ],
  };
  return xmlFragment({ item });
}

/** Attachment ids apart from post ids: the photo's id, with the top bit of a 52-bit number set. */
const wxrPhotoId = (mediaId: string) => String(parseInt(mediaId.replace(/-/g, "").slice(0, 12), 16) + 2 ** 51);

/** One story as a WXR item. */
export function storyToWxrItem(story: ExportedStory, origin: string): string {
  const bylines = bylineOf(story);
  const meta = newsroomMeta(story);
  const isPage = meta.page;
  const item: XmlNode = {
    title: story.headline,
    link: `${origin}/stories/${story.slug}`,
    pubDate: (story.firstPublishedAt ?? story.createdAt).toUTCString().replace("GMT", "+0000"),
    "dc:creator": bylines[0] ? loginOf(bylines[0]) : "",
    guid: { "@isPermaLink": "false", "#text": `${origin}/stories/${story.slug}` },
    description: "",
    "content:encoded": bodyToHtml(readBody(story.body), origin),
    "excerpt:encoded": story.dek,
    "wp:post_id": wxrPostId(story.id),
    "wp:post_date": wpDate(story.firstPublishedAt ?? story.scheduledAt ?? story.createdAt),
    "wp:post_date_gmt": wpDate(story.firstPublishedAt ?? story.scheduledAt),
    "wp:post_modified": wpDate(story.lastUpdatedAt ?? story.updatedAt),
    "wp:post_modified_gmt": wpDate(story.lastUpdatedAt ?? story.updatedAt),
    "wp:comment_status": "closed",
    "wp:ping_status": "closed",
    "wp:post_name": story.slug,
    "wp:status": WXR_STATUS[story.status],
    "wp:post_parent": "0",
    "wp:menu_order": "0",
    "wp:post_type": isPage ? "page" : "post",
    "wp:post_password": "",
    "wp:is_sticky": "0",
    category: [
      ...(story.section ? [{ "@domain": "category", "@nicename": story.section.slug, "#text": story.section.name }] : []),
      ...story.tags.map((t) => ({ "@domain": "post_tag", "@nicename": t.tag.slug, "#text": t.tag.name })),
    ],
    "wp:postmeta": [
      { "wp:meta_key": "_newsroom", "wp:meta_value": JSON.stringify(meta) },
      ...(story.leadMediaId ? [{ "wp:meta_key": "_thumbnail_id", "wp:meta_value": wxrPhotoId(story.leadMediaId) }] : []),
    ],
  };
  // The lead photo's attachment comes first: WordPress's importer then knows it when it reads the post.
  return leadPhotoWxrItem(story, origin) + xmlFragment({ item });
}
