// `npm run bench`: the public site under load on this machine, next to a bare Node.js server and to
// nginx sending the same bytes (from memory, from a file). Starts the production server (the launcher, as `npm start` does) on a fresh database,
// adds BENCH_STORIES published stories with a bulk INSERT ... SELECT, then measures with autocannon,
// the server pinned to core 0 and the load to core 1: throughput, latency and server CPU per request
// for the cached story page, the front page, a section page and search; one-at-a-time server time of
// the front page and search; publish-to-visible latency (idle and under load); the nginx recipe
// (deploy/nginx) in front: story page p99 at 8 connections, gzip and plain throughput, and how much
// later than the origin a publish shows through it; the JavaScript a story page loads; RSS; build time.
// Prints a table and writes bench/results/latest.json. Not a test: figures, with the goals beside them.
// Run with `node --conditions=react-server --import tsx bench/http.ts` (npm run bench): the write
// under test is the library's own (addStoryUpdate: an update-log entry with its revision and version).
// Options (environment):
//   BENCH_STORIES      published stories added (default 100000)
//   BENCH_DURATION     seconds per measurement (default 10)
//   BENCH_CONNECTIONS  concurrent connections (default 32)
//   BENCH_PUBLISHES    publish-to-visible trials, each idle and under load (default 20)
//   BENCH_CLEAN_BUILD  0 skips the timed clean `next build` (default 1)
//   BENCH_ONLY         "publish" measures publish-to-visible alone (with its breakdown), skipping the rest
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { findFreePort } from "../scripts/lib/embedded-postgres";
import { ROOT, stopChild } from "../scripts/lib/processes";
import { buildIfNeeded } from "../scripts/lib/build";
import { seedStories } from "./seed-stories";
import { clientScripts } from "./client-js";
import { NGINX, startNginx, type RunningNginx } from "../scripts/lib/nginx";
import { renderNginxSite } from "../deploy/nginx/render";
import { createHmac } from "node:crypto";

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const STORIES = Number(process.env.BENCH_STORIES ?? 100_000);
const PUBLISHES = Number(process.env.BENCH_PUBLISHES ?? 20);
const CLEAN_BUILD = process.env.BENCH_CLEAN_BUILD !== "0";
const PUBLISH_ONLY = process.env.BENCH_ONLY === "publish";
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
  const rows = out
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/));
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

type Figure = { name: string; requestsPerSecond: number; p50ms: number; p95ms: number; p99ms: number; cpuMsPerRequest: number; errors: number; non2xx: number };

async function measure(
  name: string,
  url: string,
  serverPids: () => number[],
  { connections = CONNECTIONS, headers }: { connections?: number; headers?: Record<string, string> } = {},
): Promise<Figure> {
  await autocannon({ url, connections, headers, duration: 2 }); // warm-up
  const pids = serverPids();
  const cpuBefore = cpuSeconds(pids);
  const result = await autocannon({ url, connections, headers, duration: DURATION });
  const cpu = cpuSeconds(pids) - cpuBefore;
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50ms: result.latency.p50,
    p95ms: (result.latency as unknown as Record<string, number>).p97_5 ?? result.latency.p99,
    p99ms: result.latency.p99,
    cpuMsPerRequest: Number(((cpu * 1000) / Math.max(1, result.requests.total)).toFixed(3)),
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/** Server time one request at a time (no queueing): nearest-rank percentiles of sequential requests. */
async function sequential(url: string, n: number): Promise<{ p50ms: number; p95ms: number; p99ms: number; status: number }> {
  const times: number[] = [];
  let status = 0;
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    status = response.status;
    times.push(performance.now() - started);
  }
  return { ...percentiles(times), status };
}

