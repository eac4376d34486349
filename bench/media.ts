// `npm run bench:media`: what photo processing costs, and what it costs readers while it runs.
// Starts the production server as `npm start` does (the launcher, on a fresh database and data
// folder), with its job worker on, so that photos are processed where they are in production: in the
// web server's process, one at a time, sharp on one thread. Then:
//   1. one upload of the 4 MB, 12-megapixel phone photo (tests/fixtures/images/IMG_20180725_163423.jpg):
//      the job's time to all renditions (pg-boss's started/completed times), upload to READY, and the
//      web server's peak RSS while it ran;
//   2. BENCH_MEDIA_PHOTOS (default 20) uploads of the same photo at once, and while the server works
//      through them, a published story page under load (autocannon, BENCH_CONNECTIONS connections):
//      its p50/p99 beside the same load with nothing processing, and the server's RSS (idle, peak);
//   3. bytes of the lead photo's renditions as AVIF, WebP and JPEG at the widths a phone (400 CSS px)
//      and a desktop (1200 CSS px) column pick from the srcset.
// Prints the figures and writes bench/results/media.json. Not a test: figures only, and noisy on a
// machine that is doing other work.
// Run with `node --conditions=react-server --import tsx bench/media.ts`.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { findFreePort } from "../scripts/lib/embedded-postgres";
import { ROOT, stopChild } from "../scripts/lib/processes";
import { buildIfNeeded } from "../scripts/lib/build";

const PHOTOS = Number(process.env.BENCH_MEDIA_PHOTOS ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const PHOTO = path.join(ROOT, "tests/fixtures/images/IMG_20180725_163423.jpg");

function rssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return Math.round(kb / 1024);
}

/** The web server's process, as the launcher records it in runtime.json. */
function webServerPid(dataDir: string): number {
  const { webPid } = JSON.parse(readFileSync(path.join(dataDir, "runtime.json"), "utf8")) as { webPid?: number };
  if (!webPid) throw new Error("runtime.json names no web server yet.");
  return webPid;
}

