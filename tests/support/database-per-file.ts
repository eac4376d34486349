// Before each test file: a fresh database copied from the migrated template, wired to lib/db.ts
// through DATABASE_URL. After it: the client is closed and the database dropped.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, inject } from "vitest";

const adminUrl = inject("adminUrl");
const template = inject("templateDatabase");
const database = `${template.replace("_template_", "_")}_${randomBytes(4).toString("hex")}`;

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${database} TEMPLATE ${template}`);
await admin.end();

const url = new URL(adminUrl);
url.pathname = `/${database}`;
process.env.DATABASE_URL = url.toString();
process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("hex");
process.env.DATABASE_POOL_SIZE = "4";
// Media files (lib/media/storage.ts) of this file's photos live in a folder of its own, never in the checkout's .data.
const mediaDataDir = mkdtempSync(path.join(tmpdir(), "newsroom-test-data-"));
process.env.NEWSROOM_DATA_DIR = mediaDataDir;

afterAll(async () => {
  rmSync(mediaDataDir, { recursive: true, force: true });
  const holder = globalThis as { newsroomDb?: { $disconnect(): Promise<void> } };
  await holder.newsroomDb?.$disconnect();
  holder.newsroomDb = undefined;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await client.end();
});
