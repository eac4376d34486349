// A launcher killed with SIGKILL (or a crash of the machine's process manager) cannot stop its
// PostgreSQL, which keeps running, re-parented, and holds the cluster's lock. The next start finds it
// through the cluster's postmaster.pid (its first line is the server's process id) and stops it
// cleanly before starting its own: PostgreSQL's fast shutdown, then harder signals if it hangs.
import { readFileSync } from "node:fs";
import path from "node:path";
import { isRunning } from "./processes";

const poll = async (condition: () => boolean, timeoutMs: number): Promise<boolean> => {
  for (const started = Date.now(); Date.now() - started < timeoutMs;) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
};

/** The process id in the cluster's postmaster.pid when that process is alive and is PostgreSQL, else null. */
export function livePostmaster(clusterDir: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(clusterDir, "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    return null; // stopped cleanly: PostgreSQL removes the file
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isRunning(pid)) return null; // PostgreSQL itself clears a stale file
  try {
    // The id may have been reused by something else since: only a postgres process is ours to stop.
    if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres")) return null;
  } catch {
    // no /proc (not Linux): trust the lock file, as PostgreSQL does
  }
  return pid;
}

/** Stops a PostgreSQL still running on `clusterDir` from an earlier start; does nothing when there is none. */
export async function stopStalePostgres(clusterDir: string, say: (line: string) => void): Promise<void> {
  const pid = livePostmaster(clusterDir);
  if (pid === null) return;
  say(`The built-in PostgreSQL of an earlier start is still running (pid ${pid}; its launcher was killed); stopping it first…`);
  for (const [signal, waitMs] of [
    ["SIGINT", 20_000],
    ["SIGQUIT", 5_000],
    ["SIGKILL", 5_000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
    if (await poll(() => !isRunning(pid), waitMs)) return;
  }
  throw new Error(`The built-in PostgreSQL of an earlier start (pid ${pid}) would not stop; stop it by hand (kill ${pid}) and start again.`);
}
