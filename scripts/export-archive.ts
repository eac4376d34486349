// `npm run export -- DIR [--as admin@email]`: writes the whole archive to DIR in open formats: one
// ninjs 2.1 JSON document per story (DIR/ninjs/) and a WXR file WordPress's importer reads
// (DIR/archive.wxr.xml). See the README's "Moving in and out".
import { parseArgs } from "node:util";
import { connectToNewsroomDatabase } from "./lib/newsroom-database";

async function main() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { as: { type: "string" }, help: { type: "boolean" } } });
  if (values.help || positionals.length !== 1) {
    console.log("Usage: npm run export -- DIR [--as admin@email]");
    process.exit(values.help ? 0 : 2);
  }
  connectToNewsroomDatabase();
  const { writeArchive } = await import("../lib/export/write-archive");
  const { commandLineActor } = await import("../lib/import/actor");
  const { db } = await import("../lib/db");
  try {
    const actor = await commandLineActor(values.as);
    const written = await writeArchive(actor, positionals[0], (count) => {
      if (count % 100 === 0) process.stderr.write(`\r${count} stories…`);
    });
    process.stderr.write("\r");
    console.log(`Exported ${written.stories} stories: ${written.wxrFile} and ${written.ninjsDir}/`);
  } finally {
    await db().$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
