// Bulk-loads published stories for the HTTP benchmark into a database the launcher has migrated and
// seeded (its demo users, sections and tags are reused). One INSERT ... SELECT over generate_series
// per table: 100,000 stories take well under a minute, where one Prisma create each would take many.
import pg from "pg";
import { prng } from "./prng";

const WORDS = (
  "council river flood water city mayor officials residents downtown crest record emergency shelters " +
  "heavy rain county roads bridge power outage homes electricity utility crews night sandbags volunteers " +
  "neighborhood school district classes governor disaster federal aid forecasters storms weekend police " +
  "rescues boats firefighters apartment insurance damage business street cleanup hospital generators " +
  "transit service detours commuters traffic budget vote meeting hearing board plan engineers levee harbor"
).split(" ");

function sentence(next: () => number): string {
  const words = Array.from({ length: 10 + Math.floor(next() * 14) }, () => WORDS[Math.floor(next() * WORDS.length)]);
  words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  return `${words.join(" ")}.`;
}

/** A story body in the stored format (lib/body/story-body.ts): paragraphs, a quotation, a subhead; about 4 KB. */
function body(seed: number): unknown {
  const next = prng(seed);
  const paragraph = (n: number) => ({ type: "paragraph", content: [{ type: "text", text: Array.from({ length: n }, () => sentence(next)).join(" ") }] });
  const content: unknown[] = Array.from({ length: 7 }, () => paragraph(4 + Math.floor(next() * 3)));
  content.splice(3, 0, { type: "blockquote", content: [paragraph(2)] });
  content.splice(6, 0, { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: sentence(next).replace(/\.$/, "") }] });
  return { type: "doc", content };
}

export type SeededStories = { sectionSlugs: string[]; publishedSlugs: string[] };

export async function seedStories(url: string, count: number): Promise<SeededStories> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const bodies = Array.from({ length: 32 }, (_, i) => body(1000 + i));
    await client.query(
      `CREATE TEMP TABLE bench_body AS SELECT (ordinality - 1)::int AS n, value AS body FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY`,
      [JSON.stringify(bodies)],
    );
    await client.query(`CREATE TEMP TABLE bench_story AS SELECT i AS n, gen_random_uuid() AS id FROM generate_series(1, $1::int) AS i`, [count]);
    await client.query(
      `WITH staff AS (SELECT array_agg(id ORDER BY email) AS ids FROM "User" WHERE active),
            sections AS (SELECT array_agg(id ORDER BY position) AS ids FROM "Section"),
            words AS (SELECT $1::text[] AS w)
       INSERT INTO "Story" (id, slug, "sectionId", headline, dek, body, "creditLine", status, version,
                            "firstPublishedAt", "lastUpdatedAt", "createdById", "createdAt", "updatedAt")
       SELECT s.id, 'bench-' || s.n || '-' || h.headline_slug, sections.ids[1 + s.n % cardinality(sections.ids)],
              h.headline, 'The ' || w.w[1 + (s.n * 5) % cardinality(w.w)] || ' story, day ' || s.n || '.',
              b.body, CASE WHEN s.n % 4 = 0 THEN 'The Associated Press contributed to this report.' ELSE '' END,
              'PUBLISHED', 1, t.published, t.published + (s.n % 3) * interval '40 minutes',
              staff.ids[1 + s.n % cardinality(staff.ids)], t.published, t.published
       FROM bench_story s
       CROSS JOIN staff CROSS JOIN sections CROSS JOIN words w
       JOIN bench_body b ON b.n = s.n % 32
       CROSS JOIN LATERAL (SELECT now() - s.n * interval '7 minutes' - interval '1 hour' AS published) t
       CROSS JOIN LATERAL (
         SELECT initcap(w.w[1 + (s.n * 7) % cardinality(w.w)]) || ' ' || w.w[1 + (s.n * 13) % cardinality(w.w)] || ' ' ||
                w.w[1 + (s.n * 3) % cardinality(w.w)] || ' as ' || w.w[1 + (s.n * 11) % cardinality(w.w)] || ' ' ||
                w.w[1 + (s.n * 17) % cardinality(w.w)] AS headline,
                w.w[1 + (s.n * 7) % cardinality(w.w)] || '-' || w.w[1 + (s.n * 13) % cardinality(w.w)] AS headline_slug
       ) h`,
      [WORDS],
    );
    // A staff byline on every story, an outside contributor on every third; two tags each.
    await client.query(
      `INSERT INTO "Byline" (id, "storyId", position, "userId", name, title)
       SELECT gen_random_uuid(), st.id, 0, st."createdById", NULL, 'staff writer' FROM "Story" st JOIN bench_story s ON s.id = st.id
       UNION ALL
       SELECT gen_random_uuid(), s.id, 1, NULL, 'Jordan Pike', 'special correspondent' FROM bench_story s WHERE s.n % 3 = 0`,
    );
    await client.query(
      `WITH tags AS (SELECT array_agg(id ORDER BY slug) AS ids FROM "Tag")
       INSERT INTO "StoryTag" ("storyId", "tagId", position)
       SELECT s.id, t.ids[1 + s.n % cardinality(t.ids)], 0 FROM bench_story s, tags t WHERE cardinality(t.ids) > 0
       UNION ALL
       SELECT s.id, t.ids[1 + (s.n + 1) % cardinality(t.ids)], 1 FROM bench_story s, tags t WHERE cardinality(t.ids) > 1`,
    );
    // As autovacuum would soon after a bulk load: statistics, and the search index's pending entries
    // merged, so that the planner chooses as it does on a settled database.
    await client.query("VACUUM ANALYZE");
    const sections = await client.query<{ slug: string }>(`SELECT slug FROM "Section" ORDER BY position`);
    const published = await client.query<{ slug: string }>(`SELECT st.slug FROM "Story" st JOIN bench_story s ON s.id = st.id ORDER BY s.n LIMIT 200`);
    return { sectionSlugs: sections.rows.map((r) => r.slug), publishedSlugs: published.rows.map((r) => r.slug) };
  } finally {
    await client.end();
  }
}
