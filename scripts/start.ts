// `npm start` (and `npm run dev` with --dev): everything a new install needs, in order.
//  1. the database: DATABASE_URL if set, otherwise a built-in PostgreSQL with its data in .data/
//  2. the committed migrations, then demo content and accounts the first time
//  3. a production build if there is no current one (not in dev mode)
//  4. the web server (server/server.ts, Next's handler inside) on PORT (default 3000)
// Ctrl-C or SIGTERM stops the web server first, then the built-in database; so does the end of the
// process that started it (npm, which does not pass SIGTERM on) and the end of the web server (exit
// code 1 then). A built-in database that dies is started again (3 tries a minute).
// Run compiled (scripts/launch.mjs builds .build/start.mjs and .build/server.mjs): no TypeScript
// loader stays resident; under tsx (node --import tsx scripts/start.ts) it works the same.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { startEmbeddedPostgres, findFreePort, type RunningPostgres } from "./lib/embedded-postgres";
import { assertReachable, ensureDatabase, migrate } from "./lib/database";
import { buildIfNeeded } from "./lib/build";
import { isRunning, ROOT, runNode, startNode, stopChild, watchParent } from "./lib/processes";
import type { DemoAccount } from "../prisma/seed";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const dataDir = path.resolve(ROOT, process.env.NEWSROOM_DATA_DIR ?? ".data");
const say = (line = "") => console.log(line ? `[newsroom] ${line}` : "");
const runtimeFile = path.join(dataDir, "runtime.json");
// Compiled by scripts/launch.mjs, the web server and the seed step are compiled beside this file too.
const compiled = import.meta.url.endsWith(".mjs");
/** Where each entry's source lives (scripts/launch.mjs compiles the same list to .build/). */
const SOURCES: Record<string, string> = { server: "server/server.ts", "seed-demo": "scripts/seed-demo.ts" };
/** How to run an entry: its compiled copy, or through tsx when this launcher runs under tsx. */
const entry = (name: string) => (compiled ? [path.join(ROOT, ".build", `${name}.mjs`)] : ["--import", "tsx", path.join(ROOT, SOURCES[name])]);

/** What runtime.json holds while a launcher runs: for tools and tests, and for the next start after a crash. */
type Runtime = { databaseUrl?: string; pid: number; webPid?: number };
let wroteRuntime = false;
const writeRuntime = (runtime: Runtime) => ((wroteRuntime = true), writeFile(runtimeFile, JSON.stringify(runtime), { mode: 0o600 }));

let postgres: RunningPostgres | undefined;
let web: ChildProcess | undefined;
let shuttingDown = false;

async function shutdown(code: number): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    if (web) await stopChild(web);
    if (postgres) {
      say("Stopping the built-in database…");
      await postgres.stop();
    }
    if (wroteRuntime) await rm(runtimeFile, { force: true });
  }
  process.exit(code);
}

