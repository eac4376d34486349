// Once per test run: a PostgreSQL server (the embedded one unless DATABASE_URL names one) and a
// template database with every migration applied. Each test file then gets its own fresh copy
// (tests/support/database-per-file.ts), so tests never see each other's rows.
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type RunningPostgres } from "../../scripts/lib/embedded-postgres";
import { migrate } from "../../scripts/lib/database";

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
    templateDatabase: string;
  }
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

let postgres: RunningPostgres | undefined;
let cleanup: (() => Promise<void>) | undefined;

export async function setup(project: TestProject) {
  let adminUrl: string;
  const external = process.env.DATABASE_URL;
  if (external) {
    // Tests create and drop databases: refuse anything but a local server unless told otherwise.
    if (!LOCAL_HOSTS.has(new URL(external).hostname) && process.env.ALLOW_REMOTE_TEST_DATABASE !== "1") {
      throw new Error("DATABASE_URL points at a non-local server; tests create and drop databases there. Set ALLOW_REMOTE_TEST_DATABASE=1 if you mean it.");
    }
    adminUrl = external;
  } else {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "newsroom-test-pg-"));
    postgres = await startEmbeddedPostgres({ dataDir, port: 0, ephemeral: true });
    adminUrl = postgres.url("postgres");
  }

  const templateDatabase = `newsroom_test_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateDatabase} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${templateDatabase}`);
  await admin.end();
  await migrate(withDatabase(adminUrl, templateDatabase), { quiet: true });

  project.provide("adminUrl", adminUrl);
  project.provide("templateDatabase", templateDatabase);

  cleanup = async () => {
    if (postgres) return postgres.stop();
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`newsroom_test_%_${process.pid}%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
    await client.end();
  };
}

export async function teardown() {
  await cleanup?.();
}
