import "server-only";
import { db, type Tx } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { ForbiddenError } from "@/lib/errors";
import { cacheTags } from "@/lib/cache/tags";
import { Prisma } from "@/lib/generated/prisma/client";
import { readWxr, WxrFormatError, type WxrHeader, type WxrItem } from "@/lib/import/wxr/read";
import { categoryTree, contentHash, mapPost, postTaxonomy, skipReason, TAGS_MAX } from "@/lib/import/wxr/map-post";
import { resolveAuthors, type AuthorChoice } from "@/lib/import/wxr/authors";
import { PhotoSource, type Attachment, type PhotoOrigin } from "@/lib/import/wxr/photos";
import { batchable, writeNewStories, writeStory, type Lead, type PreparedPost, type WriteContext, type Written } from "@/lib/import/wxr/write";
import { imagePlaceholder } from "@/lib/body/html-to-body";
import { IMAGE_ALT_MAX, IMAGE_CAPTION_MAX } from "@/lib/body/story-body";
import { ImportReportBuilder, type ImportReport } from "@/lib/import/report";

// The WordPress import. Two passes over the file, each a stream:
//  1. validate and count: the whole file must be a well-formed WordPress export before anything is
//     written (a truncated file is refused with its line); it also yields the totals for the progress
//     bar and the attachments (photos) that posts name as their featured image, which may come later
//     in the file than the posts.
//  2. write: posts are mapped, their photos taken, and written in batches (lib/import/wxr/write.ts):
//     new stories many to a transaction, updates one to a transaction, each story whole with the
//     ImportedPost row that keys it by (site, post id). That row is the checkpoint: an import stopped
//     anywhere (Ctrl-C, a crash) has written whole stories only, and a rerun skips what is unchanged,
//     updates what changed, keeps what the newsroom has edited since, and creates no duplicate.

/** How many new stories one transaction writes: enough that a statement per table costs little per story, few enough that a stop loses little work. */
const BATCH_SIZE = 50;

/** How many batches are written at once. */
const WRITERS = 2;

/** Why a rerun leaves a story alone although its post changed on the old site. */
export const KEPT_EDITED = "edited in the newsroom since it was imported: the newsroom's version is kept";

/** Whether the newsroom changed the story after the import last wrote it (a rerun then leaves it alone). */
const editedSinceImport = (record: { storyVersion: number | null; story: { version: number } }) =>
  record.storyVersion !== null && record.story.version !== record.storyVersion;

export type ImportProgress = { done: number; total: number; created: number; updated: number; unchanged: number; skipped: number };

/** Stores an imported photo in the media library; returns its id, or why it could not. */
export type PhotoIngest = (photo: { bytes: Buffer; fileName: string; alt: string; caption: string }) => Promise<{ mediaId: string } | { reason: string }>;

export type ImportOptions = {
  dryRun?: boolean;
  /** Import pages (as stories in no section, flagged); --no-pages turns this off. */
  pages?: boolean;
  mediaDir?: string;
  /** Fetch photos from their addresses when there is no local copy (on by default). */
  fetchPhotos?: boolean;
  authors?: AuthorChoice[];
  /** A top-level category's slug to the section slug it becomes (by default a section of its own name). */
  sectionMap?: Record<string, string>;
  /** How many posts are prepared at once (their photos fetched meanwhile). */
  concurrency?: number;
  /** How many new stories are written in one transaction. */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  onCounted?: (total: number) => void;
  ingestPhoto?: PhotoIngest;
};

export type ImportResult = { report: ImportReport; tags: string[] };

type Counted = {
  header: WxrHeader;
  total: number;
  attachments: Map<string, Attachment>;
  sections: Map<string, string>;
  tags: Map<string, string>;
};

