import "server-only";
import { db } from "@/lib/db";
import { databaseNowOn, visibleAt, type ClockReader } from "@/lib/stories/visibility-rule";
import type { Prisma } from "@/lib/generated/prisma/client";

// The one rule for what readers may see: a story is public when it is published (and so has a
// first-publication time) and no embargo holds it, judged by the database's clock. Every public read
// applies it, through the Prisma filter or, in the raw queries, the SQL fragment; so do the writes
// that work out which public pages a change makes stale. The newsroom's own reads (desk, editor) do
// not: they see every story. (The rule itself is in lib/stories/visibility-rule.ts, which the seed
// can import; this module adds the app's database.)
//
// The database's clock, never the web server's: several servers' clocks drift apart, and the scheduler
// (pg-boss) decides that a lift is due by the database's clock too. Prisma cannot say now() in a filter,
// so the filter reads it first: one round trip (`SELECT now()`), paid only when a page is rendered, not
// when it is served from a cache (1.4 ms a read on the busy 2-core test machine, see the README).

export { PUBLICLY_VISIBLE_SQL, visibleAt } from "@/lib/stories/visibility-rule";

/** The database's clock now; on `client` when given (a transaction: the moment it began). */
export function databaseNow(client?: ClockReader): Promise<Date> {
  return databaseNowOn(client ?? db());
}

/**
 * The stories readers may see now, optionally narrowed by `where`, as a Prisma filter. A write
 * transaction passes itself as `client`, so the clock is read on its own connection.
 */
export async function publiclyVisible(where?: Prisma.StoryWhereInput, client?: ClockReader): Promise<Prisma.StoryWhereInput> {
  return (await publiclyVisibleNow(client))(where);
}

/**
 * The same filter for a read made of several queries (the front page: its pins, its newest stories,
 * each section's block): the clock is read once, and every query judges by that one moment.
 */
export async function publiclyVisibleNow(client?: ClockReader): Promise<(where?: Prisma.StoryWhereInput) => Prisma.StoryWhereInput> {
  const visible = visibleAt(await databaseNow(client));
  return (where) => (where ? { AND: [visible, where] } : visible);
}
