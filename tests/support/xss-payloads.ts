// Hostile strings for the XSS tests (Vitest and Playwright). The curated list ships with the project
// (tests/fixtures/xss-payloads.txt, MIT, see its .SOURCE and .LICENSE); the full list it was taken
// from is read too when the shared data folder sits beside the checkout, but no test needs it.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");

function readLines(file: string): string[] {
  return readFileSync(file, "utf8")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The few dozen payloads kept in the project: one or two of every kind of attack. */
export function curatedPayloads(): string[] {
  return readLines(path.join(root, "tests", "fixtures", "xss-payloads.txt"));
}

/** Where the full corpus lives when the shared folder is beside the checkout (../shared/data). */
export const FULL_CORPUS = path.resolve(root, "..", "shared", "data", "xss-payload-list.txt");

/** The full corpus (thousands of lines), or null when it is not on this machine. */
export function fullCorpus(): string[] | null {
  return existsSync(FULL_CORPUS) ? [...new Set(readLines(FULL_CORPUS))] : null;
}
