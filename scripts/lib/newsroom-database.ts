// For command-line tools that work on the newsroom's data (import, export): which database, and the
// settings lib/env.ts needs. DATABASE_URL when set; otherwise the built-in database of a running
// `npm start` (its runtime.json in the data folder), with the site's own signing secret, so that a
// tool can ask the running server to expire the cache tags its changes touch.
import { existsSync, readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { ROOT } from "./processes";

export function connectToNewsroomDatabase(): void {
  const dataDir = path.resolve(ROOT, process.env.NEWSROOM_DATA_DIR ?? ".data");
  if (!process.env.DATABASE_URL) {
    const runtimeFile = path.join(dataDir, "runtime.json");
    const runtime = existsSync(runtimeFile) ? (JSON.parse(readFileSync(runtimeFile, "utf8")) as { databaseUrl?: string }) : null;
    if (!runtime?.databaseUrl) {
      throw new Error("No database: set DATABASE_URL, or start the newsroom (npm start) so that this tool can use its built-in database.");
    }
    process.env.DATABASE_URL = runtime.databaseUrl;
  }
  const secretFile = path.join(dataDir, "nextauth-secret");
  if (!process.env.NEXTAUTH_SECRET) {
    // Without the site's secret the tool still works; only its request to expire cache tags is refused.
    process.env.NEXTAUTH_SECRET = existsSync(secretFile) ? readFileSync(secretFile, "utf8").trim() : randomBytes(32).toString("base64url");
  }
  process.env.DATABASE_POOL_SIZE ??= "6";
}
