// The import screen's path through lib: an upload streamed to the import folder, its run queued, the
// job (called here as the worker calls it) importing the file and leaving its report on the run.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getImportRun, importSettingsSchema, runImportJob, startImportRun } from "@/lib/import/runs";
import { stopScheduler } from "@/lib/scheduling/worker";
import { createUser } from "./support/factories";
import type { Actor } from "@/lib/auth/permissions";

const SMALL = readFileSync(path.resolve("tests/fixtures/wxr/small-site.xml"));
let admin: Actor;

beforeAll(async () => {
  admin = (await createUser("ADMIN")).actor;
});
afterAll(() => stopScheduler());

const upload = (bytes: Buffer | string) => new Response(typeof bytes === "string" ? bytes : new Uint8Array(bytes)).body;

describe("an import started on the screen", () => {
  it("runs as a job and leaves its progress and report on the run", async () => {
    const settings = importSettingsSchema.parse({ fileName: "small-site.xml", pages: "on", authors: "mlopez=new" });
    const { runId } = await startImportRun(admin, settings, upload(SMALL));
    expect((await getImportRun(admin, runId)).status).toBe("QUEUED");
    await runImportJob(runId);
    const run = await getImportRun(admin, runId);
    expect(run).toMatchObject({ status: "DONE", failure: "", total: 10, done: 10 });
    expect(run.report).toMatchObject({ created: 7, skipped: 3, commentsLeft: 2, placeholders: { gallery: 1 } });
    const stored = await db().importRun.findUniqueOrThrow({ where: { id: runId }, select: { filePath: true } });
    expect(() => readFileSync(stored.filePath)).toThrow(); // the upload is removed once imported
  });

  it("reports a file that is not an export, having written nothing", async () => {
    const stories = await db().story.count();
    const { runId } = await startImportRun(admin, importSettingsSchema.parse({ fileName: "cut.xml" }), upload(SMALL.subarray(0, 3000)));
    await runImportJob(runId);
    const run = await getImportRun(admin, runId);
    expect(run.status).toBe("FAILED");
    expect(run.failure).toMatch(/not a whole WordPress export; nothing was written\. Line \d+/);
    expect(await db().story.count()).toBe(stories);
  });

  it("gives an author line it cannot read a field message", () => {
    const parsed = importSettingsSchema.safeParse({ fileName: "x.xml", authors: "jdoe=somebody" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ["authors"], message: expect.stringContaining("login=new") });
  });

  it("is for admins only", async () => {
    const editor = (await createUser("EDITOR")).actor;
    await expect(startImportRun(editor, importSettingsSchema.parse({ fileName: "x.xml" }), upload("x"))).rejects.toThrow(/Only admins/);
  });
});
