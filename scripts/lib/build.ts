import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { bin, ROOT, runNode } from "./processes";

// "Builds if there is no current build": a build is current when it was made from exactly the
// sources that are here now. The fingerprint is a hash of their contents, kept beside the build.

const SOURCES = [
  "app",
  "components",
  "lib",
  "types",
  "instrumentation.ts",
  "prisma/schema.prisma",
  "next.config.js",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];
const FINGERPRINT_FILE = path.join(ROOT, ".next", "newsroom-source-fingerprint");

async function* files(entry: string): AsyncGenerator<string> {
  const full = path.join(ROOT, entry);
  if (!existsSync(full)) return;
  const dirents = await readdir(full, { withFileTypes: true }).catch(() => null);
  if (!dirents) {
    yield entry;
    return;
  }
  for (const dirent of dirents.sort((a, b) => a.name.localeCompare(b.name))) {
    yield* files(path.join(entry, dirent.name));
  }
}

export async function sourceFingerprint(): Promise<string> {
  const hash = createHash("sha256");
  for (const entry of SOURCES) {
    for await (const file of files(entry)) {
      hash
        .update(file)
        .update("\0")
        .update(await readFile(path.join(ROOT, file)))
        .update("\0");
    }
  }
  return hash.digest("hex");
}

export async function isBuildCurrent(fingerprint: string): Promise<boolean> {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) return false;
  return (await readFile(FINGERPRINT_FILE, "utf8").catch(() => "")) === fingerprint;
}

/** Runs `next build` unless the build on disk was made from these sources. Returns whether it built. */
export async function buildIfNeeded(log: (line: string) => void): Promise<boolean> {
  const fingerprint = await sourceFingerprint();
  if (await isBuildCurrent(fingerprint)) return false;
  log("Building the site for production (first start, or the code changed); this takes a minute or two…");
  // The build never needs the database: public pages render on first request (see app/(site)).
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
  delete env.DATABASE_URL;
  await runNode([bin("next", "dist/bin/next"), "build"], { env, label: "next build" });
  await writeFile(FINGERPRINT_FILE, fingerprint);
  return true;
}
