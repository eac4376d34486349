// `npm run test:e2e`: the Playwright suite against a production build, with its own database.
// Picks a free port and a fresh data folder (so the built-in PostgreSQL starts empty and is seeded
// with known passwords), finds a Chromium, runs Playwright, and cleans up.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { findFreePort } from "./lib/embedded-postgres";
import { findChromium, NO_CHROMIUM_MESSAGE } from "./lib/chromium";
import { bin, startNode } from "./lib/processes";

async function main(): Promise<number> {
  const chromium = await findChromium();
  if (!chromium) {
    console.error(NO_CHROMIUM_MESSAGE);
    return 1;
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "newsroom-e2e-"));
  // Any free port, not the first above 3100: several runs on one machine (other checkouts) would
  // otherwise pick the same one before either listens, and one would test the other's server.
  const port = await findFreePort(0);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    E2E_PORT: String(port),
    E2E_DATA_DIR: dataDir,
    E2E_CHROMIUM: chromium,
    SEED_ADMIN_PASSWORD: `admin-${randomBytes(9).toString("base64url")}`,
    SEED_EDITOR_PASSWORD: `editor-${randomBytes(9).toString("base64url")}`,
    SEED_REPORTER_PASSWORD: `reporter-${randomBytes(9).toString("base64url")}`,
  };

  // With a database server of the user's own, the run gets a fresh database on it and drops it after.
  let dropDatabase: (() => Promise<void>) | undefined;
  if (process.env.DATABASE_URL) {
    const name = `newsroom_e2e_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    };
  }

  try {
    const child = startNode([bin("@playwright/test", "cli.js"), "test", ...process.argv.slice(2)], { env });
    return await new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
  } finally {
    await dropDatabase?.().catch((error) => console.error("Could not drop the e2e database:", error));
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