/** Pass 1: the whole file read and checked, counted, with its attachments. Writes nothing. */
async function countFile(filePath: string, options: ImportOptions, report: ImportReportBuilder): Promise<Counted> {
  let header: WxrHeader | null = null;
  let tree = categoryTree([]);
  let total = 0;
  const attachments = new Map<string, Attachment>();
  const sections = new Map<string, string>();
  const tags = new Map<string, string>();
  const sectionMap = new Map(Object.entries(options.sectionMap ?? {}));
  for await (const event of readWxr(filePath)) {
    if ("header" in event) {
      header = event.header;
      tree = categoryTree(header.categories);
      continue;
    }
    const item = event.item;
    total++;
    report.countItem(item);
    if (item.postType === "attachment" && item.postId) {
      attachments.set(item.postId, {
        id: item.postId,
        url: item.attachmentUrl || item.guid,
        file: item.meta._wp_attached_file ?? "",
        alt: item.meta._wp_attachment_image_alt?.trim() ?? "",
        caption: item.excerpt.trim(),
        title: item.title,
      });
    }
    if (skipReason(item, { pages: options.pages !== false }) || !header) continue;
    const mapped = postTaxonomy(item, { tree, sectionMap });
    if (mapped.section) sections.set(mapped.section.slug, mapped.section.name);
    for (const tag of mapped.tags.slice(0, TAGS_MAX)) if (!tags.has(tag.slug)) tags.set(tag.slug, tag.name);
  }
  if (!header) throw new WxrFormatError(1, "the file has no channel header");
  return { header, total, attachments, sections, tags };
}

function sourceSiteOf(header: WxrHeader): string {
  return (header.baseBlogUrl || header.link || header.baseSiteUrl).replace(/\/+$/, "");
}

/** Sections and tags the posts use, created once before the stories (so stories only link to them), with their stored names. */
async function prepareTaxonomy(tx: Tx, actor: Actor, counted: Counted, write: boolean) {
  const sectionIds = new Map<string, string>();
  const sectionNames = new Map<string, string>();
  const tagIds = new Map<string, string>();
  const tagNames = new Map<string, string>();
  const created = { sections: 0, tags: 0 };
  const existingSections = await tx.section.findMany({ where: { slug: { in: [...counted.sections.keys()] } }, select: { id: true, slug: true, name: true } });
  for (const section of existingSections) {
    sectionIds.set(section.slug, section.id);
    sectionNames.set(section.id, section.name);
  }
  const tagSelect = { id: true, slug: true, name: true } as const;
  const existingTags = await tx.tag.findMany({ where: { slug: { in: [...counted.tags.keys()] } }, select: tagSelect });
  let position = (await tx.section.aggregate({ _max: { position: true } }))._max.position ?? 0;
  for (const [slug, name] of counted.sections) {
    if (sectionIds.has(slug)) continue;
    created.sections++;
    if (!write) continue;
    const section = await tx.section.create({ data: { slug, name: name.slice(0, 100), position: ++position }, select: { id: true, name: true } });
    await recordAudit(tx, { actor, action: "section.create", entityType: "section", entityId: section.id, data: { name, slug, imported: true } });
    sectionIds.set(slug, section.id);
    sectionNames.set(section.id, section.name);
  }
  const known = new Set(existingTags.map((tag) => tag.slug));
  const newTags = [...counted.tags].filter(([slug]) => !known.has(slug));
  created.tags = newTags.length;
  const tags = [...existingTags];
  if (write && newTags.length) {
    await tx.tag.createMany({ data: newTags.map(([slug, name]) => ({ slug, name })), skipDuplicates: true });
    tags.push(...(await tx.tag.findMany({ where: { slug: { in: newTags.map(([slug]) => slug) } }, select: tagSelect })));
    await recordAudit(tx, { actor, action: "tag.import", entityType: "tag", data: { count: newTags.length } });
  }
  for (const tag of tags) {
    tagIds.set(tag.slug, tag.id);
    tagNames.set(tag.id, tag.name);
  }
  return { sectionIds, sectionNames, tagIds, tagNames, created };
}

type Taken = { mediaId: string } | { dryRun: true } | { missing: string; url: string };

/** An image of a post's content, as the story body will show it once it is taken. */
export type InlineImage = { src: string; alt: string; caption: string };

/** Inline photos resolved for one post: each image source to its library photo, with the attachment's alt text and caption. */
type InlinePhotos = Map<string, { mediaId: string; alt: string; caption: string }>;

