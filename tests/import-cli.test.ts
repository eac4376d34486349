// The command line, run as a person runs it: `npm run import:wordpress` (node with the same flags) on
// the test database. Output is what a terminal shows: the progress lines, then the report.
import { execFile } from "node:child_process";
import { writeFileSync, readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createUser } from "./support/factories";

const run = promisify(execFile);
const SMALL = path.resolve("tests/fixtures/wxr/small-site.xml");

async function importCommand(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/import-wordpress.ts", ...args], {
      env: { ...process.env, NEWSROOM_INTERNAL_ORIGIN: "http://127.0.0.1:9" },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  await createUser("ADMIN");
});

describe("npm run import:wordpress", { timeout: 180_000 }, () => {
  it("--dry-run prints the report and writes nothing", async () => {
    const before = await db().story.count();
    const result = await importCommand(SMALL, "--dry-run", "--no-fetch");
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("10 items in the file. Dry run: nothing will be written.");
    expect(result.stderr).toMatch(/\[#+\] 10\/10 100%/);
    expect(result.stdout).toContain("Dry run (nothing was written)");
    expect(result.stdout).toContain("Stories would be created: 7, would be updated: 0, unchanged: 0, skipped: 3, failed: 0");
    expect(result.stdout).toContain("Comments not imported: 2");
    expect(await db().story.count()).toBe(before);
  });

  it("imports, then a second run finds everything unchanged", async () => {
    const first = await importCommand(SMALL, "--no-fetch", "--author", "mlopez=new");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("Stories created: 7");
    const second = await importCommand(SMALL, "--no-fetch", "--author", "mlopez=new");
    expect(second.stdout).toContain("Stories created: 0, updated: 0, unchanged: 7");
  });

  it("refuses a truncated file with its line, and a bad author mapping, having written nothing", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "cli-")), "cut.xml");
    writeFileSync(file, readFileSync(SMALL, "utf8").slice(0, 5000));
    const cut = await importCommand(file);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/Refused: .* is not a whole WordPress export\. Nothing was written\.\nLine \d+: /);
    const mapping = await importCommand(SMALL, "--author", "mlopez=somebody");
    expect(mapping.code).toBe(2);
    expect(mapping.stderr).toContain("login=new");
  });
});