async function waitFor(url: string, timeoutMs: number) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer in time`);
}

async function load(url: string, duration = DURATION) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration });
  return { requests: result.requests.total, p50ms: result.latency.p50, p99ms: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

async function main() {
  await buildIfNeeded((line) => console.log(`[bench] ${line}`));
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "newsroom-bench-media-"));
  const port = await findFreePort(0);
  const origin = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ["scripts/launch.mjs"], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), NEWSROOM_DATA_DIR: dataDir, EMBEDDED_PG_PORT: "0", SEED_EDITOR_PASSWORD: randomBytes(12).toString("hex") },
    stdio: ["ignore", "inherit", "inherit"],
  });
  try {
    await waitFor(`${origin}/api/health`, 900_000);
    const { databaseUrl } = JSON.parse(readFileSync(path.join(dataDir, "runtime.json"), "utf8")) as { databaseUrl: string };
    Object.assign(process.env, {
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: readFileSync(path.join(dataDir, "nextauth-secret"), "utf8").trim(),
      NEWSROOM_DATA_DIR: dataDir,
    });
    const { db } = await import("@/lib/db");
    const { ingestMedia } = await import("@/lib/media/ingest");
    const { stopQueue } = await import("@/lib/scheduling/queue");
    const editor = await db().user.findFirstOrThrow({ where: { role: "EDITOR", active: true }, select: { id: true, name: true, email: true, role: true } });
    const actor = { ...editor, kind: "user" as const };
    const story = await db().story.findFirstOrThrow({ where: { status: "PUBLISHED" }, select: { slug: true }, orderBy: { firstPublishedAt: "desc" } });
    const storyUrl = `${origin}/stories/${story.slug}`;
    const pid = webServerPid(dataDir);
    const bytes = readFileSync(PHOTO);

    const waitReady = async (ids: string[], onTick?: () => void) => {
      for (;;) {
        const left = await db().media.count({ where: { id: { in: ids }, status: "PROCESSING" } });
        onTick?.();
        if (left === 0) return;
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const jobSeconds = async (ids: string[]) => {
      const rows = await db().$queryRawUnsafe<{ seconds: number }[]>(
        `SELECT EXTRACT(EPOCH FROM (completed_on - started_on))::float8 AS seconds FROM pgboss.job WHERE name = 'media-renditions' AND data->>'mediaId' = ANY($1::text[]) AND completed_on IS NOT NULL`,
        ids,
      );
      return rows.map((r) => r.seconds);
    };

    // 1. One photo.
    await (await fetch(storyUrl)).text();
    const idleRss = rssMb([pid]);
    let peakOne = idleRss;
    const uploadStarted = performance.now();
    const one = await ingestMedia(actor, { bytes, fileName: "IMG_20180725_163423.jpg" });
    if (!one.ok) throw new Error(one.message);
    await waitReady([one.media.id], () => (peakOne = Math.max(peakOne, rssMb([pid]))));
    const uploadToReady = (performance.now() - uploadStarted) / 1000;
    const [oneJob] = await jobSeconds([one.media.id]);
    const renditions = await db().mediaRendition.findMany({ where: { mediaId: one.media.id } });
    console.log(`[bench] One photo: ${renditions.length} renditions, job ${oneJob?.toFixed(1)} s, upload to READY ${uploadToReady.toFixed(1)} s.`);

    // 2. Readers while many photos are processed.
    await load(storyUrl, 2); // warm-up
    const quiet = await load(storyUrl);
    const ids: string[] = [];
    const batchStarted = performance.now();
    for (let i = 0; i < PHOTOS; i++) {
      const result = await ingestMedia(actor, { bytes, fileName: `batch-${i}.jpg` });
      if (!result.ok) throw new Error(result.message);
      ids.push(result.media.id);
    }
    let peakBatch = rssMb([pid]);
    const sampler = setInterval(() => (peakBatch = Math.max(peakBatch, rssMb([pid]))), 250);
    const busy: Awaited<ReturnType<typeof load>>[] = [];
    let done = false;
    const readers = (async () => {
      while (!done) busy.push(await load(storyUrl, Math.min(DURATION, 10)));
    })();
    await waitReady(ids);
    done = true;
    await readers;
    clearInterval(sampler);
    const batchSeconds = (performance.now() - batchStarted) / 1000;
    const batchJobs = await jobSeconds(ids);
    const worst = busy.reduce((a, b) => (b.p99ms > a.p99ms ? b : a), busy[0]);
    const busyRequests = busy.reduce((n, b) => n + b.requests, 0);

    // 3. Lead-image bytes at a phone's and a desktop's width.
    const sizeOf = (shape: string, format: string, cssWidth: number) => {
      const candidates = renditions.filter((r) => r.shape === shape && r.format === format).sort((a, b) => a.width - b.width);
      const picked = candidates.find((r) => r.width >= cssWidth) ?? candidates.at(-1);
      return picked ? { width: picked.width, kB: Math.round(picked.byteSize / 102.4) / 10 } : null;
    };
    const leadBytes = Object.fromEntries(
      (["full", "16x9"] as const).flatMap((shape) =>
        [400, 1200].map((css) => [
          `${shape} @ ${css} px`,
          { avif: sizeOf(shape, "avif", css), webp: sizeOf(shape, "webp", css), jpeg: sizeOf(shape, "jpeg", css) },
        ]),
      ),
    );

    const figures = {
      machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
      photo: "IMG_20180725_163423.jpg (4,055,536 bytes, 4048 x 3036)",
      onePhoto: {
        renditions: renditions.length,
        jobSeconds: oneJob,
        uploadToReadySeconds: Number(uploadToReady.toFixed(1)),
        webServerRssMb: { idle: idleRss, peak: peakOne },
      },
      batch: {
        photos: PHOTOS,
        allReadySeconds: Number(batchSeconds.toFixed(1)),
        jobSecondsMedian: batchJobs.sort((a, b) => a - b)[Math.floor(batchJobs.length / 2)],
        storyPageQuiet: quiet,
        storyPageWhileProcessing: {
          runs: busy.length,
          requests: busyRequests,
          worstP99ms: worst?.p99ms,
          p50ms: worst?.p50ms,
          non2xx: busy.reduce((n, b) => n + b.non2xx, 0),
        },
        webServerRssMb: { before: idleRss, peak: peakBatch },
      },
      leadImageBytes: leadBytes,
    };
    console.log(JSON.stringify(figures, null, 2));
    await mkdir(path.join(ROOT, "bench/results"), { recursive: true });
    await writeFile(path.join(ROOT, "bench/results/media.json"), JSON.stringify(figures, null, 2) + "\n");
    await stopQueue();
    await db().$disconnect();
  } finally {
    await stopChild(server, 30_000);
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