/**
 * The photos of an import, lead and inline alike: each taken once per address (a rerun finds it in
 * ImportedMedia), through the media library's pipeline, or why it could not be.
 */
class ImportPhotos {
  private readonly source: PhotoSource;
  // Each address's outcome, once asked: posts written at once that show one photo share one taking of it.
  private readonly taken = new Map<string, Promise<Taken>>();
  private byUrl: Map<string, Attachment> | null = null;

  constructor(
    private readonly options: ImportOptions,
    private readonly sourceSite: string,
    private readonly attachments: Map<string, Attachment>,
    private readonly onTaken: (from: PhotoOrigin) => void,
  ) {
    this.source = new PhotoSource({ mediaDir: options.mediaDir, fetch: options.fetchPhotos !== false });
  }

  private take(attachment: Pick<Attachment, "url" | "file"> & Partial<Pick<Attachment, "alt" | "caption">>, dryRun: boolean): Promise<Taken> {
    let taken = this.taken.get(attachment.url);
    if (!taken) {
      taken = this.takeOnce(attachment, dryRun);
      this.taken.set(attachment.url, taken);
    }
    return taken;
  }

  private async takeOnce(attachment: Pick<Attachment, "url" | "file"> & Partial<Pick<Attachment, "alt" | "caption">>, dryRun: boolean): Promise<Taken> {
    const key = { sourceSite_sourceUrl: { sourceSite: this.sourceSite, sourceUrl: attachment.url } };
    const imported = await db().importedMedia.findUnique({ where: key, select: { mediaId: true } });
    if (imported) return { mediaId: imported.mediaId };
    if (!this.options.ingestPhoto) return { missing: "the media library is not available to this import", url: attachment.url };
    const got = await this.source.get(attachment);
    if ("reason" in got) return { missing: got.reason, url: attachment.url };
    if (dryRun) {
      this.onTaken(got.from);
      return { dryRun: true };
    }
    const stored = await this.options.ingestPhoto({ ...got, alt: attachment.alt?.slice(0, 500) ?? "", caption: attachment.caption?.slice(0, 1000) ?? "" });
    if ("reason" in stored) return { missing: stored.reason, url: attachment.url };
    this.onTaken(got.from);
    // Another import of the same site may have stored it meanwhile: its photo is the one kept.
    const kept = await db().importedMedia.upsert({
      where: key,
      create: { sourceSite: this.sourceSite, sourceUrl: attachment.url, mediaId: stored.mediaId },
      update: {},
      select: { mediaId: true },
    });
    return { mediaId: kept.mediaId };
  }

  /** The story's lead photo with the attachment's alt text and caption, or why it could not be had. */
  async lead(attachmentId: string | null, dryRun: boolean): Promise<{ lead: Lead } | { missing: string; url: string }> {
    if (!attachmentId) return { lead: null };
    const attachment = this.attachments.get(attachmentId);
    if (!attachment) return { missing: `the featured image (attachment ${attachmentId}) is not in the export`, url: "" };
    const taken = await this.take(attachment, dryRun);
    if ("missing" in taken) return taken;
    if ("dryRun" in taken) return { lead: null };
    return { lead: { mediaId: taken.mediaId, alt: attachment.alt.slice(0, 500), caption: attachment.caption.slice(0, 1000), source: attachment.url } };
  }

  /** The attachment an image in the content shows: by its address, or that of the original a resized copy ("-300x200") was made from. */
  private attachmentOf(url: string): Attachment | undefined {
    this.byUrl ??= new Map([...this.attachments.values()].map((attachment) => [attachment.url, attachment]));
    return this.byUrl.get(url) ?? this.byUrl.get(url.replace(/-\d+x\d+(\.[a-z0-9]+)$/i, "$1"));
  }

