// The launcher's process tree under real signals: `npm run dev` and `node scripts/launch.mjs --dev`
// with a data folder of their own and free ports (the dev form needs no build; the first start
// compiles a route, about a minute). Each step kills one process of the tree and waits, by polling,
// for what must follow: the whole tree gone, the next start working, a killed PostgreSQL back.
// Slow by nature (five starts), so all of it is here, in one file: Next refuses a second dev server
// in one checkout, so two files starting the launcher at once would fail each other.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "../scripts/lib/embedded-postgres";
import { isRunning } from "../scripts/lib/processes";

const root = path.resolve(import.meta.dirname, "..");
const READY = "Press Ctrl-C to stop.";
let dataDir = "";
let port = 0;
const started: ChildProcess[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "newsroom-signals-"));
  port = await findFreePort(0);
});

afterAll(async () => {
  // Whatever a failed step left: every launcher started here, then the cluster's PostgreSQL.
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  await until(() => started.every((child) => child.exitCode !== null || child.signalCode !== null), 30_000, "the launchers to exit").catch(() => {});
  const postmaster = postmasterPid();
  if (postmaster && isRunning(postmaster)) process.kill(postmaster, "SIGINT");
  await until(() => !postmaster || !isRunning(postmaster), 30_000, "PostgreSQL to stop").catch(() => {});
  await rm(dataDir, { recursive: true, force: true });
}, 90_000);

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  for (const start = Date.now(); !condition();) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

type Launch = { child: ChildProcess; output: () => string; exit: Promise<number | null> };

function launch(viaNpm: boolean): Launch {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEWSROOM_DATA_DIR: dataDir,
    PORT: String(port),
    EMBEDDED_PG_PORT: "0",
    NEWSROOM_SCHEDULER: "off",
    // These starts are about signals, not content: the demo photos would only add a minute to each first start.
    NEWSROOM_DEMO_PHOTOS: "off",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  delete env.DATABASE_URL;
  const [command, args] = viaNpm ? ["npm", ["run", "--silent", "dev"]] : [process.execPath, ["scripts/launch.mjs", "--dev"]];
  const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  started.push(child);
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exit };
}

async function ready(run: Launch): Promise<void> {
  await until(() => run.output().includes(READY) || run.child.exitCode !== null, 240_000, `the launcher to be ready:\n${run.output()}`);
  if (!run.output().includes(READY)) throw new Error(`the launcher exited:\n${run.output()}`);
}

const runtime = () => JSON.parse(readFileSync(path.join(dataDir, "runtime.json"), "utf8")) as { pid: number; webPid: number; databaseUrl: string };

function postmasterPid(): number | null {
  const file = path.join(dataDir, "postgres", "cluster", "postmaster.pid");
  return existsSync(file) ? Number(readFileSync(file, "utf8").split("\n")[0]) : null;
}

