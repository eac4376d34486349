// `npm run bench:newsletter`: one digest sent to BENCH_SUBSCRIBERS generated subscribers through a
// local SMTP server (smtp-server, in a child process) by the app's own sender (lib/newsletters/send.ts,
// the function the pg-boss job runs), once per configured rate. Prints, per rate, messages per second,
// the sender's CPU per message, its peak memory (resident set, sampled every 100 ms), the SMTP
// server's CPU per message, and what the SMTP server counted: each address exactly once. The highest
// rate the app accepts (10000/s) measures the app's own ceiling. Not a test: figures only.
//
// Options (environment):
//   BENCH_SUBSCRIBERS  subscribers (default 50000)
//   BENCH_RATES        messages per second, one send per rate (default 200,1000,10000)
//   NEWSLETTER_RATE    one rate instead of BENCH_RATES
//   DATABASE_URL       a PostgreSQL server to use instead of a fresh embedded one (a new database is
//                      created there and dropped afterwards)
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { startEmbeddedPostgres, type RunningPostgres } from "../scripts/lib/embedded-postgres";
import { migrate } from "../scripts/lib/database";

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 50_000);
const RATES = (process.env.NEWSLETTER_RATE ?? process.env.BENCH_RATES ?? "200,1000,10000").split(",").map(Number);
if (RATES.some((rate) => !Number.isInteger(rate) || rate < 1 || rate > 10_000)) throw new Error("Rates are whole numbers from 1 to 10000.");
process.env.NEWSLETTER_RATE = String(RATES[0]);

const cleanups: (() => Promise<void>)[] = [];

