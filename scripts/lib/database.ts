import pg from "pg";
import { bin, ROOT, runNode } from "./processes";
import path from "node:path";

/** Describes a database URL without its password, for messages. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return "(not a valid URL)";
  }
}

/** Connects once, or throws an error that names DATABASE_URL and says what went wrong. */
export async function assertReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ version: number }>("SELECT current_setting('server_version_num')::int AS version");
    if (rows[0].version < 140000) throw new Error(`PostgreSQL 14 or newer is needed; this server is version ${rows[0].version}.`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Cannot use the database in DATABASE_URL (${describeUrl(url)}): ${reason}\nCheck that the server is running and that DATABASE_URL is right, or unset DATABASE_URL to use the built-in database.`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates `database` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/** Applies the committed migrations with the Prisma CLI (JavaScript schema engine, see prisma/offline-pg.ts). */
export async function migrate(url: string, options: { quiet?: boolean } = {}): Promise<void> {
  await runNode(["--require", path.join(ROOT, "scripts", "unref-long-timers.cjs"), bin("prisma", "build/index.js"), "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    label: "Applying database migrations",
    quiet: options.quiet,
  });
}
