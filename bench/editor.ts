// `npm run bench:editor`: server time of the editor's writes, measured at the lib level (the functions
// the server actions call), on a database the size of a working newsroom. Prints a table and writes
// bench/results/editor.json. Not a test: it has no pass/fail, only figures and the goal beside them.
//
//   autosave: updateStory(..., { intent: "save", autosave: true }) by the story's reporter, each based on
//             the latest version and changing one word of the body, back to back (same author within a
//             minute, so they coalesce into one revision a minute as in real typing);
//   publish:  updateStory(..., { intent: "publish" }) by an editor, on the same story, with a one-word
//             change. Between two publishes the story is unpublished with unpublishStory, untimed.
//
// Timed is the lib call alone (process.hrtime.bigint around updateStory); the action's input parsing
// (storyInputSchema, a fraction of a millisecond), session lookup and cache expiry are outside it.
//
// Run with `node --conditions=react-server --import tsx bench/editor.ts`: the react-server condition
// makes "server-only" an empty module, as it is inside Next's server bundle.
// Options (environment):
//   BENCH_STORIES    stories in the database (default 10000)
//   BENCH_REVISIONS  revisions of the story under test before the run (default 200)
//   BENCH_AUTOSAVES  measured autosaves (default 200)
//   BENCH_PUBLISHES  measured publishes (default 50)
//   BENCH_WARMUP     unmeasured iterations of each before measuring (default 20)
//   DATABASE_URL     a PostgreSQL server to use instead of a fresh embedded one: a new database is
//                    created there and dropped afterwards
import { randomBytes, randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type RunningPostgres } from "../scripts/lib/embedded-postgres";
import { describeUrl, migrate } from "../scripts/lib/database";
import { ROOT } from "../scripts/lib/processes";
import type { Actor } from "@/lib/auth/permissions";
import type { StoryInput, StoryValues } from "@/lib/stories/schemas";
import { prng } from "./prng";

const count = (name: string, fallback: number, min: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number of at least ${min}.`);
  return value;
};
const STORIES = count("BENCH_STORIES", 10_000, 10);
const REVISIONS = count("BENCH_REVISIONS", 200, 1);
const AUTOSAVES = count("BENCH_AUTOSAVES", 200, 1);
const PUBLISHES = count("BENCH_PUBLISHES", 50, 1);
const WARMUP = count("BENCH_WARMUP", 20, 0);
const AUTOSAVE_GOAL_P95_MS = 50;
const BODY_VARIANTS = 64; // distinct generated bodies the seeded stories are made from

// ---------------------------------------------------------------------------------------------
// Generated text: deterministic, newsy enough, ~5 KB per body.

const WORDS = (
  "the council river flood water city mayor officials said on monday tuesday residents downtown crest " +
  "record levels emergency shelters opened after heavy rain across county roads closed bridge power " +
  "outage thousands homes without electricity according to utility spokesperson crews worked through " +
  "night sandbags volunteers neighborhood school district announced classes canceled governor declared " +
  "state disaster federal aid expected week forecasters warned more storms could arrive by weekend " +
  "police department reported several rescues boats firefighters helped elderly couple from their " +
  "apartment building insurance claims damage estimates millions business owners along main street " +
  "cleanup begin once waters recede hospital remained open generators backup transit agency suspended " +
  "service lines detours commuters traffic delays budget vote postponed meeting public hearing " +
  "reporters photographers correspondent interview statement board members plan review engineers levee"
).split(" ");

function sentence(next: () => number): string {
  const length = 10 + Math.floor(next() * 14);
  const words = Array.from({ length }, () => WORDS[Math.floor(next() * WORDS.length)]);
  words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  return `${words.join(" ")}.`;
}

/** About 5 KB of story text in the body field's plain-text format: paragraphs, a subhead, a quotation. */
function storyText(seed: number): string[] {
  const next = prng(seed);
  const paragraph = (sentences: number) => Array.from({ length: sentences }, () => sentence(next)).join(" ");
  const blocks: string[] = [];
  for (let i = 0; i < 7; i++) blocks.push(paragraph(4 + Math.floor(next() * 3)));
  blocks.splice(3, 0, `> ${paragraph(2)}`);
  blocks.splice(6, 0, `## ${sentence(next).replace(/\.$/, "")}`);
  return blocks;
}

