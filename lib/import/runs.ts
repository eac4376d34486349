import "server-only";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { can, type Actor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { ExpectedError, ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { textField } from "@/lib/text/storable";
import { enqueueImport, expireTagsOnServer } from "@/lib/scheduling/queue";
import { importWordPress } from "@/lib/import/wxr/import";
import { WxrFormatError } from "@/lib/import/wxr/read";
import { AUTHOR_CHOICE_HELP, parseAuthorChoice, type AuthorChoice } from "@/lib/import/wxr/authors";
import { ingestForImport } from "@/lib/import/photo-ingest";
import type { ImportReport } from "@/lib/import/report";
import type { InputJsonValue } from "@/lib/generated/prisma/internal/prismaNamespace";

// Imports started on the admin screen (/desk/import): the upload is streamed to the import folder,
// an ImportRun row records it, and a pg-boss job runs the same import as the command line, writing
// its progress and then its report to the row, which the screen polls.

/** The largest upload accepted: a big newspaper's WordPress export is a few hundred MB; this leaves room. */
export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

const UNEXPECTED_FAILURE =
  "The import stopped because of an error on our side (details are in the server log). Stories written before it are kept; upload the file again to continue.";

export const importSettingsSchema = z.object({
  fileName: textField().trim().min(1, "Choose the WordPress export file (.xml).").max(255, "Rename the file to under 255 characters."),
  dryRun: z.enum(["on", ""]).default(""),
  pages: z.enum(["on", ""]).default("on"),
  authors: textField()
    .max(20_000, "Keep the author list under 20,000 characters.")
    .default("")
    .transform((text, ctx): AuthorChoice[] => {
      const choices: AuthorChoice[] = [];
      for (const line of text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)) {
        const choice = parseAuthorChoice(line);
        if (!choice) ctx.addIssue({ code: "custom", message: `"${line.slice(0, 80)}": ${AUTHOR_CHOICE_HELP}` });
        else choices.push(choice);
      }
      return choices;
    }),
});
export type ImportSettingsInput = z.input<typeof importSettingsSchema>;

const importDir = () => path.resolve(env().NEWSROOM_IMPORT_DIR ?? path.join(os.tmpdir(), "newsroom-imports"));

/** Stops a body at the upload limit, with a refusal a person can act on. */
function limit(max: number) {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > max)
        callback(new InvalidError(`The file is larger than ${max / 1024 ** 3} GB. Import it from the command line instead (npm run import:wordpress).`));
      else callback(null, chunk);
    },
  });
}

/** Stores an uploaded export and queues its import; returns the run's id. Admins only. */
export async function startImportRun(
  actor: Actor,
  settings: z.output<typeof importSettingsSchema>,
  body: ReadableStream<Uint8Array> | null,
): Promise<{ runId: string }> {
  if (!can(actor, "archive.import") || actor.kind !== "user") throw new ForbiddenError("Only admins can import an archive.");
  if (!body)
    throw new InvalidError("The upload was empty. Choose the WordPress export file and try again.", { file: ["Choose the WordPress export file (.xml)."] });
  const id = randomUUID();
  await mkdir(importDir(), { recursive: true, mode: 0o700 });
  const filePath = path.join(importDir(), `${id}.xml`);
  try {
    await pipeline(Readable.fromWeb(body as Parameters<typeof Readable.fromWeb>[0]), limit(MAX_UPLOAD_BYTES), createWriteStream(filePath, { mode: 0o600 }));
  } catch (error) {
    await rm(filePath, { force: true });
    throw error instanceof ExpectedError
      ? error
      : new InvalidError("The upload did not arrive whole. Try again.", { file: ["The upload did not arrive whole."] });
  }
  await db().$transaction(async (tx) => {
    await tx.importRun.create({
      data: {
        id,
        fileName: settings.fileName,
        filePath,
        dryRun: settings.dryRun === "on",
        authors: settings.authors as InputJsonValue,
        pages: settings.pages === "on",
        createdById: actor.id,
      },
    });
    await recordAudit(tx, { actor, action: "archive.import.start", entityType: "import", entityId: id, data: { fileName: settings.fileName } });
  });
  await enqueueImport(id);
  return { runId: id };
}

