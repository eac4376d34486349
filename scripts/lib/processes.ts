import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "");
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