/** Every process descended from `pid` (PostgreSQL's included), from /proc. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // exited meanwhile
    }
  }
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, of] of parents)
      if (of === parent) {
        found.push(child);
        walk(child);
      }
  };
  walk(pid);
  return found;
}

const health = async () => (await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null))?.status ?? 0;

async function waitForHealth(status: number): Promise<void> {
  for (const start = Date.now(); (await health()) !== status;) {
    if (Date.now() - start > 60_000) throw new Error(`/api/health did not answer ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("the launcher's process tree", () => {
  it("starts PostgreSQL again when it is killed, and stops entirely when npm gets SIGTERM", async () => {
    const run = launch(true);
    await ready(run);
    const tree = descendants(run.child.pid!);
    const { pid: launcher, webPid } = runtime();
    expect(tree).toContain(launcher);
    expect(tree).toContain(webPid);

    const first = postmasterPid()!;
    process.kill(first, "SIGKILL");
    await until(() => run.output().includes("The built-in PostgreSQL is running again"), 60_000, `PostgreSQL to be started again:\n${run.output()}`);
    expect(run.output()).toContain("stopped unexpectedly (SIGKILL)");
    expect(postmasterPid()).not.toBe(first);
    await waitForHealth(200); // the app reconnected

    // npm exits at once and passes nothing on: the launcher must notice by itself.
    const everything = [...new Set([...tree, ...descendants(run.child.pid!)])];
    run.child.kill("SIGTERM");
    await run.exit;
    await until(() => everything.every((pid) => !isRunning(pid)), 60_000, "every process of the tree to exit");
    expect(existsSync(path.join(dataDir, "runtime.json"))).toBe(false);
    expect(await health()).toBe(0);
  }, 420_000);

  it("after the launcher is killed with SIGKILL, its web server stops and the next start stops its PostgreSQL", async () => {
    const killed = launch(false);
    await ready(killed);
    const { webPid } = runtime();
    const stale = postmasterPid()!;
    killed.child.kill("SIGKILL");
    await killed.exit;
    await until(() => !isRunning(webPid), 60_000, "the orphaned web server to stop by itself");
    expect(isRunning(stale)).toBe(true); // PostgreSQL cannot notice; the next start deals with it

    const next = launch(false);
    await ready(next);
    expect(next.output()).toContain(`The built-in PostgreSQL of an earlier start is still running (pid ${stale}`);
    expect(next.output()).not.toContain("already in use");
    expect(isRunning(stale)).toBe(false);
    await waitForHealth(200);

    // The web server dies: the launcher stops PostgreSQL and exits non-zero.
    const postmaster = postmasterPid()!;
    process.kill(runtime().webPid, "SIGTERM");
    expect(await next.exit).not.toBe(0);
    expect(isRunning(postmaster)).toBe(false);
    expect(next.output()).toContain("The web server stopped");
  }, 600_000);

  it("stops the web server, then PostgreSQL, and exits 0 on SIGTERM to the launcher", async () => {
    const run = launch(false);
    await ready(run);
    const tree = descendants(run.child.pid!);
    const postmaster = postmasterPid()!;
    run.child.kill("SIGTERM");
    expect(await run.exit).toBe(0);
    expect(tree.every((pid) => !isRunning(pid))).toBe(true);
    expect(isRunning(postmaster)).toBe(false);
    const output = run.output();
    expect(output.indexOf("[server] SIGTERM")).toBeGreaterThan(-1);
    expect(output.indexOf("Stopping the built-in database")).toBeGreaterThan(output.indexOf("[server] SIGTERM"));
  }, 420_000);
});

async function startOnce(dir: string): Promise<string> {
  const port = await findFreePort(0);
  const env: NodeJS.ProcessEnv = { ...process.env, NEWSROOM_DATA_DIR: dir, PORT: String(port), NEWSROOM_SCHEDULER: "off", NEXT_TELEMETRY_DISABLED: "1" };
  delete env.NEXTAUTH_SECRET;
  delete env.NEXTAUTH_URL;
  const child = spawn(process.execPath, ["scripts/launch.mjs", "--dev"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the launcher did not become ready:\n${output}`)), 150_000);
      child.stdout.on("data", () => {
        if (output.includes("Press Ctrl-C to stop.")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the launcher exited (${code}):\n${output}`));
      });
    });
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
  return output;
}

// With no NEXTAUTH_SECRET the launcher generates one on first start, keeps it readable only by its
// owner, and prints it nowhere. This start uses the test file's database (DATABASE_URL).
describe("the session secret", () => {
  it("is generated on first start when not configured, kept with mode 600, and never printed", async () => {
    const secretDir = await mkdtemp(path.join(os.tmpdir(), "newsroom-secret-"));
    try {
      const first = await startOnce(secretDir);
      const file = path.join(secretDir, "nextauth-secret");
      const secret = (await readFile(file, "utf8")).trim();
      expect(secret.length).toBeGreaterThanOrEqual(32);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(first).toContain("The newsroom is running");
      expect(first).not.toContain(secret);
    } finally {
      await rm(secretDir, { recursive: true, force: true });
    }
  }, 240_000);
});