const PROGRESS_EVERY_MS = 500;

/** The job: runs the import of one uploaded file and records its progress, report or failure. */
export async function runImportJob(runId: string): Promise<void> {
  const run = await db().importRun.findUnique({ where: { id: runId } });
  if (!run || run.status !== "QUEUED") return; // already run (a redelivered job) or removed
  const finish = async (data: { status: "DONE" | "FAILED"; report?: ImportReport; failure?: string }) => {
    await db().importRun.update({
      where: { id: runId },
      data: { status: data.status, report: (data.report ?? null) as InputJsonValue, failure: data.failure ?? "", finishedAt: new Date() },
    });
    await rm(run.filePath, { force: true });
  };
  const user = run.createdById
    ? await db().user.findUnique({ where: { id: run.createdById }, select: { id: true, name: true, email: true, role: true, active: true } })
    : null;
  const actor: Actor | null = user?.active ? { id: user.id, name: user.name, email: user.email, role: user.role, kind: "user" } : null;
  if (!actor || !can(actor, "archive.import")) return finish({ status: "FAILED", failure: "The admin who uploaded the file can no longer import." });
  await db().importRun.update({ where: { id: runId }, data: { status: "RUNNING" } });
  let lastWrite = 0;
  try {
    const { report, tags } = await importWordPress(actor, run.filePath, {
      dryRun: run.dryRun,
      pages: run.pages,
      authors: z.array(z.custom<AuthorChoice>()).parse(run.authors),
      ingestPhoto: ingestForImport(actor),
      onCounted: (total) =>
        void db()
          .importRun.update({ where: { id: runId }, data: { total } })
          .catch(() => {}),
      onProgress: (progress) => {
        const now = Date.now();
        if (now - lastWrite < PROGRESS_EVERY_MS) return;
        lastWrite = now;
        void db()
          .importRun.update({ where: { id: runId }, data: { done: progress.done } })
          .catch(() => {});
      },
    });
    await db().importRun.update({ where: { id: runId }, data: { done: report.created + report.updated + report.unchanged + report.skipped + report.failed } });
    await finish({ status: "DONE", report });
    await expireTagsOnServer(tags);
  } catch (error) {
    if (error instanceof WxrFormatError)
      return finish({ status: "FAILED", failure: `This is not a whole WordPress export; nothing was written. ${error.message}` });
    if (error instanceof ExpectedError) return finish({ status: "FAILED", failure: `${error.message} Nothing was written.` });
    console.error(`[import] Import ${runId} failed`, error);
    await finish({ status: "FAILED", failure: UNEXPECTED_FAILURE });
  }
}

export type ImportRunView = {
  id: string;
  status: "QUEUED" | "RUNNING" | "DONE" | "FAILED";
  fileName: string;
  dryRun: boolean;
  total: number;
  done: number;
  report: ImportReport | null;
  failure: string;
  createdAt: Date;
  finishedAt: Date | null;
};

const runSelect = {
  id: true,
  status: true,
  fileName: true,
  dryRun: true,
  total: true,
  done: true,
  report: true,
  failure: true,
  createdAt: true,
  finishedAt: true,
} as const;

const toView = (run: { report: unknown } & Omit<ImportRunView, "report">): ImportRunView => ({ ...run, report: (run.report as ImportReport | null) ?? null });

/** One run, for its page. */
export async function getImportRun(actor: Actor, runId: string): Promise<ImportRunView> {
  if (!can(actor, "archive.import")) throw new ForbiddenError("Only admins can import an archive.");
  const run = z.uuid().safeParse(runId).success ? await db().importRun.findUnique({ where: { id: runId }, select: runSelect }) : null;
  if (!run) throw new NotFoundError("There is no such import.");
  return toView(run);
}

/** The latest runs, newest first. */
export async function listImportRuns(actor: Actor): Promise<ImportRunView[]> {
  if (!can(actor, "archive.import")) throw new ForbiddenError("Only admins can import an archive.");
  return (await db().importRun.findMany({ orderBy: { createdAt: "desc" }, take: 20, select: runSelect })).map(toView);
}
