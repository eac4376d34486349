// `npm run bench:search`: reader search (findSearchResults, the query behind /search) on a database of
// BENCH_STORIES stories (default 100,000), with a query mix from rare words to the commonest, phrases,
// prefixes and filters. Prints p50/p95/p99 per kind and overall, and EXPLAIN ANALYZE of the slowest kind.
// Not a test: figures only, with the goal (p99 under 50 ms) beside them.
//
// The text is generated with a Zipf-like vocabulary (a few words in most stories, most words in few),
// as real news text is. Timed is the lib call (Prisma, one SQL statement, highlighting); the page's
// render and Next's cache (which serves a repeated query without the database) are outside it.
//
// Run with `node --conditions=react-server --import tsx bench/search.ts`.
// Options (environment):
//   BENCH_STORIES   stories (default 100000; 90% published)
//   BENCH_RUNS      measured runs of each query (default 20), after BENCH_WARMUP (default 3)
//   DATABASE_URL    a PostgreSQL server to use instead of a fresh embedded one (a new database is
//                   created there and dropped afterwards)
//   BENCH_SEEDED_URL a database this script seeded before (and that was kept): measure only
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type RunningPostgres } from "../scripts/lib/embedded-postgres";
import { migrate } from "../scripts/lib/database";
import { prng } from "./prng";

