// `npm run import:wordpress -- FILE [--dry-run] [--media-dir DIR] [--no-pages] [--no-fetch]
//   [--author login=email|new|outside]... [--section category=section-slug]... [--as admin@email]`
// Imports a WordPress export (Tools > Export) with a progress bar and prints the report. Safe to run
// again (it updates what changed) and to stop with Ctrl-C (finished stories are kept; a rerun continues).
import { parseArgs } from "node:util";
import { connectToNewsroomDatabase } from "./lib/newsroom-database";

const USAGE = `Usage: npm run import:wordpress -- FILE [--dry-run] [--media-dir DIR] [--no-pages] [--no-fetch]
         [--author login=email@existing|new|outside]... [--section category-slug=section-slug]... [--as admin@email]`;

function bar(done: number, total: number, started: number, counts: string): string {
  const width = 30;
  const fraction = total ? Math.min(1, done / total) : 0;
  const filled = Math.round(fraction * width);
  const elapsed = (Date.now() - started) / 1000;
  const rate = elapsed > 0 ? done / elapsed : 0;
  const left = rate > 0 ? Math.max(0, (total - done) / rate) : 0;
  const eta = done === 0 ? "--:--" : `${Math.floor(left / 60)}:${String(Math.round(left % 60)).padStart(2, "0")}`;
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${Math.round(fraction * 100)}%  ${counts}  ${rate.toFixed(0)}/s  ETA ${eta}`;
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      "dry-run": { type: "boolean" },
      "media-dir": { type: "string" },
      "no-pages": { type: "boolean" },
      "no-fetch": { type: "boolean" },
      author: { type: "string", multiple: true },
      section: { type: "string", multiple: true },
      as: { type: "string" },
      json: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  connectToNewsroomDatabase();
  const { importWordPress } = await import("../lib/import/wxr/import");
  const { WxrFormatError } = await import("../lib/import/wxr/read");
  const { parseAuthorChoice, AUTHOR_CHOICE_HELP } = await import("../lib/import/wxr/authors");
  const { formatReport } = await import("../lib/import/report");
  const { commandLineActor } = await import("../lib/import/actor");
  const { ingestForImport } = await import("../lib/import/photo-ingest");
  const { expireTagsOnServer, stopQueue } = await import("../lib/scheduling/queue");
  const { db } = await import("../lib/db");
  const { ExpectedError } = await import("../lib/errors");

  const controller = new AbortController();
  process.once("SIGINT", () => {
    process.stderr.write("\nStopping after the stories being written now (Ctrl-C again to quit at once)…\n");
    controller.abort();
    process.once("SIGINT", () => process.exit(130));
  });
  const tty = process.stderr.isTTY;
  const started = Date.now();
  let lastDraw = 0;
  let total = 0;
  try {
    const authors = (values.author ?? []).map((value) => {
      const choice = parseAuthorChoice(value);
      if (!choice) throw new ExpectedError(`--author ${value}: ${AUTHOR_CHOICE_HELP}`);
      return choice;
    });
    const sectionMap = Object.fromEntries(
      (values.section ?? []).map((value) => {
        const [category, section] = value.split("=");
        if (!category || !section) throw new ExpectedError(`--section ${value}: write it as category-slug=section-slug.`);
        return [category.trim(), section.trim()];
      }),
    );
    const actor = await commandLineActor(values.as);
    process.stderr.write(`Checking ${positionals[0]}…\n`);
    const { report, tags } = await importWordPress(actor, positionals[0], {
      dryRun: values["dry-run"],
      mediaDir: values["media-dir"],
      pages: !values["no-pages"],
      fetchPhotos: !values["no-fetch"],
      authors,
      sectionMap,
      signal: controller.signal,
      ingestPhoto: ingestForImport(actor),
      onCounted: (count) => {
        total = count;
        process.stderr.write(`${count} items in the file. ${values["dry-run"] ? "Dry run: nothing will be written." : "Importing…"}\n`);
      },
      onProgress: (p) => {
        const now = Date.now();
        if (now - lastDraw < 200 && p.done < p.total) return;
        lastDraw = now;
        const line = bar(p.done, total, started, `created ${p.created} updated ${p.updated} unchanged ${p.unchanged} skipped ${p.skipped}`);
        process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
      },
    });
    if (tty) process.stderr.write("\n");
    console.log(formatReport(report));
    if (values.json) await (await import("node:fs/promises")).writeFile(values.json, JSON.stringify(report, null, 2));
    if (tags.length) await expireTagsOnServer(tags);
    process.exitCode = report.stopped ? 130 : report.failed ? 1 : 0;
  } catch (error) {
    if (error instanceof WxrFormatError) {
      console.error(`Refused: ${positionals[0]} is not a whole WordPress export. Nothing was written.\n${error.message}`);
      process.exitCode = 2;
    } else if (error instanceof ExpectedError) {
      console.error(`${error.message} Nothing was written.`);
      process.exitCode = 2;
    } else throw error;
  } finally {
    await stopQueue();
    await db().$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
