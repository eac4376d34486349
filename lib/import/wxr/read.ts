import { createReadStream } from "node:fs";
import { SaxesParser } from "saxes";

// Reads a WordPress export (WXR 1.0 to 1.2: RSS 2.0 with the wp:, content:, excerpt: and dc:
// namespaces) as a stream: the file is read in chunks and each <item> is handed on as soon as it
// closes, so memory holds one chunk and one item whatever the file's size. The channel's header
// (authors, categories, tags) is small and comes before the first item in every export WordPress
// writes; it is handed on when the first item starts.
//
// Elements are matched by their prefixed names (wp:post_id). Every WXR version binds the same
// prefixes, each to its own version's namespace URI, and WordPress's own importer reads them the same way.

export type WxrAuthor = { login: string; email: string; displayName: string };
export type WxrTerm = { termId: string; slug: string; name: string; parent: string };
export type WxrHeader = {
  title: string;
  link: string;
  wxrVersion: string;
  baseSiteUrl: string;
  baseBlogUrl: string;
  authors: WxrAuthor[];
  categories: WxrTerm[];
  tags: WxrTerm[];
};
export type WxrItemTerm = { domain: string; slug: string; name: string };
export type WxrItem = {
  /** The line of the file on which the item starts, for reports. */
  line: number;
  title: string;
  link: string;
  pubDate: string;
  creator: string;
  guid: string;
  content: string;
  excerpt: string;
  postId: string;
  postDate: string;
  postDateGmt: string;
  postModifiedGmt: string;
  postName: string;
  status: string;
  postParent: string;
  postType: string;
  postPassword: string;
  isSticky: boolean;
  attachmentUrl: string;
  terms: WxrItemTerm[];
  meta: Record<string, string>;
  comments: number;
};

/** A file that is not a readable WordPress export: where it stops being one, and why. */
export class WxrFormatError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`Line ${line}: ${reason}`);
  }
}

const emptyItem = (line: number): WxrItem => ({
  line,
  title: "",
  link: "",
  pubDate: "",
  creator: "",
  guid: "",
  content: "",
  excerpt: "",
  postId: "",
  postDate: "",
  postDateGmt: "",
  postModifiedGmt: "",
  postName: "",
  status: "",
  postParent: "",
  postType: "",
  postPassword: "",
  isSticky: false,
  attachmentUrl: "",
  terms: [],
  meta: {},
  comments: 0,
});

const ITEM_FIELDS: Record<string, keyof WxrItem> = {
  title: "title",
  link: "link",
  pubDate: "pubDate",
  "dc:creator": "creator",
  guid: "guid",
  "content:encoded": "content",
  "excerpt:encoded": "excerpt",
  "wp:post_id": "postId",
  "wp:post_date": "postDate",
  "wp:post_date_gmt": "postDateGmt",
  "wp:post_modified_gmt": "postModifiedGmt",
  "wp:post_name": "postName",
  "wp:status": "status",
  "wp:post_parent": "postParent",
  "wp:post_type": "postType",
  "wp:post_password": "postPassword",
  "wp:attachment_url": "attachmentUrl",
};

const CHUNK_BYTES = 64 * 1024;

/**
 * Every event of the file in order: the header once, then each item. Throws WxrFormatError on the
 * first thing that is not well-formed XML or not a WordPress export, and on a file that ends early.
 */
