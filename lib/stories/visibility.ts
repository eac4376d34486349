// Imports nothing server-only: the seed writes public history through lib/history/record.ts, which
// applies this rule inside its transaction.
import type { Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

// The one rule for what readers may see: a story is public when it is published (and so has a
// first-publication time) and no embargo holds it, judged by the database's clock. Every public read
// applies it, through the Prisma filter or, in the raw queries, the SQL fragment below; so do the writes
// that work out which public pages a change makes stale. The newsroom's own reads (desk, editor) do
// not: they see every story.
//
// The database's clock, never the web server's: several servers' clocks drift apart, and the scheduler
// (pg-boss) decides that a lift is due by the database's clock too. Prisma cannot say now() in a filter,
// so the filter reads it first: one round trip (`SELECT now()`), well under a millisecond on loopback.

type ClockReader = Pick<Tx, "$queryRaw">;

const PUBLISHED = { status: "PUBLISHED", firstPublishedAt: { not: null } } satisfies Prisma.StoryWhereInput;

/** The database's clock now (inside a transaction: the moment it began, as now() is in SQL). */
export async function databaseNow(client?: ClockReader): Promise<Date> {
  const reader = client ?? (await import("@/lib/db")).db();
  const [row] = await reader.$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
  return row.now;
}

/** The rule at a given moment of the database's clock, for a caller that has already read it. */
export function visibleAt(now: Date): Prisma.StoryWhereInput {
  return { ...PUBLISHED, OR: [{ embargoUntil: null }, { embargoUntil: { lte: now } }] };
}

/**
 * The stories readers may see now, optionally narrowed by `where`, as a Prisma filter. A write
 * transaction passes itself as `client`, so the clock is read on its own connection.
 */
export async function publiclyVisible(where?: Prisma.StoryWhereInput, client?: ClockReader): Promise<Prisma.StoryWhereInput> {
  const visible = visibleAt(await databaseNow(client));
  return where ? { AND: [visible, where] } : visible;
}

/** The same rule for a raw query over "Story" aliased `s`. Holds no parameters: it is safe to splice. */
export const PUBLICLY_VISIBLE_SQL = `(s."status" = 'PUBLISHED' AND s."firstPublishedAt" IS NOT NULL AND (s."embargoUntil" IS NULL OR s."embargoUntil" <= now()))`;
