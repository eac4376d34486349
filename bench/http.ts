// `npm run bench`: request throughput and latency of the public pages on this machine, next to a bare
// Node.js server sending the same bytes. Prints a table and writes bench/results/latest.json.
// Not a test: it has no pass/fail, only figures. Options (environment):
//   BENCH_DURATION  seconds per measurement (default 10)
//   BENCH_CONNECTIONS  concurrent connections (default 32)
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { findFreePort } from "../scripts/lib/embedded-postgres";
import { ROOT, stopChild } from "../scripts/lib/processes";

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const STORY = "/stories/alder-river-floods-downtown-as-it-crests-near-record";
const CLOCK_TICKS = 100; // USER_HZ on Linux
const canPin = os.cpus().length >= 2 && existsSync("/usr/bin/taskset");

/** Pins a command to core 0 (the server side) when the machine has two cores; the load runs on core 1. */
const pinned = (args: string[]) => (canPin ? ["/usr/bin/taskset", ["-c", "0", process.execPath, ...args]] : [process.execPath, args]) as [string, string[]];

/** CPU seconds used so far by these processes (user + system), from /proc. */
function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process has gone
    }
  }
  return ticks / CLOCK_TICKS;
}

function rssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      kb += Number(match?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return Math.round(kb / 1024);
}

/** Node processes in the tree under `root` (the web server; the database is left out). */
function nodeDescendants(root: number): number[] {
  const out = execFileSync("ps", ["-eo", "pid=,ppid=,comm="], { encoding: "utf8" });
  const rows = out.trim().split("\n").map((line) => line.trim().split(/\s+/));
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const [child, parent, comm] of rows) {
      if (Number(parent) === pid) {
        if (!comm.startsWith("postgres")) found.push(Number(child));
        walk(Number(child));
      }
    }
  };
  walk(root);
  return found.filter((pid) => {
    const comm = rows.find((r) => Number(r[0]) === pid)?.[2] ?? "";
    return comm.includes("node") || comm.includes("next");
  });
}

type Figure = { name: string; requestsPerSecond: number; p50ms: number; p99ms: number; cpuMsPerRequest: number; errors: number; non2xx: number };

async function measure(name: string, url: string, serverPids: () => number[]): Promise<Figure> {
  await autocannon({ url, connections: CONNECTIONS, duration: 2 }); // warm-up
  const pids = serverPids();
  const cpuBefore = cpuSeconds(pids);
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION });
  const cpu = cpuSeconds(pids) - cpuBefore;
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50ms: result.latency.p50,
    p99ms: result.latency.p99,
    cpuMsPerRequest: Number(((cpu * 1000) / Math.max(1, result.requests.total)).toFixed(3)),
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

async function waitFor(url: string, child: ChildProcess, timeoutMs: number) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (child.exitCode !== null) throw new Error("the server exited while starting");
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer in time`);
}

async function main() {
  if (canPin) execFileSync("/usr/bin/taskset", ["-p", "-c", "1", String(process.pid)], { stdio: "ignore" });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "newsroom-bench-"));
  const port = await findFreePort(3200);
  const origin = `http://127.0.0.1:${port}`;
  const [command, args] = pinned(["--import", "tsx", "scripts/start.ts"]);
  const server = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), NEWSROOM_DATA_DIR: dataDir, EMBEDDED_PG_PORT: "0", SEED_EDITOR_PASSWORD: randomBytes(12).toString("hex") },
    stdio: ["ignore", "inherit", "inherit"],
  });
  let bare: ChildProcess | undefined;
  try {
    await waitFor(`${origin}/api/health`, server, 600_000);
    const webPids = () => nodeDescendants(server.pid!);
    const idleRss = rssMb(webPids());

    const storyResponse = await fetch(`${origin}${STORY}`);
    const storyBytes = Buffer.from(await storyResponse.arrayBuffer());

    // The yardstick: a bare Node.js server sending the story page's bytes.
    const barePort = await findFreePort(3300);
    const bareSource = `require("http").createServer((q, s) => { s.writeHead(200, { "content-type": "text/html; charset=utf-8" }); s.end(BODY); }).listen(${barePort}, "127.0.0.1");`;
    const [bareCommand, bareArgs] = pinned(["-e", `const BODY = Buffer.from(${JSON.stringify(storyBytes.toString("base64"))}, "base64"); ${bareSource}`]);
    bare = spawn(bareCommand, bareArgs, { stdio: "ignore" });
    await waitFor(`http://127.0.0.1:${barePort}/`, bare, 10_000);

    const figures: Figure[] = [];
    figures.push(await measure("bare Node.js, same bytes", `http://127.0.0.1:${barePort}/`, () => [bare!.pid!]));
    figures.push(await measure("story page (cached)", `${origin}${STORY}`, webPids));
    figures.push(await measure("front page", `${origin}/`, webPids));
    const peakRss = rssMb(webPids());

    const yardstick = figures[0].cpuMsPerRequest;
    console.log(`\nNewsroom HTTP benchmark: ${CONNECTIONS} connections, ${DURATION} s each, ${canPin ? "server on core 0, load on core 1" : "unpinned"}, story page ${storyBytes.length} bytes\n`);
    console.log("| page | req/s | p50 ms | p99 ms | server CPU ms/req | CPU vs bare Node | errors |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const f of figures) {
      const ratio = f === figures[0] ? "1x" : `${(f.cpuMsPerRequest / yardstick).toFixed(1)}x`;
      console.log(`| ${f.name} | ${f.requestsPerSecond} | ${f.p50ms} | ${f.p99ms} | ${f.cpuMsPerRequest} | ${ratio} | ${f.errors + f.non2xx} |`);
    }
    console.log(`\nWeb server RSS: ${idleRss} MB idle, ${peakRss} MB after load.`);

    await mkdir(path.join(ROOT, "bench", "results"), { recursive: true });
    const report = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, connections: CONNECTIONS, durationSeconds: DURATION, pinned: canPin, storyBytes: storyBytes.length, figures, rssMb: { idle: idleRss, afterLoad: peakRss } };
    await writeFile(path.join(ROOT, "bench", "results", "latest.json"), `${JSON.stringify(report, null, 2)}\n`);
    console.log("Written to bench/results/latest.json");
  } finally {
    if (bare) await stopChild(bare, 2000);
    await stopChild(server, 30_000);
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
