// The JavaScript a page makes a browser download: every script file the HTML references (script
// elements and script preloads), read from the build, raw and gzip-compressed (zlib's default level;
// the nginx recipe uses 5). `nomodule` scripts (the legacy polyfills) are left out: browsers that
// support modules, i.e. all current ones, never fetch them.
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

export type ClientScripts = { files: number; bytes: number; gzipBytes: number };

export function clientScripts(html: string, buildDir: string): ClientScripts {
  const urls = new Set<string>();
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
    if (/\snomodule(?:[\s=>])/i.test(tag)) continue;
    const src = /\ssrc="([^"]+)"/.exec(tag)?.[1];
    if (src) urls.add(src);
  }
  for (const tag of html.match(/<link\b[^>]*>/g) ?? []) {
    if (!/\sas="script"/.test(tag)) continue;
    const href = /\shref="([^"]+)"/.exec(tag)?.[1];
    if (href) urls.add(href);
  }
  let bytes = 0;
  let gzipBytes = 0;
  for (const url of urls) {
    const pathname = url.split("?")[0];
    // Build output under /_next/, anything else from public/ (the folder beside the build's).
    const file = pathname.startsWith("/_next/") ? path.join(buildDir, pathname.slice("/_next/".length)) : path.join(buildDir, "..", "public", pathname);
    const source = readFileSync(file);
    bytes += source.length;
    gzipBytes += gzipSync(source).length;
  }
  return { files: urls.size, bytes, gzipBytes };
}
