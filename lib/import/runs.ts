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
import { DEFAULT_UPLOADS_LIMITS, UploadsArchiveError, unpackUploadsArchive } from "@/lib/import/uploads-archive";
import type { ImportReport } from "@/lib/import/report";
import type { InputJsonValue } from "@/lib/generated/prisma/internal/prismaNamespace";

// Imports started on the admin screen (/desk/import): the upload is streamed to the import folder,
// an ImportRun row records it, and a pg-boss job runs the same import as the command line, writing
// its progress and then its report to the row, which the screen polls. When the site's zipped
// uploads folder comes with the export, it is a second upload to the same run: the run waits in
// UPLOADING until that file is stored too, and the job unpacks it beside the export as the
// command line's --media-dir.

/** The largest upload accepted: a big newspaper's WordPress export is a few hundred MB; this leaves room. */
export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

const UNEXPECTED_FAILURE =
  "The import stopped because of an error on our side (details are in the server log). Stories written before it are kept; upload the file again to continue.";

export const importSettingsSchema = z.object({
  fileName: textField().trim().min(1, "Choose the WordPress export file (.xml).").max(255, "Rename the file to under 255 characters."),
  /** The zipped uploads folder that will follow the export ("" for none). */
  uploadsFileName: textField()
    .trim()
    .max(255, "Rename the file to under 255 characters.")
    .refine((name) => name === "" || /\.zip$/i.test(name), "Choose the uploads folder as a .zip file (zip wp-content/uploads).")
    .default(""),
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
function limit(max: number, refusal: string, field: string) {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > max) callback(new InvalidError(refusal, { [field]: [refusal] }));
      else callback(null, chunk);
    },
  });
}

/** Streams an upload to a private file of the import folder (removed again if it does not arrive whole). */
async function store(body: ReadableStream<Uint8Array>, filePath: string, max: number, refusal: string, field: string): Promise<void> {
  await mkdir(importDir(), { recursive: true, mode: 0o700 });
  try {
    await pipeline(Readable.fromWeb(body as Parameters<typeof Readable.fromWeb>[0]), limit(max, refusal, field), createWriteStream(filePath, { mode: 0o600 }));
  } catch (error) {
    await rm(filePath, { force: true });
    throw error instanceof ExpectedError
      ? error
      : new InvalidError("The upload did not arrive whole. Try again.", { [field]: ["The upload did not arrive whole."] });
  }
}

const uploadsLimits = () => {
  const maxTotalBytes = env().NEWSROOM_IMPORT_UPLOADS_MAX_GB * 1024 ** 3;
  return { ...DEFAULT_UPLOADS_LIMITS, maxTotalBytes };
};

/** A run whose uploads folder never arrived (the browser closed mid-upload) is ended after a day, and its export removed. */
const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

async function endAbandonedUploads(): Promise<void> {
  const abandoned = await db().importRun.findMany({
    where: { status: "UPLOADING", createdAt: { lt: new Date(Date.now() - ABANDONED_AFTER_MS) } },
    select: { id: true, filePath: true },
  });
  for (const run of abandoned) {
    const { count } = await db().importRun.updateMany({
      where: { id: run.id, status: "UPLOADING" },
      data: { status: "FAILED", failure: "The uploads folder never arrived, so the import did not start. Nothing was written.", finishedAt: new Date() },
    });
    if (count) await rm(run.filePath, { force: true });
  }
}

/**
 * Stores an uploaded export and queues its import, or (when an uploads folder is to follow) leaves the
 * run waiting for it; returns the run's id. Admins only.
 */
export async function startImportRun(
  actor: Actor,
  settings: z.output<typeof importSettingsSchema>,
  body: ReadableStream<Uint8Array> | null,
): Promise<{ runId: string }> {
  if (!can(actor, "archive.import") || actor.kind !== "user") throw new ForbiddenError("Only admins can import an archive.");
  if (!body)
    throw new InvalidError("The upload was empty. Choose the WordPress export file and try again.", { file: ["Choose the WordPress export file (.xml)."] });
  await endAbandonedUploads();
  const id = randomUUID();
  const filePath = path.join(importDir(), `${id}.xml`);
  await store(
    body,
    filePath,
    MAX_UPLOAD_BYTES,
    `The file is larger than ${MAX_UPLOAD_BYTES / 1024 ** 3} GB. Import it from the command line instead (npm run import:wordpress).`,
    "file",
  );
  const awaitingUploads = settings.uploadsFileName !== "";
  await db().$transaction(async (tx) => {
    await tx.importRun.create({
      data: {
        id,
        status: awaitingUploads ? "UPLOADING" : "QUEUED",
        fileName: settings.fileName,
        filePath,
        uploadsFileName: settings.uploadsFileName,
        dryRun: settings.dryRun === "on",
        authors: settings.authors as InputJsonValue,
        pages: settings.pages === "on",
        createdById: actor.id,
      },
    });
    await recordAudit(tx, {
      actor,
      action: "archive.import.start",
      entityType: "import",
      entityId: id,
      data: { fileName: settings.fileName, ...(awaitingUploads ? { uploadsFileName: settings.uploadsFileName } : {}) },
    });
  });
  if (!awaitingUploads) await enqueueImport(id);
  return { runId: id };
}

