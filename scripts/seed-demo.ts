// The launcher's first-start step "demo content and accounts", as a process of its own: it loads the
// Prisma client, which would otherwise stay in the launcher's memory for as long as the site runs.
// The demo photos go through the library's own pipeline (lib/media), whose modules are marked
// server-only: the launcher runs this step with Node's "react-server" condition, as Next runs them.
// Writes the accounts it created (JSON, or null when there was already content) to the file named by
// NEWSROOM_SEED_RESULT, mode 600 (the passwords are in it).
import { writeFile } from "node:fs/promises";
import { createPrismaClient } from "../lib/db/client";
import { seedDemo } from "../prisma/seed";
import { makeDemoPhotos } from "./lib/demo-photos";
import { db as appDb } from "../lib/db";

async function main() {
  const url = process.env.DATABASE_URL;
  const resultFile = process.env.NEWSROOM_SEED_RESULT;
  if (!url || !resultFile) throw new Error("DATABASE_URL and NEWSROOM_SEED_RESULT must be set (the launcher sets them).");
  const db = createPrismaClient(url, 2);
  try {
    // Photos first (a database that already has people keeps its content, and gets none).
    // NEWSROOM_DEMO_PHOTOS=off leaves them out, for a faster first start where no one looks.
    const wanted = process.env.NEWSROOM_DEMO_PHOTOS !== "off";
    const photos = wanted && (await db.user.count()) === 0 ? await makeDemoPhotos() : {};
    const created = await seedDemo(db, {
      photos,
      passwords: {
        ADMIN: process.env.SEED_ADMIN_PASSWORD,
        EDITOR: process.env.SEED_EDITOR_PASSWORD,
        REPORTER: process.env.SEED_REPORTER_PASSWORD,
      },
      timeZone: process.env.NEWSROOM_TIME_ZONE,
    });
    await writeFile(resultFile, JSON.stringify(created), { mode: 0o600 });
  } finally {
    await db.$disconnect();
    await appDb().$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
