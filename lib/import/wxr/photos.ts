import { readFile } from "node:fs/promises";
import path from "node:path";

// Where an imported photo's bytes come from: a local copy of the site's uploads folder (--media-dir,
// the usual case when a site moves), else its address when that answers. A host that failed once is
// not asked again in the same import: an archive of thousands of photos on a dead host costs one
// timeout, not thousands. Either way the photo then goes through the media library's own pipeline.

export type Attachment = { id: string; url: string; file: string; alt: string; caption: string; title: string };

const FETCH_TIMEOUT_MS = 8000;
const MAX_BYTES = 50 * 1024 * 1024;

/** The file's path inside the uploads folder: its _wp_attached_file, or what follows /uploads/ (or WordPress.com's /files/) in its address. */
export function uploadsRelativePath(attachment: Pick<Attachment, "url" | "file">): string | null {
  if (attachment.file) return attachment.file;
  try {
    const { pathname } = new URL(attachment.url);
    const match = /\/(?:wp-content\/uploads|files)\/(.+)$/.exec(decodeURIComponent(pathname));
    return match?.[1] ?? null;
  } catch {
    return null;
  }
}

/** Where a photo's bytes came from: the local uploads folder, or its address. */
export type PhotoOrigin = "uploads" | "fetched";

export class PhotoSource {
  private readonly deadHosts = new Map<string, string>();

  constructor(private readonly options: { mediaDir?: string; fetch: boolean }) {}

  /** The photo's bytes and file name, or why they cannot be had. */
  async get(attachment: Pick<Attachment, "url" | "file">): Promise<{ bytes: Buffer; fileName: string; from: PhotoOrigin } | { reason: string }> {
    const relative = uploadsRelativePath(attachment);
    if (this.options.mediaDir && relative) {
      const root = path.resolve(this.options.mediaDir);
      const file = path.resolve(root, relative);
      // The export names the file; it may not name one outside the folder given.
      if (file.startsWith(root + path.sep)) {
        try {
          return { bytes: await readFile(file), fileName: path.basename(file), from: "uploads" };
        } catch {
          // not in the local copy: try its address
        }
      }
    }
    if (!this.options.fetch) return { reason: relative ? `not found in the media folder (${relative})` : "no local copy" };
    let url: URL;
    try {
      url = new URL(attachment.url);
    } catch {
      return { reason: "its address is not a URL" };
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return { reason: "its address is not http(s)" };
    const dead = this.deadHosts.get(url.host);
    if (dead) return { reason: `${url.host} did not answer (${dead})` };
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: "follow" });
      if (!response.ok) return { reason: `${url.host} answered ${response.status}` };
      const length = Number(response.headers.get("content-length") ?? 0);
      if (length > MAX_BYTES) return { reason: `it is larger than ${MAX_BYTES / 1024 / 1024} MB` };
      const bytes = Buffer.from(await response.arrayBuffer());
      return { bytes, fileName: decodeURIComponent(url.pathname.split("/").pop() || "photo"), from: "fetched" };
    } catch (error) {
      const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      this.deadHosts.set(url.host, reason);
      return { reason: `${url.host} did not answer (${reason})` };
    }
  }
}
