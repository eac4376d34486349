import type { MappedPost } from "@/lib/import/wxr/map-post";
import type { WxrItem } from "@/lib/import/wxr/read";
import type { PhotoOrigin } from "@/lib/import/wxr/photos";

// What an import did, item by item: created, updated, unchanged, skipped (and why), failed, with the
// warnings of each post, the placeholders left in bodies and the photos that could not be had. The
// same report comes from a dry run (what would happen). Lists keep their first LIST_LIMIT entries
// and count the rest, so that the report of a 2 GB archive stays a report.

export const LIST_LIMIT = 500;

export type ReportItem = { sourceId: string; title: string; line: number };
export type ImportReport = {
  dryRun: boolean;
  source: { site: string; title: string; wxrVersion: string };
  /** What the file holds, by item type and status ("post/publish": 12), counted in the first pass. */
  inFile: Record<string, number>;
  commentsLeft: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
  /** Why items were skipped, with how many each. */
  skippedBecause: Record<string, number>;
  /** The posts that were created or updated (the first LIST_LIMIT). */
  written: (ReportItem & { outcome: "created" | "updated"; status: string; pageFlag: boolean; note: string })[];
  failures: (ReportItem & { reason: string })[];
  warnings: (ReportItem & { messages: string[] })[];
  /** Placeholders left in bodies for what they cannot hold, by shortcode or element ("gallery": 3). */
  placeholders: Record<string, number>;
  missingPhotos: { sourceId: string; title: string; url: string; reason: string }[];
  missingPhotoCount: number;
  /** The photos stored (or, in a dry run, that would be), by where their bytes came from; absent from reports made before it was counted. */
  photosFrom?: Record<PhotoOrigin, number>;
  people: { created: string[] };
  sectionsCreated: number;
  tagsCreated: number;
  listsCut: number;
  stopped: boolean;
  durationMs: number;
};

const titleOf = (item: WxrItem) => item.title || "(no title)";
const ref = (item: WxrItem): ReportItem => ({ sourceId: item.postId, title: titleOf(item).slice(0, 200), line: item.line });

export class ImportReportBuilder {
  private readonly report: ImportReport;

  constructor(dryRun: boolean) {
    this.report = {
      dryRun,
      source: { site: "", title: "", wxrVersion: "" },
      inFile: {},
      commentsLeft: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      failed: 0,
      skippedBecause: {},
      written: [],
      failures: [],
      warnings: [],
      placeholders: {},
      missingPhotos: [],
      missingPhotoCount: 0,
      photosFrom: { uploads: 0, fetched: 0 },
      people: { created: [] },
      sectionsCreated: 0,
      tagsCreated: 0,
      listsCut: 0,
      stopped: false,
      durationMs: 0,
    };
  }

  private push<T>(list: T[], entry: T) {
    if (list.length < LIST_LIMIT) list.push(entry);
    else this.report.listsCut++;
  }

  countItem(item: WxrItem) {
    const key = `${item.postType || "unknown"}/${item.status || "none"}`;
    this.report.inFile[key] = (this.report.inFile[key] ?? 0) + 1;
    this.report.commentsLeft += item.comments;
  }

  setSource(source: ImportReport["source"]) {
    this.report.source = source;
  }

  setPeople(created: string[], taxonomy: { sections: number; tags: number }) {
    this.report.people.created = created;
    this.report.sectionsCreated = taxonomy.sections;
    this.report.tagsCreated = taxonomy.tags;
  }

  skipped(item: WxrItem, reason: string) {
    this.report.skipped++;
    this.report.skippedBecause[reason] = (this.report.skippedBecause[reason] ?? 0) + 1;
  }

  failed(item: WxrItem, reason: string) {
    this.report.failed++;
    this.push(this.report.failures, { ...ref(item), reason });
  }

  unchanged() {
    this.report.unchanged++;
  }