// ---------------------------------------------------------------------------------------------
// Statistics

type Stats = { n: number; meanMs: number; p50Ms: number; p95Ms: number; minMs: number; maxMs: number };

function stats(samplesMs: number[]): Stats {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]; // nearest rank
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    n: sorted.length,
    meanMs: round(sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length),
    p50Ms: round(rank(50)),
    p95Ms: round(rank(95)),
    minMs: round(sorted[0]),
    maxMs: round(sorted[sorted.length - 1]),
  };
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = process.hrtime.bigint();
  const result = await run();
  return { result, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

// ---------------------------------------------------------------------------------------------
// The database: a fresh embedded PostgreSQL, or a fresh database on DATABASE_URL's server.

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

type BenchDatabase = { url: string; where: string };

/** Creates the database; `onCleanup` receives how to remove it as soon as there is something to remove. */
async function createDatabase(onCleanup: (cleanup: () => Promise<void>) => void): Promise<BenchDatabase> {
  const external = process.env.DATABASE_URL;
  const database = `newsroom_bench_${process.pid}_${randomBytes(3).toString("hex")}`;
  let adminUrl: string;
  let where: string;
  if (external) {
    adminUrl = external;
    where = describeUrl(withDatabase(external, database));
  } else {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "newsroom-bench-pg-"));
    // stop() removes an ephemeral cluster's folder, but not when PostgreSQL has already exited (Ctrl-C
    // reaches the whole process group), hence the rm.
    // eslint-disable-next-line prefer-const -- the cleanup is registered before the start it undoes
    let postgres: RunningPostgres | undefined;
    onCleanup(async () => {
      await postgres?.stop();
      await rm(dataDir, { recursive: true, force: true });
    });
    postgres = await startEmbeddedPostgres({ dataDir, port: 0, ephemeral: true });
    adminUrl = postgres.url("postgres");
    where = `embedded PostgreSQL (port ${postgres.port})`;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  } finally {
    await admin.end().catch(() => {});
  }
  if (external) {
    onCleanup(async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
      } finally {
        await client.end().catch(() => {});
      }
    });
  }
  const url = withDatabase(adminUrl, database);
  await migrate(url, { quiet: true });
  return { url, where };
}

// ---------------------------------------------------------------------------------------------
// Seeding with a few set-based statements.

type Seeded = {
  storyId: string;
  slug: string;
  input: Omit<StoryInput, "body">;
  paragraphs: string[];
  reporter: Actor;
  editor: Actor;
  seedSeconds: number;
  bodyBytes: number;
  serverVersion: string;
};