export async function* readWxr(filePath: string): AsyncGenerator<{ header: WxrHeader } | { item: WxrItem }> {
  const parser = new SaxesParser({ position: true });
  const header: WxrHeader = { title: "", link: "", wxrVersion: "", baseSiteUrl: "", baseBlogUrl: "", authors: [], categories: [], tags: [] };
  const out: ({ header: WxrHeader } | { item: WxrItem })[] = [];
  const path: string[] = [];
  let text = "";
  let item: WxrItem | null = null;
  let term: Record<string, string> | null = null;
  let itemTerm: WxrItemTerm | null = null;
  let meta: { key: string; value: string } | null = null;
  let headerSent = false;
  let failure: WxrFormatError | null = null;
  let sawChannel = false;

  const fail = (reason: string) => {
    failure ??= new WxrFormatError(parser.line, reason);
  };
  parser.on("error", (error) => {
    // saxes prefixes its messages with "line:column: ".
    failure ??= new WxrFormatError(parser.line, error.message.replace(/^\d+:\d+:\s*/, ""));
  });
  parser.on("opentag", (tag) => {
    const name = tag.name;
    const parent = path.at(-1);
    if (path.length === 0 && name !== "rss") fail(`this is not a WordPress export: it starts with <${name}>, not <rss>`);
    if (name === "channel") sawChannel = true;
    path.push(name);
    text = "";
    if (name === "item" && parent === "channel") {
      if (!headerSent) {
        out.push({ header });
        headerSent = true;
      }
      item = emptyItem(parser.line);
    } else if ((name === "wp:author" || name === "wp:category" || name === "wp:tag") && parent === "channel") {
      term = {};
    } else if (item && name === "category" && parent === "item") {
      itemTerm = { domain: String(tag.attributes.domain ?? "category"), slug: String(tag.attributes.nicename ?? ""), name: "" };
    } else if (item && name === "wp:postmeta") {
      meta = { key: "", value: "" };
    } else if (item && name === "wp:comment" && parent === "item") {
      item.comments++;
    }
  });
  const addText = (value: string) => {
    text += value;
  };
  parser.on("text", addText);
  parser.on("cdata", addText);
  parser.on("closetag", (tag) => {
    const name = tag.name;
    path.pop();
    const parent = path.at(-1);
    const value = text;
    text = "";
    if (item && parent === "item" && name in ITEM_FIELDS) {
      (item as Record<string, unknown>)[ITEM_FIELDS[name]] = ITEM_FIELDS[name] === "content" || ITEM_FIELDS[name] === "excerpt" ? value : value.trim();
    } else if (item && parent === "item" && name === "wp:is_sticky") {
      item.isSticky = value.trim() === "1";
    } else if (item && name === "category" && parent === "item" && itemTerm) {
      itemTerm.name = value.trim();
      item.terms.push(itemTerm);
      itemTerm = null;
    } else if (meta && parent === "wp:postmeta") {
      if (name === "wp:meta_key") meta.key = value.trim();
      if (name === "wp:meta_value") meta.value = value;
    } else if (item && meta && name === "wp:postmeta") {
      if (meta.key) item.meta[meta.key] = meta.value;
      meta = null;
    } else if (name === "item" && item && parent === "channel") {
      out.push({ item });
      item = null;
    } else if (term && (parent === "wp:author" || parent === "wp:category" || parent === "wp:tag")) {
      term[name] = value.trim();
    } else if (term && parent === "channel") {
      if (name === "wp:author") {
        header.authors.push({ login: term["wp:author_login"] ?? "", email: term["wp:author_email"] ?? "", displayName: term["wp:author_display_name"] ?? "" });
      } else if (name === "wp:category") {
        header.categories.push({
          termId: term["wp:term_id"] ?? "",
          slug: term["wp:category_nicename"] ?? "",
          name: term["wp:cat_name"] ?? "",
          parent: term["wp:category_parent"] ?? "",
        });
      } else if (name === "wp:tag") {
        header.tags.push({ termId: term["wp:term_id"] ?? "", slug: term["wp:tag_slug"] ?? "", name: term["wp:tag_name"] ?? "", parent: "" });
      }
      term = null;
    } else if (parent === "channel") {
      if (name === "title") header.title = value.trim();
      if (name === "link") header.link = value.trim();
      if (name === "wp:wxr_version") header.wxrVersion = value.trim();
      if (name === "wp:base_site_url") header.baseSiteUrl = value.trim();
      if (name === "wp:base_blog_url") header.baseBlogUrl = value.trim();
    }
  });

  const stream = createReadStream(filePath, { encoding: "utf8", highWaterMark: CHUNK_BYTES });
  try {
    for await (const chunk of stream) {
      parser.write(chunk as string);
      if (failure) throw failure;
      yield* out.splice(0);
    }
    parser.close();
  } finally {
    stream.destroy();
  }
  if (failure) throw failure;
  if (!sawChannel) throw new WxrFormatError(parser.line, "this is not a WordPress export: it has no <channel>");
  if (!header.wxrVersion && !header.baseSiteUrl && !header.baseBlogUrl)
    throw new WxrFormatError(parser.line, "this RSS file is not a WordPress export: it has no wp:wxr_version or wp:base_site_url");
  yield* out.splice(0);
  if (!headerSent) yield { header };
}