const count = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1.`);
  return value;
};
const STORIES = count("BENCH_STORIES", 100_000);
const RUNS = count("BENCH_RUNS", 20);
const WARMUP = count("BENCH_WARMUP", 3);
const GOAL_P99_MS = 50;

const COMMON = (
  "council river flood water city mayor officials said monday tuesday residents downtown record levels emergency " +
  "shelters opened rain county roads closed bridge power outage homes electricity utility crews night volunteers " +
  "school district classes governor state disaster federal week storms weekend police department rescues boats " +
  "firefighters apartment building insurance damage millions business owners street cleanup hospital transit " +
  "service traffic budget vote meeting public hearing board members plan engineers levee election court judge"
).split(" ");
const SYLLABLES = "ka lo mi ne ru sa te vi do pa ri zo ba fe gu ha ji ko lu mo".split(" ");

/** A vocabulary of real common words, then made-up rarer ones: rank 1 is the commonest. */
function vocabulary(size: number): string[] {
  const words = [...COMMON];
  for (let i = 0; words.length < size; i++) {
    let n = i;
    let word = "";
    do {
      word += SYLLABLES[n % SYLLABLES.length];
      n = Math.floor(n / SYLLABLES.length);
    } while (n > 0 || word.length < 6);
    words.push(word);
  }
  return words;
}
const VOCABULARY = vocabulary(30_000);

type Stats = { n: number; p50: number; p95: number; p99: number; max: number };
function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { n: sorted.length, p50: round(rank(50)), p95: round(rank(95)), p99: round(rank(99)), max: round(sorted.at(-1)!) };
}

async function seed(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = Date.now();
  try {
    await client.query(`INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt")
      SELECT gen_random_uuid(), 'reporter-' || i || '@bench.test', 'Reporter ' || i, 'x', now() FROM generate_series(1, 40) i`);
    await client.query(`INSERT INTO "Section" (id, slug, name, position)
      SELECT gen_random_uuid(), lower(n), n, p FROM unnest(ARRAY['Local','Politics','Business','Weather','Sports','Arts','Opinion','Obituaries']) WITH ORDINALITY s(n, p)`);
    // Text is drawn in JavaScript (fast, seeded) and inserted in batches. Word ranks are drawn as
    // floor(N * u^3) for bodies and u^2 for headlines: a Zipf-like skew.
    const next = prng(42);
    const words = (n: number, skew: number) => Array.from({ length: n }, () => VOCABULARY[Math.floor(VOCABULARY.length * next() ** skew)]).join(" ");
    const paragraphs = Array.from({ length: 4000 }, (_, i) => words(50 + (i % 21), 3));
    await client.query(`CREATE TEMP TABLE para AS SELECT (ord - 1)::int AS n, text FROM unnest($1::text[]) WITH ORDINALITY AS p(text, ord)`, [paragraphs]);
    await client.query(`ALTER TABLE para ADD PRIMARY KEY (n)`);
    const BATCH = 5000;
    for (let from = 1; from <= STORIES; from += BATCH) {
      const ns = Array.from({ length: Math.min(BATCH, STORIES - from + 1) }, (_, i) => from + i);
      const headlines = ns.map(() => words(7, 2).replace(/^./, (c) => c.toUpperCase()));
      const deks = ns.map(() => words(16, 2));
      await client.query(
        `WITH users AS (SELECT array_agg(id) AS ids, array_agg(name) AS names FROM "User"),
              sections AS (SELECT array_agg(id ORDER BY position) AS ids FROM "Section")
         INSERT INTO "Story" (id, slug, "sectionId", headline, dek, body, status, "firstPublishedAt", "lastUpdatedAt", "createdById", "bylineText", "updatedAt")
         SELECT gen_random_uuid(), 'bench-' || s.n, sec.ids[1 + s.n % 8], s.headline, s.dek,
           jsonb_build_object('type', 'doc', 'content', (
             SELECT jsonb_agg(jsonb_build_object('type', 'paragraph', 'content', jsonb_build_array(jsonb_build_object('type', 'text', 'text', p.text))) ORDER BY k)
             FROM generate_series(1, 7) k JOIN para p ON p.n = (s.n * 7919 + k * 104729) % 4000)),
           CASE WHEN s.n % 10 = 0 THEN 'DRAFT' ELSE 'PUBLISHED' END::"StoryStatus",
           CASE WHEN s.n % 10 = 0 THEN NULL ELSE now() - s.n * interval '20 minutes' END,
           CASE WHEN s.n % 10 = 0 THEN NULL ELSE now() - s.n * interval '20 minutes' END,
           u.ids[1 + s.n % 40], u.names[1 + s.n % 40], now()
         FROM unnest($1::int[], $2::text[], $3::text[]) AS s(n, headline, dek), users u, sections sec`,
        [ns, headlines, deks],
      );
    }
    await client.query(`VACUUM ANALYZE`);
    const size = await client.query<{ stories: number; table: string; index: string }>(`SELECT count(*)::int AS stories,
      pg_size_pretty(pg_total_relation_size('"Story"')) AS table, pg_size_pretty(pg_relation_size('"Story_searchVector_idx"')) AS index FROM "Story"`);
    return { seconds: (Date.now() - started) / 1000, ...size.rows[0] };
  } finally {
    await client.end();
  }
}

/** Times the query mix on an already seeded database (BENCH_SEEDED_URL), or seeds a fresh one. */
async function main() {
  const cleanups: (() => Promise<void>)[] = [];
  if (process.env.BENCH_SEEDED_URL) return measure(process.env.BENCH_SEEDED_URL, cleanups).finally(() => runAll(cleanups));
  const database = `newsroom_bench_search_${process.pid}_${randomBytes(3).toString("hex")}`;
  try {
    let adminUrl = process.env.DATABASE_URL;
    if (!adminUrl) {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), "newsroom-bench-pg-"));
      // eslint-disable-next-line prefer-const -- the cleanup is registered before the start it undoes
      let postgres: RunningPostgres | undefined;
      cleanups.push(async () => {
        await postgres?.stop();
        await rm(dataDir, { recursive: true, force: true });
      });
      postgres = await startEmbeddedPostgres({ dataDir, port: 0, ephemeral: true });
      adminUrl = postgres.url("postgres");
    }
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    if (process.env.DATABASE_URL) {
      cleanups.unshift(async () => {
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
        await c.end();
      });
    }
    await migrate(url.toString(), { quiet: true });
    console.log(`Seeding ${STORIES.toLocaleString("en-US")} stories…`);
    const seeded = await seed(url.toString());
    console.log(`Seeded in ${seeded.seconds.toFixed(0)} s: Story table ${seeded.table}, search index ${seeded.index}.`);

    await measure(url.toString(), cleanups);
  } finally {
    await runAll(cleanups);
  }
}

async function runAll(cleanups: (() => Promise<void>)[]) {
  for (const cleanup of cleanups) await cleanup().catch((error) => console.error(error));
}

async function measure(databaseUrl: string, cleanups: (() => Promise<void>)[]) {
  {
    process.env.DATABASE_URL = databaseUrl;
    process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("hex");
    process.env.DATABASE_POOL_SIZE = "2";
    const { findSearchResults, SEARCH_RANK_WINDOW } = await import("@/lib/search/search");
    const { readSearchRequest } = await import("@/lib/search/params");
    const { db } = await import("@/lib/db");
    const { PUBLICLY_VISIBLE_SQL } = await import("@/lib/stories/visibility");
    cleanups.unshift(() => db().$disconnect());

    const w = (rank: number) => VOCABULARY[rank - 1];
    const kinds: [string, Record<string, string>][] = [
      ["commonest word", { q: w(1) }],
      ["common word", { q: w(40) }],
      ["mid word", { q: w(2000) }],
      ["rare word", { q: w(25_000) }],
      ["two common words", { q: `${w(3)} ${w(7)}` }],
      ["common + rare", { q: `${w(5)} ${w(20_000)}` }],
      ["phrase", { q: `"${w(1)} ${w(2)}"` }],
      ["short prefix", { q: `${w(100).slice(0, 3)}` }],
      ["exclusion", { q: `${w(10)} -${w(11)}` }],
      ["or", { q: `${w(300)} or ${w(400)}` }],
      ["common, section", { q: w(2), section: "sports" }],
      ["common, 30 days", { q: w(2), from: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10), to: new Date().toISOString().slice(0, 10) }],
      ["common, page 20", { q: w(1), page: "20" }],
      ["stop words only", { q: "the of and" }],
    ];
    const all: number[] = [];
    const rows: (Stats & { kind: string; query: string; total: number })[] = [];
    for (const [kind, params] of kinds) {
      const request = readSearchRequest(params, "America/New_York");
      const samples: number[] = [];
      let total = 0;
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const start = process.hrtime.bigint();
        total = (await findSearchResults(request)).total;
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        if (i >= WARMUP) samples.push(ms);
      }
      all.push(...samples);
      rows.push({ kind, query: JSON.stringify(params), total, ...stats(samples) });
    }
    console.table(
      rows.map((r) => ({ kind: r.kind, query: r.query.slice(0, 60), matches: r.total, "p50 ms": r.p50, "p95 ms": r.p95, "p99 ms": r.p99, "max ms": r.max })),
    );
    const overall = stats(all);
    console.log(`Overall: p50 ${overall.p50} ms, p95 ${overall.p95} ms, p99 ${overall.p99} ms over ${overall.n} searches (goal: p99 < ${GOAL_P99_MS} ms).`);

    const slowest = rows.reduce((a, b) => (b.p95 > a.p95 ? b : a));
    const request = readSearchRequest(JSON.parse(slowest.query), "America/New_York");
    const plan = await db().$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
      `EXPLAIN (ANALYZE, BUFFERS) SELECT s.id, ts_rank_cd(s."searchVector", to_tsquery('english', $1)) FROM "Story" s
       WHERE s."searchVector" @@ to_tsquery('english', $1) AND ${PUBLICLY_VISIBLE_SQL}
       ORDER BY s."firstPublishedAt" DESC, s.id DESC LIMIT ${SEARCH_RANK_WINDOW}`,
      request.query.tsquery,
    );
    console.log(`\nEXPLAIN ANALYZE of the candidate match and ranking for the slowest kind (${slowest.kind}):`);
    for (const line of plan) console.log(`  ${line["QUERY PLAN"]}`);
  }
}

await main();