async function database(): Promise<string> {
  const name = `newsroom_bench_mail_${process.pid}`;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "newsroom-bench-pg-"));
    let postgres: RunningPostgres | undefined = undefined;
    cleanups.push(async () => {
      await postgres?.stop();
      await rm(dataDir, { recursive: true, force: true });
    });
    postgres = await startEmbeddedPostgres({ dataDir, port: 0, ephemeral: true });
    adminUrl = postgres.url("postgres");
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const external = process.env.DATABASE_URL;
  if (external)
    cleanups.unshift(async () => {
      const client = new pg.Client({ connectionString: external });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrate(url.toString(), { quiet: true });
  return url.toString();
}

type Counts = { messages: number; addresses: number; duplicates: number; cpuMs: number };

async function main() {
  const url = await database();
  const sink = fork(fileURLToPath(new URL("./smtp-sink.ts", import.meta.url)), [], { execArgv: ["--import", "tsx"] });
  cleanups.unshift(async () => {
    sink.send("stop");
  });
  const smtpUrl = await new Promise<string>((resolve) => sink.once("message", (m) => resolve((m as { url: string }).url)));

  process.env.DATABASE_URL = url;
  process.env.NEXTAUTH_SECRET = randomBytes(32).toString("hex");
  process.env.SMTP_URL = smtpUrl;
  const { db } = await import("@/lib/db");
  const { createStory } = await import("@/lib/stories/mutations");
  const { storyInputSchema } = await import("@/lib/stories/schemas");
  const { prepareDigest, queueIssue, issueProgress } = await import("@/lib/newsletters/issues");
  const { sendIssue } = await import("@/lib/newsletters/send");
  const { stopQueue } = await import("@/lib/scheduling/queue");

  const user = await db().user.create({ data: { email: "editor@bench.test", name: "Bench Editor", role: "EDITOR", passwordHash: "x" }, select: { id: true } });
  const editor = { id: user.id, name: "Bench Editor", email: "editor@bench.test", role: "EDITOR" as const, kind: "user" as const };
  const section = await db().section.create({ data: { name: "Metro", slug: "metro" }, select: { id: true } });
  for (let i = 0; i < 7; i++) {
    await createStory(editor, {
      intent: "publish",
      values: storyInputSchema.parse({
        headline: `Council passes budget, part ${i + 1}`,
        slug: "",
        dek: "The vote was 7 to 2 after a long night.",
        body: "A paragraph.",
        sectionId: section.id,
        creditLine: "",
        bylines: [{ userId: "", name: "Outside Writer", title: "" }],
        relatedIds: [],
      }),
    });
  }
  // One list per rate, every subscriber on each, so that each send is a fresh issue to everyone.
  const lists = [];
  for (const i of RATES.keys())
    lists.push(
      await db().newsletter.create({
        data: {
          name: `Morning briefing ${i + 1}`,
          slug: `morning-briefing-${i + 1}`,
          senderName: "The Ledger",
          senderAddress: "news@ledger.test",
          sendTime: "06:00",
        },
        select: { id: true },
      }),
    );
  const seeded = Date.now();
  await db()
    .$executeRaw`INSERT INTO "Subscriber" (id, email, status, "confirmedAt") SELECT gen_random_uuid(), 'reader' || n || '@bench.test', 'ACTIVE', now() FROM generate_series(1, ${SUBSCRIBERS}) n`;
  for (const list of lists)
    await db().$executeRaw`INSERT INTO "Subscription" ("subscriberId", "newsletterId", "confirmedAt") SELECT id, ${list.id}::uuid, now() FROM "Subscriber"`;
  console.log(`Seeded ${SUBSCRIBERS.toLocaleString("en-US")} subscribers in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);

  const issues: { rate: number; issueId: string; recipients: number; queueSeconds: number }[] = [];
  for (const [i, list] of lists.entries()) {
    const { issueId } = await prepareDigest(editor, list.id);
    const queuedAt = Date.now();
    const { recipients } = await queueIssue(editor, issueId);
    issues.push({ rate: RATES[i], issueId, recipients, queueSeconds: (Date.now() - queuedAt) / 1000 });
  }
  await stopQueue(); // the jobs queueIssue woke would send too; here the sender is called directly

  const sinkCall = <T>(message: string) =>
    new Promise<T>((resolve) => {
      sink.once("message", (m) => resolve(m as T));
      sink.send(message);
    });
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rows: string[] = [];
  for (const { rate, issueId, recipients, queueSeconds } of issues) {
    await sinkCall("reset");
    let peakRss = 0;
    const samples: number[] = [];
    const sample = () => {
      const { rss } = process.memoryUsage();
      peakRss = Math.max(peakRss, rss);
      samples.push(rss);
    };
    sample();
    const sampler = setInterval(sample, 100);
    // Progress every 15 s: a long run on a busy machine says how far it is.
    const reporter = setInterval(async () => {
      const p = await issueProgress(editor, issueId);
      const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
      console.log(
        `  ${rate}/s, ${elapsed.toFixed(0)} s: ${p.sent.toLocaleString("en-US")} sent (${(p.sent / elapsed).toFixed(0)}/s), resident ${mb(peakRss)} at most so far`,
      );
    }, 15_000);
    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    let result = await sendIssue(issueId, { rate });
    while (!result.done) result = await sendIssue(issueId, { rate });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    clearInterval(sampler);
    clearInterval(reporter);
    sample();

    const counts = await sinkCall<Counts>("counts");
    const progress = await issueProgress(editor, issueId);
    const tenth = samples.slice(0, Math.max(1, Math.floor(samples.length / 10)));
    const last = samples.slice(-Math.max(1, Math.floor(samples.length / 10)));
    const once = counts.messages === recipients && counts.addresses === recipients && counts.duplicates === 0;
    const sent = Math.max(1, progress.sent);
    rows.push(
      `| ${rate}/s | ${recipients.toLocaleString("en-US")} | ${queueSeconds.toFixed(1)} s | ${progress.sent.toLocaleString("en-US")} in ${seconds.toFixed(1)} s | ${(progress.sent / seconds).toFixed(0)} | ${((cpu.user + cpu.system) / 1000 / sent).toFixed(2)} ms | ${(counts.cpuMs / sent).toFixed(2)} ms | ${mb(peakRss)} | ${mb(avg(tenth))} / ${mb(avg(last))} | ${once ? "yes" : "NO"} (${counts.messages.toLocaleString("en-US")} messages, ${counts.duplicates} duplicates) |`,
    );
    console.log(rows.at(-1));
  }
  console.log(`
Load average at the end: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(", ")} (${os.cpus().length} cores)

| configured rate | subscribers | queueing | sent | messages/s | sender CPU per message | SMTP server CPU per message | sender peak resident | resident, first / last tenth | each address exactly once |
| --------------: | ----------: | -------: | ---: | ---------: | ---------------------: | --------------------------: | -------------------: | ---------------------------: | ------------------------- |
${rows.join("\n")}
`);
  const holder = globalThis as { newsroomDb?: { $disconnect(): Promise<void> } };
  await holder.newsroomDb?.$disconnect();
  const mail = (globalThis as { newsroomMail?: { pooled?: { close(): void } } }).newsroomMail;
  mail?.pooled?.close();
}

try {
  await main();
} finally {
  for (const cleanup of cleanups) await cleanup().catch((error) => console.error("cleanup:", error));
}
process.exit(0);
