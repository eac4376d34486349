// `npm run bench:import`: the WordPress import (lib/import/wxr/import.ts) of a generated WXR file of
// BENCH_POSTS posts (default 20,000; no photos), into a fresh database. Prints posts per second and
// the peak memory (RSS and JS heap, sampled through the run), at a quarter of the posts and at all of
// them, so that memory that grows with the file shows. Not a test: figures, with the goal beside them
// (at least 200 posts/s, memory flat as the file grows).
//
// Options (environment):
//   BENCH_POSTS    posts in the larger file (default 20000)
//   DATABASE_URL   a PostgreSQL server to use instead of a fresh embedded one (a new database is
//                  created there and dropped afterwards)
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type RunningPostgres } from "../scripts/lib/embedded-postgres";
import { migrate } from "../scripts/lib/database";
import { prng } from "./prng";

const POSTS = Number(process.env.BENCH_POSTS ?? 20_000);
if (!Number.isInteger(POSTS) || POSTS < 100) throw new Error("BENCH_POSTS must be a whole number of at least 100.");

const WORDS = "council budget river flood school vote mayor police court hospital storm bridge market election park library water power road tax".split(" ");

/** Writes a WXR 1.2 file of `posts` posts (paragraphs, a list, links, a shortcode, categories and tags), streamed. */
async function writeWxr(file: string, posts: number): Promise<void> {
  const random = prng(42);
  const word = () => WORDS[Math.floor(random() * WORDS.length)];
  const sentence = (n: number) => Array.from({ length: n }, word).join(" ");
  const out = createWriteStream(file);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once("drain", () => resolve())));
  await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench Gazette</title><link>https://bench.example</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://bench.example</wp:base_site_url><wp:base_blog_url>https://bench.example</wp:base_blog_url>
${Array.from({ length: 20 }, (_, i) => `<wp:author><wp:author_login>writer${i}</wp:author_login><wp:author_email>writer${i}@bench.example</wp:author_email><wp:author_display_name><![CDATA[Writer ${i}]]></wp:author_display_name></wp:author>`).join("\n")}
${Array.from({ length: 8 }, (_, i) => `<wp:category><wp:term_id>${i + 1}</wp:term_id><wp:category_nicename>section-${i}</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Section ${i}]]></wp:cat_name></wp:category>`).join("\n")}
`);
  for (let id = 1; id <= posts; id++) {
    const day = new Date(Date.UTC(2010, 0, 1) + id * 3_600_000);
    const date = day.toISOString().slice(0, 19).replace("T", " ");
    const [y, m, d] = date.slice(0, 10).split("-");
    const slug = `post-${id}-${word()}`;
    const tags = Array.from({ length: 3 }, () => word());
    await write(`<item><title>${sentence(8)} ${id}</title><link>https://bench.example/${y}/${m}/${d}/${slug}/</link>
<dc:creator>writer${id % 20}</dc:creator><guid isPermaLink="false">https://bench.example/?p=${id}</guid>
<content:encoded><![CDATA[${sentence(40)}

${sentence(30)} <a href="https://bench.example/${y}/${m}/${d}/post-${id - 1}/">earlier</a> <strong>${sentence(3)}</strong>.

<ul><li>${sentence(6)}</li><li>${sentence(6)}</li></ul>

[gallery ids="1,2"]

${sentence(50)}]]></content:encoded><excerpt:encoded><![CDATA[${sentence(12)}]]></excerpt:encoded>
<wp:post_id>${id}</wp:post_id><wp:post_date_gmt>${date}</wp:post_date_gmt><wp:post_modified_gmt>${date}</wp:post_modified_gmt>
<wp:post_name>${slug}</wp:post_name><wp:status>${id % 10 === 0 ? "draft" : "publish"}</wp:status><wp:post_type>post</wp:post_type><wp:post_password></wp:post_password><wp:is_sticky>0</wp:is_sticky>
<category domain="category" nicename="section-${id % 8}"><![CDATA[Section ${id % 8}]]></category>
${tags.map((t) => `<category domain="post_tag" nicename="${t}"><![CDATA[${t}]]></category>`).join("")}
<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_content><![CDATA[${sentence(5)}]]></wp:comment_content></wp:comment>
</item>
`);
  }
  await write("</channel></rss>\n");
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

async function main() {
  const cleanups: (() => Promise<void>)[] = [];
  const runAll = async () => {
    for (const cleanup of cleanups) await cleanup().catch((error) => console.error(error));
  };
  const work = await mkdtemp(path.join(os.tmpdir(), "newsroom-bench-import-"));
  cleanups.push(() => rm(work, { recursive: true, force: true }));
  try {
    let adminUrl = process.env.DATABASE_URL;
    if (!adminUrl) {
      // eslint-disable-next-line prefer-const -- the cleanup is registered before the start it undoes
      let postgres: RunningPostgres | undefined;
      // A folder of its own: as root, PostgreSQL runs as its own user, which must reach it (a temporary folder's parent is private).
      const dataDir = await mkdtemp(path.join(os.tmpdir(), "newsroom-bench-pg-"));
      cleanups.unshift(async () => {
        await postgres?.stop();
        await rm(dataDir, { recursive: true, force: true });
      });
      postgres = await startEmbeddedPostgres({ dataDir, port: 0, ephemeral: true });
      adminUrl = postgres.url("postgres");
    }
    const database = `newsroom_bench_import_${process.pid}_${randomBytes(3).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
    await admin.end();
    if (process.env.DATABASE_URL) {
      cleanups.unshift(async () => {
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
        await c.end();
      });
    }
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    await migrate(url.toString(), { quiet: true });
    process.env.DATABASE_URL = url.toString();
    process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("hex");
    process.env.DATABASE_POOL_SIZE = "8";
    const { db } = await import("@/lib/db");
    const { importWordPress } = await import("@/lib/import/wxr/import");
    cleanups.unshift(() => db().$disconnect());
    const user = await db().user.create({
      data: { email: "bench-admin@bench.example", name: "Bench Admin", role: "ADMIN", passwordHash: "" },
      select: { id: true, name: true, email: true, role: true },
    });
    const actor = { ...user, kind: "user" as const };

    const run = async (posts: number) => {
      const file = path.join(work, `posts-${posts}.xml`);
      await writeWxr(file, posts);
      const size = (await stat(file)).size;
      global.gc?.();
      let peakRss = 0;
      let peakHeap = 0;
      const sample = () => {
        const usage = process.memoryUsage();
        peakRss = Math.max(peakRss, usage.rss);
        peakHeap = Math.max(peakHeap, usage.heapUsed);
      };
      const timer = setInterval(sample, 50);
      const started = performance.now();
      const { report } = await importWordPress(actor, file, { fetchPhotos: false, onProgress: (p) => p.done % 500 === 0 && sample() });
      const seconds = (performance.now() - started) / 1000;
      clearInterval(timer);
      sample();
      const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
      console.log(
        `${posts.toLocaleString("en-US")} posts (${mb(size)} file): ${report.created} created, ${report.failed} failed in ${seconds.toFixed(1)} s = ${(posts / seconds).toFixed(0)} posts/s; peak RSS ${mb(peakRss)}, peak heap ${mb(peakHeap)}`,
      );
      await db().story.deleteMany({});
      return posts / seconds;
    };
    console.log(`WordPress import, no photos, ${os.cpus().length} cores. Goal: at least 200 posts/s, memory flat as the file grows.`);
    await run(Math.round(POSTS / 4));
    await run(POSTS);
  } finally {
    await runAll();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