async function readOrCreateSecret(): Promise<string> {
  const file = path.join(dataDir, "nextauth-secret");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  const secret = randomBytes(32).toString("base64url");
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * The data folder of a launcher that was killed (SIGKILL) may still have its web server, which stops
 * by itself once it sees the launcher gone, and its PostgreSQL (stopped in startEmbeddedPostgres).
 * A launcher that is still running on this folder is an error, not something to take over.
 */
async function takeOverDataDir(): Promise<void> {
  let runtime: Runtime;
  try {
    runtime = JSON.parse(await readFile(runtimeFile, "utf8")) as Runtime;
  } catch {
    return;
  }
  // A Node process with that id (an id can be reused after a reboot, rarely by another Node).
  const nodeRunning = (pid: number) => {
    try {
      return isRunning(pid) && (process.platform !== "linux" || readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("node"));
    } catch {
      return false;
    }
  };
  if (runtime.pid !== process.pid && nodeRunning(runtime.pid)) {
    throw new Error(`Another launcher (pid ${runtime.pid}) is running on ${dataDir}. Stop it first, or give this one its own NEWSROOM_DATA_DIR.`);
  }
  const webPid = runtime.webPid;
  if (webPid && isRunning(webPid)) {
    say(`The web server of an earlier start (pid ${webPid}) is still stopping; waiting for it…`);
    for (let waited = 0; isRunning(webPid); waited += 100) {
      if (waited === 15_000) process.kill(webPid, "SIGKILL");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await rm(runtimeFile, { force: true });
}

async function portIsFree(p: number): Promise<boolean> {
  return (await findFreePort(p)) === p;
}

/** Creates demo content and accounts unless there is content; returns the accounts it created, or null. */
async function seed(url: string, secret: string): Promise<DemoAccount[] | null> {
  const resultFile = path.join(dataDir, `seed-result-${process.pid}.json`);
  try {
    // The demo photos go through lib/media, whose modules are server-only: the condition Next's server uses lets them load.
    await runNode(["--conditions=react-server", ...entry("seed-demo")], {
      env: { ...process.env, DATABASE_URL: url, NEXTAUTH_SECRET: secret, NEWSROOM_DATA_DIR: dataDir, NEWSROOM_SEED_RESULT: resultFile },
      label: "Creating demo content",
      quiet: true,
    });
    return JSON.parse(await readFile(resultFile, "utf8")) as DemoAccount[] | null;
  } finally {
    await rm(resultFile, { force: true });
  }
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error("The web server exited while starting.");
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("The web server did not answer within two minutes.");
}

async function main() {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(0));
  // npm exits on SIGTERM without passing it on, and a parent killed with SIGKILL sends nothing.
  watchParent((reason) => {
    if (shuttingDown) return;
    say(`Stopping: ${reason}.`);
    void shutdown(0);
  });

  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`PORT must be a port number; got "${process.env.PORT}".`);
  await takeOverDataDir();
  if (!(await portIsFree(port))) {
    throw new Error(`Port ${port} is already in use. Stop whatever is using it, or start on another port: PORT=3001 npm start`);
  }
  // Traversable (not listable) by others: as root, PostgreSQL runs as its own system user. Secrets inside are 0600.
  await mkdir(dataDir, { recursive: true });
  await chmod(dataDir, 0o711);

  let databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    say("Using the database in DATABASE_URL.");
    await assertReachable(databaseUrl);
  } else {
    say(`Starting the built-in PostgreSQL (data in ${path.join(dataDir, "postgres")})…`);
    postgres = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, "postgres"),
      port: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
      // The app reconnects by itself (within seconds) once the database is back.
      supervise: {
        say,
        giveUp: (reason) => {
          console.error(`[newsroom] ${reason}`);
          void shutdown(1);
        },
      },
    });
    await ensureDatabase(postgres.url("postgres"), "newsroom");
    databaseUrl = postgres.url("newsroom");
    // Where the built-in database is while it runs, for tools and tests that need to reach it.
    await writeRuntime({ databaseUrl, pid: process.pid });
  }

  say("Applying database migrations…");
  await migrate(databaseUrl, { quiet: true });

  const secret = process.env.NEXTAUTH_SECRET || (await readOrCreateSecret());
  const accountsFile = path.join(dataDir, "demo-accounts.json");
  const created = await seed(databaseUrl, secret);
  if (created) {
    say("Created demo content and accounts.");
    if (postgres) await writeFile(accountsFile, JSON.stringify(created, null, 2), { mode: 0o600 });
  }
  const accounts: DemoAccount[] | null = created ?? (postgres && existsSync(accountsFile) ? JSON.parse(await readFile(accountsFile, "utf8")) : null);

  if (!dev) await buildIfNeeded(say);

  const origin = process.env.NEXTAUTH_URL ?? `http://localhost:${port}`;
  // The production server (server/server.ts) wraps Next's request handler: CSP nonces on cached
  // pages, the client's address, Cache-Control for proxies. `--dev` runs it over Next's dev server.
  // A young generation of 4 MB semi-spaces instead of V8's 16: a cached page's garbage (a copy of the
  // body per response) dies young either way, and the server's peak memory under load was about
  // half (heap 73 MB instead of 188, RSS 204 MB instead of 334, in the same run of requests).
  web = startNode(["--max-semi-space-size=4", ...entry("server"), ...(dev ? ["--dev"] : [])], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: origin,
      // The data folder as an absolute path: media files live under it (lib/media/storage.ts).
      NEWSROOM_DATA_DIR: dataDir,
      // Two malloc arenas instead of glibc's eight per core: libvips (sharp, which makes photo renditions in
      // this process) frees its threads' memory into per-thread arenas that glibc keeps. Making every
      // rendition of the 12-megapixel test photo three times peaked at 468 MB resident with the default
      // and 254 MB with 2 (177 MB instead of 411 afterwards).
      MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? "2",
      // Background jobs (scheduled publication) reach this server here to expire cache tags.
      NEWSROOM_INTERNAL_ORIGIN: process.env.NEWSROOM_INTERNAL_ORIGIN ?? `http://127.0.0.1:${port}`,
      NODE_ENV: dev ? "development" : "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
    },
  });
  web.on("exit", (code, signal) => {
    if (shuttingDown) return;
    console.error(`[newsroom] The web server stopped (${signal ?? `exit code ${code}`}).`);
    void shutdown(code || 1);
  });
  await writeRuntime({ databaseUrl: postgres ? databaseUrl : undefined, pid: process.pid, webPid: web.pid });
  await waitForHealth(`http://127.0.0.1:${port}/api/health`, web);

  say();
  say(`The newsroom is running at ${origin}`);
  say(`Sign in at ${origin}/signin`);
  if (accounts) {
    say("Demo accounts (change these passwords before real use):");
    for (const a of accounts) say(`  ${a.role.padEnd(8)} ${a.email.padEnd(24)} ${a.password}`);
  } else {
    say("Demo accounts were created on the first start; their passwords were printed then.");
  }
  say("Press Ctrl-C to stop.");
}

main().catch(async (error: unknown) => {
  console.error(`[newsroom] ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