  /** The images of a post's content: those that could be had (none stored in a dry run), and why the others could not. */
  async inline(
    images: InlineImage[],
    siteUrl: string,
    dryRun: boolean,
  ): Promise<{ photos: InlinePhotos; missing: { src: string; url: string; reason: string }[] }> {
    const photos: InlinePhotos = new Map();
    const missing: { src: string; url: string; reason: string }[] = [];
    for (const image of images) {
      if (photos.has(image.src) || missing.some((m) => m.src === image.src)) continue;
      if (!image.src.trim()) {
        missing.push({ src: image.src, url: "", reason: "the image has no address" });
        continue;
      }
      let url: string;
      try {
        url = new URL(image.src, siteUrl || undefined).href;
      } catch {
        missing.push({ src: image.src, url: image.src, reason: "its address is not a URL" });
        continue;
      }
      const attachment = this.attachmentOf(url);
      const taken = await this.take(attachment ?? { url, file: "" }, dryRun);
      if ("missing" in taken) missing.push({ src: image.src, url, reason: taken.missing });
      else if ("mediaId" in taken) photos.set(image.src, { mediaId: taken.mediaId, alt: attachment?.alt ?? "", caption: attachment?.caption ?? "" });
    }
    return { photos, missing };
  }
}

/** An image of the content that was had, as the body's image node: the img's alt text (else the attachment's) and its caption (else the attachment's). */
function inlineImageNode(image: InlineImage, photos: InlinePhotos): Record<string, unknown> {
  const photo = photos.get(image.src);
  if (!photo) return imagePlaceholder(image);
  const alt = (image.alt || photo.alt).slice(0, IMAGE_ALT_MAX);
  const caption = (image.caption || photo.caption).slice(0, IMAGE_CAPTION_MAX);
  return { type: "image", attrs: { mediaId: photo.mediaId, ...(alt ? { alt } : {}), ...(caption ? { caption } : {}) } };
}

/**
 * Imports a WordPress export. A file that is not one (or is cut short) is refused with WxrFormatError
 * before anything is written; an author mapping that names no one likewise, with InvalidError.
 */