function percentiles(samples: number[]): { p50ms: number; p95ms: number; p99ms: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  return { p50ms: Number(rank(50).toFixed(1)), p95ms: Number(rank(95).toFixed(1)), p99ms: Number(rank(99).toFixed(1)) };
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

/** One trial, and where its time went: the write, the expiry request, the fetches until it showed (and nginx's delay after the origin). */
type PublishTrial = { ms: number; firstFetchStale: boolean; writeMs: number; expiryMs: number; fetches: number; lastFetchMs: number; proxyDelayMs?: number };

/**
 * Publish-to-visible: the library's addStoryUpdate (an update-log entry with its revision and version), then the
 * same signed cache-expiry request the scheduler's publications use (/api/internal/revalidate), then
 * the page fetched until the new entry shows. Timed from the start of the write.
 */
async function publishTrials(origin: string, secret: string, slugs: string[], label: string, proxy?: string): Promise<PublishTrial[]> {
  const { addStoryUpdate } = await import("@/lib/stories/mutations");
  const { db } = await import("@/lib/db");
  const editor = await db().user.findFirstOrThrow({ where: { role: "EDITOR", active: true }, select: { id: true, name: true, email: true, role: true } });
  const actor = { ...editor, kind: "user" as const };
  const trials: PublishTrial[] = [];
  for (const slug of slugs) {
    const story = await db().story.findUniqueOrThrow({ where: { slug }, select: { id: true } });
    await (await fetch(`${origin}/stories/${slug}`)).text(); // readers have the page, Next its cached copy
    if (proxy) await (await fetch(`${proxy}/stories/${slug}`)).text(); // and nginx its copy
    const note = `Bench ${label} update ${randomBytes(6).toString("hex")}.`;
    const started = performance.now();
    const { tags } = await addStoryUpdate(actor, story.id, note);
    const written = performance.now();
    const body = JSON.stringify({ tags, sentAt: Date.now() });
    const expiry = await fetch(`${origin}/api/internal/revalidate`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-newsroom-signature": createHmac("sha256", secret).update(body).digest("hex") },
      body,
    });
    if (!expiry.ok) throw new Error(`cache expiry refused: ${expiry.status}`);
    const expired = performance.now();
    let first = true;
    let firstFetchStale = false;
    let originMs = 0;
    let proxyMs = proxy ? 0 : -1;
    let fetches = 0;
    let lastFetchMs = 0;
    while (!originMs || !proxyMs) {
      const fetchStarted = performance.now();
      const [atOrigin, atProxy] = await Promise.all([
        originMs ? null : fetch(`${origin}/stories/${slug}`).then((r) => r.text()),
        proxyMs ? null : fetch(`${proxy}/stories/${slug}`).then((r) => r.text()),
      ]);
      if (atOrigin !== null) {
        fetches++;
        lastFetchMs = performance.now() - fetchStarted;
        if (atOrigin.includes(note)) originMs = performance.now() - started;
        else if (first) firstFetchStale = true;
        first = false;
      }
      if (atProxy?.includes(note)) proxyMs = performance.now() - started;
      if (performance.now() - started > 10_000) throw new Error(`the update to ${slug} did not show within 10 s`);
      await new Promise((r) => setTimeout(r, 5));
    }
    trials.push({
      ms: originMs,
      firstFetchStale,
      writeMs: written - started,
      expiryMs: expired - written,
      fetches,
      lastFetchMs,
      proxyDelayMs: proxy ? proxyMs - originMs : undefined,
    });
  }
  return trials;
}