/**
 * Stores the zipped uploads folder of a run waiting for it, and queues the run. Only the admin who
 * started the run sends it; sent again (a retry after a dropped connection), the first whole copy wins.
 */
export async function attachUploadsArchive(actor: Actor, runId: string, body: ReadableStream<Uint8Array> | null): Promise<{ runId: string }> {
  if (!can(actor, "archive.import") || actor.kind !== "user") throw new ForbiddenError("Only admins can import an archive.");
  const run = z.uuid().safeParse(runId).success ? await db().importRun.findUnique({ where: { id: runId }, select: { status: true, createdById: true } }) : null;
  if (!run || run.createdById !== actor.id) throw new NotFoundError("There is no such import waiting for its uploads folder.");
  if (run.status !== "UPLOADING") throw new InvalidError("This import has its uploads folder already; start a new import to send another.");
  if (!body)
    throw new InvalidError("The upload was empty. Choose the zipped uploads folder and try again.", { uploads: ["Choose the uploads folder (.zip)."] });
  const { maxTotalBytes } = uploadsLimits();
  const uploadsPath = path.join(importDir(), `${runId}-${randomUUID()}.zip`);
  await store(
    body,
    uploadsPath,
    maxTotalBytes,
    `The uploads file is larger than ${maxTotalBytes / 1024 ** 3} GB. Zip part of the folder (some years) and import the export again with it.`,
    "uploads",
  );
  const { count } = await db().importRun.updateMany({ where: { id: runId, status: "UPLOADING" }, data: { uploadsPath, status: "QUEUED" } });
  if (!count) {
    await rm(uploadsPath, { force: true });
    throw new InvalidError("This import has its uploads folder already; start a new import to send another.");
  }
  await enqueueImport(runId);
  return { runId };
}

const PROGRESS_EVERY_MS = 500;

/** The job: runs the import of one uploaded file and records its progress, report or failure. */
export async function runImportJob(runId: string): Promise<void> {
  const run = await db().importRun.findUnique({ where: { id: runId } });
  if (!run || run.status !== "QUEUED") return; // already run (a redelivered job) or removed
  // The photos of the uploads folder are unpacked beside the export, and removed with it.
  const unpackedDir = path.join(path.dirname(run.filePath), `${runId}-uploads`);
  const finish = async (data: { status: "DONE" | "FAILED"; report?: ImportReport; failure?: string }) => {
    await db().importRun.update({
      where: { id: runId },
      data: { status: data.status, report: (data.report ?? null) as InputJsonValue, failure: data.failure ?? "", finishedAt: new Date() },
    });
    await rm(run.filePath, { force: true });
    if (run.uploadsPath) await rm(run.uploadsPath, { force: true });
    await rm(unpackedDir, { recursive: true, force: true });
  };
  const user = run.createdById
    ? await db().user.findUnique({ where: { id: run.createdById }, select: { id: true, name: true, email: true, role: true, active: true } })
    : null;
  const actor: Actor | null = user?.active ? { id: user.id, name: user.name, email: user.email, role: user.role, kind: "user" } : null;
  if (!actor || !can(actor, "archive.import")) return finish({ status: "FAILED", failure: "The admin who uploaded the file can no longer import." });
  await db().importRun.update({ where: { id: runId }, data: { status: "RUNNING" } });
  let lastWrite = 0;
  try {
    const mediaDir = run.uploadsPath ? (await unpackUploadsArchive(run.uploadsPath, unpackedDir, uploadsLimits())).mediaDir : undefined;
    const { report, tags } = await importWordPress(actor, run.filePath, {
      dryRun: run.dryRun,
      mediaDir,
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
    if (error instanceof UploadsArchiveError) return finish({ status: "FAILED", failure: error.message });
    if (error instanceof WxrFormatError)
      return finish({ status: "FAILED", failure: `This is not a whole WordPress export; nothing was written. ${error.message}` });
    if (error instanceof ExpectedError) return finish({ status: "FAILED", failure: `${error.message} Nothing was written.` });
    console.error(`[import] Import ${runId} failed`, error);
    await finish({ status: "FAILED", failure: UNEXPECTED_FAILURE });
  }
}

export type ImportRunView = {
  id: string;
  status: "UPLOADING" | "QUEUED" | "RUNNING" | "DONE" | "FAILED";
  fileName: string;
  /** The zipped uploads folder sent with the export, or "". */
  uploadsFileName: string;
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
  uploadsFileName: true,
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