async function seed(url: string, textToBody: (text: string) => unknown, slugify: (text: string) => string): Promise<Seeded> {
  const started = process.hrtime.bigint();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$YmVuY2hiZW5jaGJlbmNo$bm90IGEgcmVhbCBwYXNzd29yZCBoYXNo"; // nobody signs in
    const users = await client.query<{ id: string; email: string; name: string; role: "EDITOR" | "REPORTER" }>(
      `INSERT INTO "User" (id, email, name, title, "passwordHash", role, "updatedAt")
       SELECT gen_random_uuid(),
              CASE WHEN i = 1 THEN 'editor@bench.test' ELSE 'reporter-' || i || '@bench.test' END,
              CASE WHEN i = 1 THEN 'Bench Editor' ELSE 'Reporter ' || i END,
              CASE WHEN i % 3 = 0 THEN 'staff writer' ELSE '' END,
              $1, CASE WHEN i <= 4 THEN 'EDITOR' ELSE 'REPORTER' END::"Role", now()
       FROM generate_series(1, 40) AS i
       RETURNING id, email, name, role`,
      [dummyHash],
    );
    const editorRow = users.rows.find((u) => u.email === "editor@bench.test")!;
    const reporterRow = users.rows.find((u) => u.email === "reporter-5@bench.test")!;
    const actor = (row: typeof editorRow): Actor => ({ id: row.id, email: row.email, name: row.name, role: row.role, kind: "user" });

    await client.query(
      `INSERT INTO "Section" (id, slug, name, position)
       SELECT gen_random_uuid(), lower(replace(name, ' ', '-')), name, position
       FROM unnest($1::text[]) WITH ORDINALITY AS s(name, position)`,
      [["Local", "Politics", "Business", "Weather", "Sports", "Arts", "Opinion", "Obituaries"]],
    );
    const tagNames = Array.from({ length: 40 }, (_, i) => `${WORDS[(i * 11) % WORDS.length]} ${WORDS[(i * 17 + 5) % WORDS.length]} ${i}`);
    await client.query(`INSERT INTO "Tag" (id, slug, name) SELECT gen_random_uuid(), slug, name FROM unnest($1::text[], $2::text[]) AS t(slug, name)`, [
      tagNames.map(slugify),
      tagNames,
    ]);

    // Bodies: textToBody of generated text, the shape the editor stores.
    const bodies = Array.from({ length: BODY_VARIANTS }, (_, i) => textToBody(storyText(1000 + i).join("\n\n")));
    const bodyBytes = Math.round(bodies.reduce((sum: number, b) => sum + Buffer.byteLength(JSON.stringify(b)), 0) / bodies.length);
    await client.query(
      `CREATE TEMP TABLE bench_body AS SELECT (ordinality - 1)::int AS n, value AS body FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY`,
      [JSON.stringify(bodies)],
    );
    await client.query(`CREATE TEMP TABLE bench_story AS SELECT i AS n, gen_random_uuid() AS id FROM generate_series(1, $1::int) AS i`, [STORIES - 1]);
    await client.query(`CREATE TEMP TABLE bench_word AS SELECT array_agg(w) AS words FROM unnest($1::text[]) AS w`, [WORDS]);

    // Every other story: 70% published, the rest in review, drafts or unpublished, spread over years.
    await client.query(
      `WITH reporters AS (SELECT array_agg(id ORDER BY email) AS ids FROM "User" WHERE role = 'REPORTER'),
            sections AS (SELECT array_agg(id ORDER BY position) AS ids FROM "Section")
       INSERT INTO "Story" (id, slug, "sectionId", headline, dek, body, "creditLine", status, version,
                            "firstPublishedAt", "lastUpdatedAt", "createdById", "createdAt", "updatedAt")
       SELECT s.id,
              'bench-story-' || s.n,
              sec.ids[1 + s.n % cardinality(sec.ids)],
              initcap(w.words[1 + (s.n * 7) % cardinality(w.words)]) || ' ' || w.words[1 + (s.n * 13) % cardinality(w.words)] || ' '
                || w.words[1 + (s.n * 17) % cardinality(w.words)] || ' ' || w.words[1 + (s.n * 23) % cardinality(w.words)] || ' '
                || w.words[1 + (s.n * 29) % cardinality(w.words)] || ' ' || w.words[1 + (s.n * 31) % cardinality(w.words)] || ' ' || s.n,
              'A dek for story ' || s.n || ' about the ' || w.words[1 + (s.n * 37) % cardinality(w.words)] || '.',
              jsonb_set(b.body, '{content,0,content,0,text}', to_jsonb('Story ' || s.n || '. ' || (b.body #>> '{content,0,content,0,text}'))),
              CASE WHEN s.n % 5 = 0 THEN 'The Associated Press contributed to this report.' ELSE '' END,
              st.status::"StoryStatus",
              1 + s.n % 7,
              CASE WHEN st.status IN ('PUBLISHED', 'UNPUBLISHED') THEN t.created + interval '2 hours' END,
              CASE WHEN st.status IN ('PUBLISHED', 'UNPUBLISHED') THEN t.created + interval '3 hours' END,
              r.ids[1 + s.n % cardinality(r.ids)],
              t.created,
              t.created + interval '3 hours'
       FROM bench_story s
       CROSS JOIN reporters r CROSS JOIN sections sec CROSS JOIN bench_word w
       JOIN bench_body b ON b.n = s.n % ${BODY_VARIANTS}
       CROSS JOIN LATERAL (SELECT now() - s.n * interval '97 minutes' - interval '1 day' AS created) t
       CROSS JOIN LATERAL (SELECT CASE WHEN s.n % 10 < 7 THEN 'PUBLISHED' WHEN s.n % 10 = 7 THEN 'IN_REVIEW'
                                       WHEN s.n % 10 = 8 THEN 'DRAFT' ELSE 'UNPUBLISHED' END AS status) st`,
    );
    // Bylines: the author for every story, an outside contributor on every third.
    await client.query(
      `INSERT INTO "Byline" (id, "storyId", position, "userId", name, title)
       SELECT gen_random_uuid(), st.id, 0, st."createdById", NULL, '' FROM "Story" st
       UNION ALL
       SELECT gen_random_uuid(), s.id, 1, NULL, 'Outside Writer', 'special correspondent' FROM bench_story s WHERE s.n % 3 = 0`,
    );
    await client.query(
      `WITH tags AS (SELECT array_agg(id ORDER BY slug) AS ids FROM "Tag")
       INSERT INTO "StoryTag" ("storyId", "tagId", position)
       SELECT s.id, t.ids[1 + s.n % cardinality(t.ids)], 0 FROM bench_story s, tags t
       UNION ALL
       SELECT s.id, t.ids[1 + (s.n + 7) % cardinality(t.ids)], 1 FROM bench_story s, tags t`,
    );
    // One CREATE revision and audit event per story, as every story has.
    await client.query(
      `INSERT INTO "Revision" (id, "storyId", version, kind, snapshot, "authorId", "createdAt")
       SELECT gen_random_uuid(), st.id, 1, 'CREATE',
              jsonb_build_object('slug', st.slug, 'headline', st.headline, 'dek', st.dek, 'body', st.body, 'creditLine', st."creditLine",
                                 'status', 'DRAFT', 'sectionId', st."sectionId",
                                 'bylines', jsonb_build_array(jsonb_build_object('userId', st."createdById", 'name', NULL, 'title', '')),
                                 'related', '[]'::jsonb, 'tags', '[]'::jsonb),
              st."createdById", st."createdAt"
       FROM "Story" st`,
    );
    await client.query(
      `INSERT INTO "AuditEvent" (id, "actorId", action, "entityType", "entityId", data, "createdAt")
       SELECT gen_random_uuid(), st."createdById", 'story.create', 'story', st.id::text, jsonb_build_object('slug', st.slug), st."createdAt"
       FROM "Story" st`,
    );

    // The story under test: a reporter's long-running draft with a history, tags, related stories,
    // and stories that list it as related (their pages are among the tags a publish makes stale).
    const storyId = randomUUID();
    const slug = "bench-story-under-test";
    const paragraphs = storyText(42);
    const body = textToBody(paragraphs.join("\n\n"));
    const section = await client.query<{ id: string }>(`SELECT id FROM "Section" WHERE slug = 'local'`);
    const related = await client.query<{ id: string }>(`SELECT id FROM bench_story WHERE n IN (1, 2, 3) ORDER BY n`);
    const relatedIds = related.rows.map((r) => r.id);
    const storyTags = tagNames.slice(0, 3);
    const tagIds = (
      await client.query<{ id: string }>(`SELECT id FROM "Tag" WHERE slug = ANY($1::text[]) ORDER BY array_position($1::text[], slug)`, [
        storyTags.map(slugify),
      ])
    ).rows.map((r) => r.id);
    const headline = "Alder River floods downtown as it crests near record";
    const dek = "Shelters open and schools close as the water keeps rising.";
    const creditLine = "The Associated Press contributed to this report.";
    await client.query(
      `INSERT INTO "Story" (id, slug, "sectionId", headline, dek, body, "creditLine", status, version, "createdById", "createdAt", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'DRAFT', $8, $9, now() - interval '2 days', now() - interval '3 minutes')`,
      [storyId, slug, section.rows[0].id, headline, dek, JSON.stringify(body), creditLine, REVISIONS, reporterRow.id],
    );
    await client.query(
      `INSERT INTO "Byline" (id, "storyId", position, "userId", name, title)
       VALUES (gen_random_uuid(), $1::uuid, 0, $2::uuid, NULL, ''), (gen_random_uuid(), $1::uuid, 1, NULL, 'Outside Writer', 'special correspondent')`,
      [storyId, reporterRow.id],
    );
    await client.query(
      `INSERT INTO "StoryTag" ("storyId", "tagId", position) SELECT $1::uuid, id, ord - 1 FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, ord)`,
      [storyId, tagIds],
    );
    await client.query(
      `INSERT INTO "RelatedStory" ("storyId", "relatedId", position)
       SELECT $1::uuid, id, (ord - 1)::int FROM unnest($2::uuid[]) WITH ORDINALITY AS r(id, ord)
       UNION ALL
       SELECT s.id, $1::uuid, 0 FROM bench_story s WHERE s.n BETWEEN 10 AND 14`,
      [storyId, relatedIds],
    );
    // Its history: REVISIONS full snapshots, three minutes apart, the last a manual save (so the
    // first autosave adds a revision and the following ones coalesce into it).
    await client.query(
      `INSERT INTO "Revision" (id, "storyId", version, kind, snapshot, "authorId", "createdAt")
       SELECT gen_random_uuid(), $1::uuid, i,
              (CASE WHEN i = 1 THEN 'CREATE' WHEN i = $2::int OR i % 4 = 0 THEN 'SAVE' ELSE 'AUTOSAVE' END)::"RevisionKind",
              jsonb_build_object('slug', st.slug, 'headline', st.headline, 'dek', st.dek,
                                 'body', jsonb_set(st.body, '{content,0,content,0,text}', to_jsonb('Revision ' || i || '. ' || (st.body #>> '{content,0,content,0,text}'))),
                                 'creditLine', st."creditLine", 'status', 'DRAFT', 'sectionId', st."sectionId",
                                 'bylines', jsonb_build_array(jsonb_build_object('userId', st."createdById", 'name', NULL, 'title', ''),
                                                              jsonb_build_object('userId', NULL, 'name', 'Outside Writer', 'title', 'special correspondent')),
                                 'related', to_jsonb($3::uuid[]), 'tags', to_jsonb($4::uuid[])),
              st."createdById", now() - ($2::int - i + 1) * interval '3 minutes'
       FROM generate_series(1, $2::int) AS i, "Story" st WHERE st.id = $1::uuid`,
      [storyId, REVISIONS, relatedIds, tagIds],
    );
    await client.query(
      `INSERT INTO "AuditEvent" (id, "actorId", action, "entityType", "entityId", data, "createdAt")
       SELECT gen_random_uuid(), $2::uuid, CASE WHEN i = 1 THEN 'story.create' ELSE 'story.save' END, 'story', $1::text, jsonb_build_object('version', i),
              now() - ($3::int - i + 1) * interval '3 minutes'
       FROM generate_series(1, $3::int) AS i`,
      [storyId, reporterRow.id, REVISIONS],
    );
    await client.query(`VACUUM ANALYZE`); // as autovacuum would have by now: planner statistics, visibility map

    const version = await client.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
    return {
      storyId,
      slug,
      paragraphs,
      input: {
        headline,
        slug,
        dek,
        sectionId: section.rows[0].id,
        creditLine,
        bylines: [
          { userId: reporterRow.id, name: "", title: "" },
          { userId: "", name: "Outside Writer", title: "special correspondent" },
        ],
        tags: storyTags.join(", "),
        relatedIds,
      },
      reporter: actor(reporterRow),
      editor: actor(editorRow),
      seedSeconds: Number(process.hrtime.bigint() - started) / 1e9,
      bodyBytes,
      serverVersion: version.rows[0].v,
    };
  } finally {
    await client.end().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------

/** The body as typed, one word changed per edit: each edit is a real change, like typing. */
function makeEditor(paragraphs: string[]) {
  const blocks = paragraphs.map((p) => p.split(" "));
  const editable = blocks.flatMap((words, index) => (words[0] === ">" || words[0] === "##" ? [] : [index]));
  let edits = 0;
  return () => {
    edits++;
    const words = blocks[editable[edits % editable.length]];
    const at = (edits * 31) % words.length;
    const punctuation = /[.,]$/.exec(words[at])?.[0] ?? "";
    let replacement = WORDS[(edits * 17) % WORDS.length];
    if (words[at] === replacement + punctuation) replacement = WORDS[(edits * 17 + 1) % WORDS.length];
    words[at] = replacement + punctuation;
    return blocks.map((w) => w.join(" ")).join("\n\n");
  };
}

async function main() {
  const startedAt = new Date();
  console.log(`Editor write benchmark: ${STORIES} stories, story under test with ${REVISIONS} revisions`);
  let cleanupDatabase: (() => Promise<void>) | undefined;
  let cleaningUp: Promise<void> | undefined;
  const cleanup = () =>
    (cleaningUp ??= (async () => {
      const holder = globalThis as { newsroomDb?: { $disconnect(): Promise<void> } };
      // Capped: after Ctrl-C, PostgreSQL may be gone mid-transaction and the pool then never drains.
      let timer: NodeJS.Timeout | undefined;
      const capped = new Promise<void>((resolve) => (timer = setTimeout(resolve, 3000)));
      await Promise.race([holder.newsroomDb?.$disconnect().catch(() => {}), capped]);
      clearTimeout(timer);
      holder.newsroomDb = undefined;
      await cleanupDatabase?.();
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = true;
    console.error(`\n${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    const database = await createDatabase((fn) => (cleanupDatabase = fn));
    console.log(`Database: ${database.where}, migrations applied`);

    // Before any lib module is loaded: lib/env.ts reads the environment once, on first use.
    process.env.DATABASE_URL = database.url;
    process.env.NEXTAUTH_SECRET = randomBytes(32).toString("hex");
    const { textToBody } = await import("@/lib/body/story-body");
    const { storyInputSchema } = await import("@/lib/stories/schemas");
    const { slugify } = await import("@/lib/slugs");
    const { updateStory, unpublishStory } = await import("@/lib/stories/mutations");
    const { db } = await import("@/lib/db");

    const seeded = await seed(database.url, textToBody, slugify);
    console.log(
      `Seeded in ${seeded.seedSeconds.toFixed(1)} s (PostgreSQL ${seeded.serverVersion}, story bodies ~${(seeded.bodyBytes / 1024).toFixed(1)} KB of JSON)`,
    );

    const nextBody = makeEditor(seeded.paragraphs);
    /** What the server action passes to updateStory: the form's values, parsed. */
    const values = (): StoryValues => storyInputSchema.parse({ ...seeded.input, body: nextBody() });
    let version = REVISIONS;
    const revisionCount = () => db().revision.count({ where: { storyId: seeded.storyId } });

    // (a) Autosaves by the story's reporter, back to back.
    const autosave = async () => {
      const input = values();
      const { result, ms } = await timed(() =>
        updateStory(seeded.reporter, { storyId: seeded.storyId, baseVersion: version, values: input, intent: "save", autosave: true }),
      );
      version = result.version;
      return ms;
    };
    for (let i = 0; i < WARMUP; i++) await autosave();
    const revisionsBefore = await revisionCount();
    const autosaveMs: number[] = [];
    const autosaveStarted = process.hrtime.bigint();
    for (let i = 0; i < AUTOSAVES; i++) autosaveMs.push(await autosave());
    const autosaveWallSeconds = Number(process.hrtime.bigint() - autosaveStarted) / 1e9;
    const autosaveRevisionsAdded = (await revisionCount()) - revisionsBefore;

    // (b) Publishes by an editor; the story is unpublished in between, untimed.
    let published = false;
    const unpublishMs: number[] = [];
    const publish = async () => {
      if (published) {
        const { result, ms } = await timed(() => unpublishStory(seeded.editor, seeded.storyId, version));
        version = result.version;
        unpublishMs.push(ms);
      }
      const input = values();
      const { result, ms } = await timed(() => updateStory(seeded.editor, { storyId: seeded.storyId, baseVersion: version, values: input, intent: "publish" }));
      if (result.status !== "PUBLISHED") throw new Error(`publish left the story ${result.status}`);
      version = result.version;
      published = true;
      return ms;
    };
    for (let i = 0; i < WARMUP; i++) await publish();
    unpublishMs.length = 0;
    const publishMs: number[] = [];
    for (let i = 0; i < PUBLISHES; i++) publishMs.push(await publish());
    const revisionsAtEnd = await revisionCount();

    const autosaveStats = stats(autosaveMs);
    const publishStats = stats(publishMs);
    const goalMet = autosaveStats.p95Ms < AUTOSAVE_GOAL_P95_MS;
    const row = (name: string, s: Stats, goal: string, met: string) =>
      `| ${name} | ${s.n} | ${s.meanMs.toFixed(1)} | ${s.p50Ms.toFixed(1)} | ${s.p95Ms.toFixed(1)} | ${s.maxMs.toFixed(1)} | ${goal} | ${met} |`;

    const load = os.loadavg()[0];
    console.log(
      `\nServer time of updateStory, ${STORIES} stories, story under test with ${REVISIONS} revisions at the start, ${os.cpus().length} cores, ` +
        `Node ${process.version}, load average ${load.toFixed(2)} at the end${load > os.cpus().length / 2 ? " (the machine was busy: figures are inflated)" : ""}\n`,
    );
    console.log("| operation | n | mean ms | p50 ms | p95 ms | max ms | goal | met |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |");
    console.log(row("autosave (`updateStory`, autosave: true)", autosaveStats, `p95 < ${AUTOSAVE_GOAL_P95_MS} ms`, goalMet ? "yes" : "**no**"));
    console.log(row('publish (`updateStory`, intent "publish")', publishStats, "none set", "-"));
    console.log(
      `\nAutosaves: ${AUTOSAVES} in ${autosaveWallSeconds.toFixed(1)} s; they added ${autosaveRevisionsAdded} revision(s), the others coalesced into the latest autosave revision. ` +
        `Publishes: each after an untimed unpublishStory (p50 ${stats(unpublishMs.length ? unpublishMs : [0]).p50Ms.toFixed(1)} ms); ` +
        `the story had ${revisionsAtEnd} revisions at the end. ${WARMUP} warm-up iterations of each were not counted.`,
    );
    console.log(
      `Goal (issue): autosave p95 under ${AUTOSAVE_GOAL_P95_MS} ms on this machine: ${goalMet ? "met" : "not met"} (${autosaveStats.p95Ms.toFixed(1)} ms).`,
    );

    const resultsDir = path.join(ROOT, "bench", "results");
    await mkdir(resultsDir, { recursive: true });
    const report = {
      date: startedAt.toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      loadAverage1m: Number(load.toFixed(2)),
      postgres: seeded.serverVersion,
      database: database.where.startsWith("embedded") ? "embedded" : "DATABASE_URL",
      stories: STORIES,
      revisionsAtStart: REVISIONS,
      revisionsAtEnd,
      bodyBytes: seeded.bodyBytes,
      seedSeconds: Number(seeded.seedSeconds.toFixed(2)),
      warmup: WARMUP,
      timed: "updateStory only (process.hrtime.bigint); input parsing, session lookup and cache expiry excluded",
      autosave: {
        ...autosaveStats,
        goalP95Ms: AUTOSAVE_GOAL_P95_MS,
        goalMet,
        revisionsAdded: autosaveRevisionsAdded,
        samplesMs: autosaveMs.map((ms) => Number(ms.toFixed(3))),
      },
      publish: {
        ...publishStats,
        method: "same story, unpublished between publishes (unpublish untimed)",
        samplesMs: publishMs.map((ms) => Number(ms.toFixed(3))),
      },
      unpublishBetween: stats(unpublishMs.length ? unpublishMs : [0]),
    };
    await writeFile(path.join(resultsDir, "editor.json"), `${JSON.stringify(report, null, 2)}\n`);
    console.log("Written to bench/results/editor.json");
  } finally {
    await cleanup().catch((error) => console.error("Cleaning up failed:", error));
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}

let interrupted = false;

main().catch((error) => {
  if (interrupted) return; // the signal handler exits once the database is cleaned up
  console.error(error);
  process.exit(1);
});