async function main() {
  if (canPin) execFileSync("/usr/bin/taskset", ["-p", "-c", "1", String(process.pid)], { stdio: "ignore" });
  let buildSeconds: number | null = null;
  if (CLEAN_BUILD) {
    await rm(path.join(ROOT, ".next"), { recursive: true, force: true });
    const started = performance.now();
    await buildIfNeeded((line) => console.log(`[bench] ${line}`));
    buildSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "newsroom-bench-"));
  const port = await findFreePort(0);
  const origin = `http://127.0.0.1:${port}`;
  const [command, args] = pinned(["scripts/launch.mjs"]);
  const server = spawn(command, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      NEWSROOM_DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: "0",
      SEED_EDITOR_PASSWORD: randomBytes(12).toString("hex"),
      NEWSROOM_SCHEDULER: "off",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  let bare: ChildProcess | undefined;
  let fileServer: RunningNginx | undefined;
  let recipe: RunningNginx | undefined;
  try {
    await waitFor(`${origin}/api/health`, server, 900_000);
    const { databaseUrl } = JSON.parse(readFileSync(path.join(dataDir, "runtime.json"), "utf8")) as { databaseUrl: string };
    const secret = readFileSync(path.join(dataDir, "nextauth-secret"), "utf8").trim();
    // The library's database client reads these (lib/env.ts).
    process.env.DATABASE_URL = databaseUrl;
    process.env.NEXTAUTH_SECRET = secret;

    const seedStarted = performance.now();
    const seeded = await seedStories(databaseUrl, STORIES);
    const seedSeconds = Number(((performance.now() - seedStarted) / 1000).toFixed(1));
    console.log(`[bench] Added ${STORIES} published stories in ${seedSeconds} s.`);
    // Listings were cached before the new stories existed.
    {
      const body = JSON.stringify({
        tags: ["front-page", "search", "feeds", "sitemaps", ...seeded.sectionSlugs.map((slug) => `section:${slug}`)],
        sentAt: Date.now(),
      });
      await fetch(`${origin}/api/internal/revalidate`, {
        method: "POST",
        headers: { "x-newsroom-signature": createHmac("sha256", secret).update(body).digest("hex") },
        body,
      });
    }

    const webPids = () => nodeDescendants(server.pid!);
    const idleRss = rssMb(webPids());
    let peakRss = idleRss;
    const rssSampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(webPids()))), 250);

    const storyResponse = await fetch(`${origin}${STORY}`);
    const storyBytes = Buffer.from(await storyResponse.arrayBuffer());

    // The yardstick: a bare Node.js server sending the story page's bytes.
    const barePort = await findFreePort(0);
    const bareSource = `require("http").createServer((q, s) => { s.writeHead(200, { "content-type": "text/html; charset=utf-8" }); s.end(BODY); }).listen(${barePort}, "127.0.0.1");`;
    const [bareCommand, bareArgs] = pinned(["-e", `const BODY = Buffer.from(${JSON.stringify(storyBytes.toString("base64"))}, "base64"); ${bareSource}`]);
    bare = spawn(bareCommand, bareArgs, { stdio: "ignore" });
    await waitFor(`http://127.0.0.1:${barePort}/`, bare, 10_000);

    const notes: string[] = [];
    const section = `/sections/${seeded.sectionSlugs[0]}`;
    const search = "/search?q=council";
    const exists = async (p: string) => (await fetch(`${origin}${p}`)).status === 200;
    const rows: [string, string][] = [
      ["story page (cached)", STORY],
      ["front page", "/"],
      ["section page", section],
      ["search (?q=council)", search],
    ];
    const figures: Figure[] = [];
    figures.push(await measure("bare Node.js, same bytes", `http://127.0.0.1:${barePort}/`, () => [bare!.pid!]));
    // The second yardstick: nginx sending the same bytes from a file on disk.
    const pin = canPin ? ["/usr/bin/taskset", "-c", "0"] : [];
    if (NGINX && !PUBLISH_ONLY) {
      fileServer = await startNginx(
        (dir, p) => `server { listen 127.0.0.1:${p}; location / { root ${dir}/www; default_type text/html; try_files /story.html =404; } }`,
        pin,
      );
      await writeFile(path.join(fileServer.dir, "www", "story.html"), storyBytes);
      figures.push(await measure("nginx, same bytes from a file", `${fileServer.url}/`, fileServer.pids));
      await fileServer.stop();
      fileServer = undefined;
    } else notes.push("nginx is not installed: no nginx yardstick or recipe figures.");
    for (const [name, p] of PUBLISH_ONLY ? [] : rows) {
      if (!(await exists(p))) {
        notes.push(`${name}: ${p} is not a page on this branch; skipped.`);
        continue;
      }
      figures.push(await measure(name, `${origin}${p}`, webPids));
    }

    // The shipped nginx recipe in front of the server: a crowd on one story (p99 at 8 connections),
    // browsers' requests (gzip), and how much later than the origin a publish shows through it.
    const proxied: Figure[] = [];
    if (NGINX) {
      recipe = await startNginx(
        (dir, p) =>
          renderNginxSite({
            NEWSROOM_UPSTREAMS: `server 127.0.0.1:${port};`,
            NEWSROOM_LISTEN: `127.0.0.1:${p}`,
            NEWSROOM_STATIC_DIR: path.join(ROOT, ".next", "static"),
            NEWSROOM_CACHE_DIR: path.join(dir, "cache"),
          }),
        pin,
      );
      const both = () => [...recipe!.pids(), ...webPids()];
      proxied.push(await measure("story page through nginx, 8 connections", `${recipe.url}${STORY}`, both, { connections: 8 }));
      proxied.push(
        await measure("story page through nginx, 8 connections, gzip", `${recipe.url}${STORY}`, both, {
          connections: 8,
          headers: { "accept-encoding": "gzip" },
        }),
      );
      proxied.push(await measure("story page through nginx, gzip", `${recipe.url}${STORY}`, both, { headers: { "accept-encoding": "gzip" } }));
      proxied.push(await measure("story page through nginx, plain", `${recipe.url}${STORY}`, both));
    }

    const serverTime: Record<string, { p50ms: number; p95ms: number; p99ms: number }> = {};
    for (const [name, p] of PUBLISH_ONLY
      ? []
      : ([
          ["front page", "/"],
          ["search (?q=council)", search],
          ["section page", section],
        ] as const)) {
      if (!(await exists(p))) continue;
      await sequential(`${origin}${p}`, 5);
      serverTime[name] = await sequential(`${origin}${p}`, 200);
    }
    // Search for a different word each time, as readers do (results for one word are cached).
    if (!PUBLISH_ONLY && (await exists(search))) {
      const words = ["harbor", "school", "budget", "transit", "mayor", "river", "bridge", "power", "hospital", "police"];
      const times: number[] = [];
      for (let i = 0; i < 200; i++) {
        const started = performance.now();
        await (await fetch(`${origin}/search?q=${words[i % words.length]}+${i}`)).arrayBuffer();
        times.push(performance.now() - started);
      }
      serverTime["search, a new query each time"] = percentiles(times);
    }

    const slugs = seeded.publishedSlugs.slice(0, PUBLISHES * 2);
    const idle = await publishTrials(origin, secret, slugs.slice(0, PUBLISHES), "idle");
    // The load comes from a process of its own (on the load's core): in this process its callbacks
    // would share one event loop with the write being timed and delay every query of it.
    const loadArgs = [
      path.join(ROOT, "node_modules", "autocannon", "autocannon.js"),
      "-c",
      String(CONNECTIONS),
      "-d",
      "3600",
      "--no-progress",
      `${origin}${STORY}`,
    ];
    const load = canPin
      ? spawn("/usr/bin/taskset", ["-c", "1", process.execPath, ...loadArgs], { stdio: "ignore" })
      : spawn(process.execPath, loadArgs, { stdio: "ignore" });
    await new Promise((r) => setTimeout(r, 1000));
    const busy = await publishTrials(origin, secret, slugs.slice(PUBLISHES), "under load");
    await stopChild(load, 5000);
    clearInterval(rssSampler);
    peakRss = Math.max(peakRss, rssMb(webPids()));
    const summarize = (trials: PublishTrial[]) => ({
      ...percentiles(trials.map((t) => t.ms)),
      n: trials.length,
      staleFirstFetches: trials.filter((t) => t.firstFetchStale).length,
      // Where the time went: the database write, the expiry request, and the fetch that showed it.
      breakdown: {
        writeMs: percentiles(trials.map((t) => t.writeMs)),
        expiryMs: percentiles(trials.map((t) => t.expiryMs)),
        fetchesUntilVisible: percentiles(trials.map((t) => t.fetches)),
        visibleFetchMs: percentiles(trials.map((t) => t.lastFetchMs)),
      },
    });
    const publish = { idle: summarize(idle), underLoad: summarize(busy) };
    const throughProxy = recipe
      ? await publishTrials(origin, secret, seeded.publishedSlugs.slice(PUBLISHES * 2, PUBLISHES * 3), "through nginx", recipe.url)
      : [];
    const proxyDelays = throughProxy.map((t) => t.proxyDelayMs!);
    const proxyDelay = throughProxy.length ? { n: throughProxy.length, ...percentiles(proxyDelays), maxMs: Number(Math.max(...proxyDelays).toFixed(1)) } : null;
    const scripts = {
      story: clientScripts(storyBytes.toString("utf8"), path.join(ROOT, ".next")),
      front: clientScripts(await (await fetch(`${origin}/`)).text(), path.join(ROOT, ".next")),
    };

    const yardstick = figures[0].cpuMsPerRequest;
    const ratio = (f: Figure) => (f === figures[0] ? "1x" : `${(f.cpuMsPerRequest / yardstick).toFixed(1)}x`);
    console.log(
      `\nNewsroom HTTP benchmark: ${STORIES} added stories, ${CONNECTIONS} connections, ${DURATION} s each, ${canPin ? "server on core 0, load on core 1" : "unpinned"}, story page ${storyBytes.length} bytes, load average ${os.loadavg()[0].toFixed(1)}\n`,
    );
    console.log("| page | req/s | p50 ms | p99 ms | server CPU ms/req | CPU vs bare Node | errors |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const f of figures)
      console.log(`| ${f.name} | ${f.requestsPerSecond} | ${f.p50ms} | ${f.p99ms} | ${f.cpuMsPerRequest} | ${ratio(f)} | ${f.errors + f.non2xx} |`);
    console.log("\n| one request at a time | p50 ms | p95 ms | p99 ms | goal |");
    console.log("| --- | ---: | ---: | ---: | --- |");
    for (const [name, t] of Object.entries(serverTime))
      console.log(`| ${name} | ${t.p50ms} | ${t.p95ms} | ${t.p99ms} | p99 < 50 ms: ${t.p99ms < 50 ? "met" : "not met"} |`);
    console.log("\n| publish to visible (origin) | n | p50 ms | p95 ms | first fetch after the write stale | goal |");
    console.log("| --- | ---: | ---: | ---: | ---: | --- |");
    for (const [name, t] of [
      ["idle", publish.idle],
      ["under load", publish.underLoad],
    ] as const) {
      console.log(`| ${name} | ${t.n} | ${t.p50ms} | ${t.p95ms} | ${t.staleFirstFetches} | p95 < 100 ms: ${t.p95ms < 100 ? "met" : "not met"} |`);
    }
    if (proxied.length) {
      console.log("\n| through the nginx recipe | req/s | p50 ms | p99 ms | CPU ms/req (nginx + server) | errors |");
      console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
      for (const f of proxied) console.log(`| ${f.name} | ${f.requestsPerSecond} | ${f.p50ms} | ${f.p99ms} | ${f.cpuMsPerRequest} | ${f.errors + f.non2xx} |`);
      console.log(`Story page p99 through nginx at 8 connections: ${proxied[0].p99ms} ms plain, ${proxied[1].p99ms} ms gzip (goal: under 50 ms).`);
    }
    if (proxyDelay)
      console.log(
        `A publish through nginx, after the origin shows it (n ${proxyDelay.n}): p50 ${proxyDelay.p50ms} ms, p95 ${proxyDelay.p95ms} ms, at most ${proxyDelay.maxMs} ms (goal: within a second).`,
      );
    console.log(
      "\n| publish to visible, where the time went (p50 / p95 ms) | database write | expiry request | fetches until visible | the fetch that showed it |",
    );
    console.log("| --- | ---: | ---: | ---: | ---: |");
    for (const [name, t] of [
      ["idle", publish.idle],
      ["under load", publish.underLoad],
    ] as const) {
      const b = t.breakdown;
      const pair = (p: { p50ms: number; p95ms: number }) => `${p.p50ms} / ${p.p95ms}`;
      console.log(`| ${name} | ${pair(b.writeMs)} | ${pair(b.expiryMs)} | ${pair(b.fetchesUntilVisible)} | ${pair(b.visibleFetchMs)} |`);
    }
    const story = figures.find((f) => f.name === "story page (cached)");
    const nginxFile = figures.find((f) => f.name === "nginx, same bytes from a file");
    console.log(`\nCached story page: ${story ? ratio(story) : "?"} the bare server's CPU per request (goal: 10x or less).`);
    if (story && nginxFile)
      console.log(
        `Cached story page: ${(story.requestsPerSecond / nginxFile.requestsPerSecond).toFixed(2)} of nginx's requests per second for the same bytes from a file (goal: at least 0.25).`,
      );
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log(
      `JavaScript a story page loads: ${scripts.story.files} files, ${kb(scripts.story.bytes)} (${kb(scripts.story.gzipBytes)} gzip; goal under 100 KB gzip); the front page: ${kb(scripts.front.bytes)} (${kb(scripts.front.gzipBytes)} gzip).`,
    );
    console.log(`Web server RSS: ${idleRss} MB idle, ${peakRss} MB peak under load (goal: under 300 MB).`);
    if (buildSeconds !== null) console.log(`Clean build (next build): ${buildSeconds} s.`);
    console.log(`Bulk load of ${STORIES} stories: ${seedSeconds} s.`);
    for (const note of notes) console.log(`Note: ${note}`);

    await mkdir(path.join(ROOT, "bench", "results"), { recursive: true });
    const report = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      loadAverage: os.loadavg(),
      stories: STORIES,
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      pinned: canPin,
      storyBytes: storyBytes.length,
      figures,
      serverTime,
      publishToVisible: publish,
      nginxRecipe: { figures: proxied, publishDelayAfterOriginMs: proxyDelay },
      clientScripts: scripts,
      rssMb: { idle: idleRss, peak: peakRss },
      buildSeconds,
      seedSeconds,
      notes,
    };
    await writeFile(path.join(ROOT, "bench", "results", "latest.json"), `${JSON.stringify(report, null, 2)}\n`);
    console.log("Written to bench/results/latest.json");
  } finally {
    if (bare) await stopChild(bare, 2000);
    await fileServer?.stop();
    await recipe?.stop();
    await stopChild(server, 30_000);
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
