import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The project folder: the nearest one up from `file` with a package.json (this file runs from scripts/lib or compiled from .build). */
export function projectRoot(file: string): string {
  let dir = path.dirname(file);
  while (!existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export const ROOT = projectRoot(fileURLToPath(import.meta.url));
export const bin = (pkg: string, file: string) => path.join(ROOT, "node_modules", pkg, file);

/** Runs a Node script to completion; rejects with its exit code and the tail of its output. */
export function runNode(args: string[], options: { env?: NodeJS.ProcessEnv; label: string; quiet?: boolean }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
      if (!options.quiet) process.stdout.write(chunk);
    };
    child.stdout!.on("data", collect);
    child.stderr!.on("data", collect);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${options.label} failed (${signal ?? `exit code ${code}`}):\n${output.trim()}`));
    });
  });
}

/** Starts a long-running Node process that shares this terminal. */
export function startNode(args: string[], options: SpawnOptions): ChildProcess {
  return spawn(process.execPath, args, { cwd: ROOT, stdio: "inherit", ...options });
}

/** Sends SIGTERM, then SIGKILL if the process has not exited after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Whether `pid` is a running process (a zombie, exited but not yet reaped, is not). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user (PostgreSQL's own user, when run as root)
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  try {
    // /proc/PID/stat: "pid (comm) state ...", and comm may hold spaces or parentheses
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return process.platform !== "linux"; // no /proc: kill(pid, 0) is all there is
  }
}

/** The parent of `pid` and its command name, from /proc (Linux), or null. */
function parentOf(pid: number): { ppid: number; comm: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    return { ppid: Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]), comm };
  } catch {
    return null;
  }
}

/**
 * Calls `onGone` once when whoever started this process is gone: the parent (process.ppid changes
 * when it dies and the process is re-parented), or, under `npm start`, npm itself, which runs the
 * script through `sh -c` and exits on SIGTERM without passing it on. Polled, so it holds whatever
 * signal (or SIGKILL) ended the parent.
 */
export function watchParent(onGone: (reason: string) => void, intervalMs = 500): void {
  const parent = process.ppid;
  const viaShell = process.env.npm_lifecycle_event ? parentOf(parent) : null;
  const npm = viaShell && ["sh", "dash", "bash"].includes(viaShell.comm) ? viaShell.ppid : null;
  const timer = setInterval(() => {
    const reason = process.ppid !== parent ? `its parent process (${parent}) is gone` : npm !== null && !isRunning(npm) ? `npm (${npm}) is gone` : null;
    if (!reason) return;
    clearInterval(timer);
    onGone(reason);
  }, intervalMs);
  timer.unref();
}