  created(item: WxrItem, post: MappedPost) {
    this.report.created++;
    this.push(this.report.written, { ...ref(item), outcome: "created", status: post.status, pageFlag: post.postType === "page", note: post.note });
  }

  updated(item: WxrItem, post: MappedPost) {
    this.report.updated++;
    this.push(this.report.written, { ...ref(item), outcome: "updated", status: post.status, pageFlag: post.postType === "page", note: post.note });
  }

  warn(item: WxrItem, messages: string[]) {
    if (messages.length) this.push(this.report.warnings, { ...ref(item), messages });
  }

  placeholder(name: string) {
    this.report.placeholders[name] = (this.report.placeholders[name] ?? 0) + 1;
  }

  missingPhoto(item: WxrItem, url: string, reason: string) {
    this.report.missingPhotoCount++;
    this.push(this.report.missingPhotos, { sourceId: item.postId, title: titleOf(item).slice(0, 200), url, reason });
  }

  photoTaken(from: PhotoOrigin) {
    const counts = (this.report.photosFrom ??= { uploads: 0, fetched: 0 });
    counts[from]++;
  }

  finish(end: { stopped: boolean; durationMs: number; progress: unknown }) {
    this.report.stopped = end.stopped;
    this.report.durationMs = end.durationMs;
  }

  build(): ImportReport {
    return this.report;
  }
}

/** The report as plain text, for the terminal. */
export function formatReport(report: ImportReport): string {
  const lines: string[] = [];
  const verb = report.dryRun ? "would be " : "";
  lines.push(
    `${report.dryRun ? "Dry run (nothing was written): " : ""}${report.source.title || report.source.site} (${report.source.site}, WXR ${report.source.wxrVersion || "?"})`,
  );
  if (report.stopped) lines.push("STOPPED before the end: run the same command again to continue (finished stories are kept and skipped).");
  lines.push(
    `Stories ${verb}created: ${report.created}, ${verb}updated: ${report.updated}, unchanged: ${report.unchanged}, skipped: ${report.skipped}, failed: ${report.failed}`,
  );
  lines.push(
    `In the file: ${Object.entries(report.inFile)
      .map(([key, count]) => `${key} ${count}`)
      .join(", ")}`,
  );
  lines.push(`Comments not imported: ${report.commentsLeft}`);
  if (report.sectionsCreated || report.tagsCreated || report.people.created.length)
    lines.push(
      `Sections ${verb}created: ${report.sectionsCreated}, tags: ${report.tagsCreated}, people (inactive until invited): ${report.people.created.length}`,
    );
  for (const [reason, count] of Object.entries(report.skippedBecause)) lines.push(`  skipped ${count}: ${reason}`);
  for (const failure of report.failures) lines.push(`  FAILED post ${failure.sourceId} "${failure.title}" (line ${failure.line}): ${failure.reason}`);
  const placeholders = Object.entries(report.placeholders);
  if (placeholders.length) lines.push(`Placeholders left in bodies: ${placeholders.map(([name, count]) => `[${name}] ${count}`).join(", ")}`);
  if (report.photosFrom && (report.photosFrom.uploads || report.photosFrom.fetched))
    lines.push(`Photos ${verb}imported from the uploads folder: ${report.photosFrom.uploads}, fetched from their addresses: ${report.photosFrom.fetched}`);
  if (report.missingPhotoCount) {
    lines.push(`Photos that could not be imported: ${report.missingPhotoCount}`);
    for (const photo of report.missingPhotos) lines.push(`  post ${photo.sourceId} "${photo.title}": ${photo.url || "(no address)"}: ${photo.reason}`);
  }
  if (report.warnings.length) {
    lines.push("Warnings:");
    for (const warning of report.warnings) for (const message of warning.messages) lines.push(`  post ${warning.sourceId} "${warning.title}": ${message}`);
  }
  if (report.listsCut) lines.push(`(${report.listsCut} more entries are not listed)`);
  lines.push(`Took ${(report.durationMs / 1000).toFixed(1)} s`);
  return lines.join("\n");
}