export async function importWordPress(actor: Actor, filePath: string, options: ImportOptions = {}): Promise<ImportResult> {
  if (!can(actor, "archive.import") || actor.kind !== "user") throw new ForbiddenError("Only admins can import an archive.");
  const started = Date.now();
  const dryRun = options.dryRun === true;
  const report = new ImportReportBuilder(dryRun);
  const counted = await countFile(filePath, options, report);
  options.onCounted?.(counted.total);
  const { header } = counted;
  const sourceSite = sourceSiteOf(header);
  if (!sourceSite) throw new WxrFormatError(1, "the export names no site (wp:base_blog_url or the channel's link)");
  report.setSource({ site: sourceSite, title: header.title, wxrVersion: header.wxrVersion });

  // Authors and taxonomy first, in one transaction: a mapping that names no one is refused here, before any story.
  const people = await db().$transaction(
    async (tx) => {
      const authors = await resolveAuthors(tx, actor, header.authors, options.authors ?? [], !dryRun);
      const taxonomy = await prepareTaxonomy(tx, actor, counted, !dryRun);
      return { authors, taxonomy };
    },
    { timeout: 60_000 },
  );
  report.setPeople(people.authors.created, people.taxonomy.created);

  const staffIds = [...people.authors.bylines.values()].flatMap((b) => (b.userId ? [b.userId] : []));
  const staff = staffIds.length ? await db().user.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true, title: true } }) : [];
  const context: WriteContext = {
    actor,
    sourceSite,
    sectionIds: people.taxonomy.sectionIds,
    sectionNames: people.taxonomy.sectionNames,
    tagIds: people.taxonomy.tagIds,
    tagNames: people.taxonomy.tagNames,
    staff: new Map(staff.map((person) => [person.id, { name: person.name, title: person.title }])),
  };
  const bylines = people.authors.bylines;
  const photos = new ImportPhotos(options, sourceSite, counted.attachments, (from) => report.photoTaken(from));
  const tree = categoryTree(header.categories);
  const sectionMap = new Map(Object.entries(options.sectionMap ?? {}));
  const touchedTags = new Set<string>();
  const progress: ImportProgress = { done: 0, total: counted.total, created: 0, updated: 0, unchanged: 0, skipped: 0 };
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const batchSize = Math.max(1, options.batchSize ?? BATCH_SIZE);
  const running = new Set<Promise<void>>();

  type Ready = PreparedPost & { item: WxrItem; warnings: string[] };
  const settle = () => {
    progress.done++;
    options.onProgress?.({ ...progress });
  };
  const fail = (item: WxrItem, error: unknown) => {
    // One post that cannot be written is reported and the import goes on; nothing of it was kept.
    console.error(`[import] Post ${item.postId} (line ${item.line}) could not be written`, error);
    progress.skipped++;
    report.failed(item, error instanceof Error ? error.message.split("\n").at(-1)! : String(error));
    settle();
  };
  const wrote = (ready: Ready, written: Written | null, updated: boolean) => {
    const { post, byline } = ready;
    if (written && post.status === "PUBLISHED") {
      touchedTags.add(cacheTags.story(written.slug));
      if (post.section) touchedTags.add(cacheTags.section(post.section.slug));
      for (const tag of post.tags) touchedTags.add(cacheTags.tag(tag.slug));
      if (byline.userId) touchedTags.add(cacheTags.author(byline.userId));
    }
    if (updated) {
      progress.updated++;
      report.updated(ready.item, post);
    } else {
      progress.created++;
      report.created(ready.item, post);
    }
    report.warn(ready.item, ready.warnings);
    settle();
  };

  /** Maps a post and takes its photos; null when it is not imported at all. */
  const prepare = async (item: WxrItem): Promise<Ready | null> => {
    const reason = skipReason(item, { pages: options.pages !== false });
    if (reason) {
      report.skipped(item, reason);
      progress.skipped++;
      settle();
      return null;
    }
    // The mapping is synchronous: a first pass names the content's images, they are taken (or not),
    // and a second pass puts an image node where one was had and the placeholder where not.
    let post = mapPost(item, header, { tree, sectionMap });
    const images = post.leftovers.filter((leftover) => leftover.kind === "image");
    const siteUrl = header.baseBlogUrl || header.link || header.baseSiteUrl;
    const inline = images.length ? await photos.inline(images, siteUrl, dryRun) : { photos: new Map(), missing: [] };
    if (inline.photos.size) post = mapPost(item, header, { tree, sectionMap, imageBlock: (image) => inlineImageNode(image, inline.photos) });
    const warnings = [...post.warnings];
    for (const leftover of post.leftovers) if (leftover.kind === "shortcode") report.placeholder(leftover.name);
    const lost = new Set(inline.missing.map((m) => m.src));
    for (const image of images) if (lost.has(image.src)) report.placeholder("image");
    for (const photo of inline.missing) report.missingPhoto(item, photo.url, photo.reason);
    const byline = bylines.get(post.authorLogin) ?? { userId: null, name: post.authorLogin || "Unknown author" };
    if (!bylines.has(post.authorLogin)) warnings.push(`The author "${post.authorLogin}" is not in the export's author list; the byline is their login.`);
    const photo = await photos.lead(post.leadAttachmentId, dryRun);
    if ("missing" in photo) {
      report.missingPhoto(item, photo.url, photo.missing);
      warnings.push(`The featured image could not be imported (${photo.missing}).`);
    }
    const lead = "lead" in photo ? photo.lead : null;
    return { item, post, byline, lead, hash: contentHash(post, byline, lead?.source ?? null), warnings };
  };

  /** Writes one post on its own, as a rerun finds it: created, updated, unchanged, or kept as the newsroom edited it. */
  const writeOne = async (ready: Ready) => {
    const { item, post } = ready;
    try {
      const record = await db().importedPost.findUnique({
        where: { sourceSite_sourceId: { sourceSite, sourceId: post.sourceId } },
        select: { storyId: true, contentHash: true, storyVersion: true, story: { select: { version: true } } },
      });
      if (record && record.contentHash === ready.hash) return unchanged(ready);
      if (record && editedSinceImport(record)) return kept(ready);
      if (dryRun) return wrote(ready, null, record !== null);
      let written: Written;
      try {
        written = await writeStory(context, ready, record?.storyId ?? null);
      } catch (error) {
        // Two posts racing for one slug: the second tries again, seeing the first's.
        if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
        written = await writeStory(context, ready, record?.storyId ?? null);
      }
      wrote(ready, written, record !== null);
    } catch (error) {
      fail(item, error);
    }
  };
  const unchanged = (ready: Ready) => {
    progress.unchanged++;
    report.unchanged();
    report.warn(ready.item, ready.warnings);
    settle();
  };
  const kept = (ready: Ready) => {
    report.skipped(ready.item, KEPT_EDITED);
    progress.skipped++;
    report.warn(ready.item, ready.warnings);
    settle();
  };

  /**
   * Writes a batch of prepared posts: what is new in one transaction (writeNewStories), the rest one
   * by one. A batch that fails as a whole (a slug or address another writer took meanwhile, a post the
   * database refuses) is written again post by post, so that each failure is one post's.
   */
  const writeBatch = async (batch: Ready[]) => {
    const records = await db().importedPost.findMany({
      where: { sourceSite, sourceId: { in: batch.map((ready) => ready.post.sourceId) } },
      select: { sourceId: true },
    });
    const known = new Set(records.map((record) => record.sourceId));
    const seen = new Set<string>();
    const fresh: Ready[] = [];
    const others: Ready[] = [];
    for (const ready of batch) {
      const id = ready.post.sourceId;
      // A post id met twice in one file: the second is written after the first, as an update of it.
      if (known.has(id) || seen.has(id) || !batchable(ready)) others.push(ready);
      else fresh.push(ready);
      seen.add(id);
    }
    if (fresh.length && dryRun) for (const ready of fresh) wrote(ready, null, false);
    else if (fresh.length) {
      let written: Written[] | null = null;
      try {
        written = await writeNewStories(context, fresh);
      } catch (error) {
        console.warn(
          `[import] A batch of ${fresh.length} posts could not be written together; writing them one by one.`,
          error instanceof Error ? error.message : error,
        );
      }
      if (written) fresh.forEach((ready, i) => wrote(ready, written[i], false));
      else for (const ready of fresh) await writeOne(ready);
    }
    for (const ready of others) await writeOne(ready);
  };

  // Posts are prepared a few at a time (photos are fetched meanwhile) and gathered into batches;
  // WRITERS batches are written at once while the next is gathered: the database does most of a
  // batch's work, and one transaction keeps only one of its processes busy. Two batches that meet
  // (a slug or an old address both want) are settled by the database: the second waits, or fails
  // and is written again post by post.
  let gathered: Ready[] = [];
  const writing = new Set<Promise<void>>();
  const flush = async () => {
    const batch = gathered;
    gathered = [];
    // Once stopped, what was gathered is left for the rerun; a batch already being written ends whole.
    if (!batch.length || options.signal?.aborted) return;
    const write = writeBatch(batch).finally(() => writing.delete(write));
    writing.add(write);
    if (writing.size >= WRITERS) await Promise.race(writing);
  };
  try {
    for await (const event of readWxr(filePath)) {
      if (!("item" in event)) continue;
      if (options.signal?.aborted) break;
      const { item } = event;
      const task = prepare(item)
        .then((ready) => {
          if (ready) gathered.push(ready);
        })
        .catch((error: unknown) => fail(item, error))
        .finally(() => running.delete(task));
      running.add(task);
      if (running.size >= concurrency) await Promise.race(running);
      if (gathered.length >= batchSize) await flush();
    }
  } finally {
    await Promise.all(running);
    await flush();
    await Promise.all(writing);
  }
  report.finish({ stopped: options.signal?.aborted === true, durationMs: Date.now() - started, progress });
  if (touchedTags.size)
    for (const tag of [cacheTags.frontPage, cacheTags.sections, cacheTags.feeds, cacheTags.sitemaps, cacheTags.search]) touchedTags.add(tag);
  return { report: report.build(), tags: [...touchedTags] };
}
