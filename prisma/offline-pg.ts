// Workarounds for @prisma/adapter-pg 6.19 when the Prisma CLI runs with the JavaScript schema engine
// (engine: "js" in prisma.config.ts), which is what lets `prisma migrate` work without downloading a
// native engine. Each fix names the upstream bug it covers; tests/offline-pg.test.ts applies every
// migration to a fresh database through this file, so an upgrade that fixes (or breaks) them shows at once.
//
// Prisma CLI tooling only: prisma.config.ts gives the CLI this adapter for `migrate` and `db`
// commands. The app never loads it (its client is built in lib/db/client.ts); it runs outside Next,
// so it imports neither "server-only" nor any "@/" module.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";

const TEXT_OID = 25;
const CATALOG_CHAR_OID = 18; // "char"
const CATALOG_NAME_OID = 19; // name
const HIDDEN_CONSTRAINT_TYPES = new Set(["n", "c"]); // NOT NULL, CHECK

type QueryResultLike = { fields?: { name: string; dataTypeID: number }[]; rows?: unknown[]; rowCount?: number | null };

function patchResult(result: unknown): unknown {
  for (const r of (Array.isArray(result) ? result : [result]) as QueryResultLike[]) {
    if (!r || !Array.isArray(r.fields)) continue;
    // Bug 1 (prisma/orm#27403): the adapter cannot deserialize the catalog types "char" and name.
    for (const field of r.fields) {
      if (field.dataTypeID === CATALOG_CHAR_OID || field.dataTypeID === CATALOG_NAME_OID) field.dataTypeID = TEXT_OID;
    }
    // Bug 3: PostgreSQL 18 lists NOT NULL constraints in pg_constraint (contype 'n'), and the 6.19
    // schema engine panics ("RuntimeError: unreachable") when it introspects them. It panics the same
    // way on CHECK constraints (contype 'c'), which Prisma does not model anyway: the migrations add
    // them in SQL, and hiding them from introspection keeps `migrate dev` from trying to drop them.
    const column = r.fields.findIndex((field) => field.name === "constraint_type");
    if (column >= 0 && Array.isArray(r.rows)) {
      r.rows = r.rows.filter((row) => {
        const value = Array.isArray(row) ? row[column] : (row as Record<string, unknown>).constraint_type;
        return !HIDDEN_CONSTRAINT_TYPES.has(value as string);
      });
      r.rowCount = r.rows.length;
    }
  }
  return result;
}

/** A pg.Client that rewrites query results as described above, in both the promise and callback forms. */
export class CatalogTextClient extends pg.Client {
  // pg's query() has a dozen overloads; this wrapper forwards them untouched.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg's overloads are forwarded as they are
  override query(...args: any[]): any {
    const wrap = (callback: (err: unknown, res: unknown) => void) => (err: unknown, res: unknown) => callback(err, err ? res : patchResult(res));
    const callbackIndex = args.findIndex((arg) => typeof arg === "function");
    if (callbackIndex >= 0) {
      args[callbackIndex] = wrap(args[callbackIndex]);
    } else if (args[0] && typeof args[0].callback === "function") {
      args[0].callback = wrap(args[0].callback);
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    return callbackIndex < 0 && result instanceof Promise ? result.then(patchResult) : result;
  }
}

type ScriptAdapter = { executeScript(script: string): Promise<void> };

/**
 * Bug 4: the adapter's executeScript splits a migration on every ";" and runs the pieces one by one,
 * which breaks any statement with a semicolon inside it (a plpgsql function body, a string literal)
 * and leaves a half-applied migration when a later piece fails. Sent whole, as one simple-protocol
 * query, PostgreSQL parses the script itself and runs it in one implicit transaction, as Prisma's
 * native engine does.
 */
function runScriptsWhole<T extends ScriptAdapter>(adapter: T): T {
  const internals = adapter as unknown as { client: { query(sql: string): Promise<unknown> }; onError(error: unknown): never };
  adapter.executeScript = async (script: string) => {
    try {
      await internals.client.query(script);
    } catch (error) {
      internals.onError(error);
    }
  };
  return adapter;
}

/**
 * A PrismaPg for the migration CLI. Bug 2: the adapter builds the shadow database's pool from
 * `{ ...config, database }`, which a connectionString silently overrides, and it drops the shadow
 * database before closing that pool. So: discrete connection fields, a unique shadow name, and the
 * pool closed before `DROP DATABASE ... WITH (FORCE)`.
 */
export class MigrationPg extends PrismaPg {
  constructor(private readonly poolConfig: pg.PoolConfig) {
    super(poolConfig);
  }

  override async connect() {
    return runScriptsWhole(await super.connect());
  }

  override async connectToShadowDb() {
    const main = await this.connect();
    const database = `prisma_shadow_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
    await main.executeScript(`CREATE DATABASE "${database}"`);
    const shadow = runScriptsWhole(await new PrismaPg({ ...this.poolConfig, database }).connect());
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await main.executeScript(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await main.dispose();
    };
    return shadow;
  }
}

/** Splits a postgres:// URL into the discrete fields MigrationPg needs. */
export function connectionFields(url: string): pg.ClientConfig {
  const u = new URL(url);
  const sslmode = u.searchParams.get("sslmode");
  return {
    host: decodeURIComponent(u.hostname),
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres",
    ...(sslmode && sslmode !== "disable" ? { ssl: { rejectUnauthorized: sslmode === "verify-full" } } : {}),
  };
}

/** The adapter the Prisma CLI uses for `migrate`: every fix above, and a pool that lets the process exit. */
export function migrationAdapter(url: string): MigrationPg {
  return new MigrationPg({ ...connectionFields(url), Client: CatalogTextClient, allowExitOnIdle: true });
}
