// The rule of lib/stories/visibility.ts in a form that imports nothing server-only, for the writes
// that run outside Next too: the seed records public history through lib/history/record.ts, which
// applies the rule inside its own transaction, and the production server (server/), which answers old
// addresses through the SQL fragment. Everything else imports lib/stories/visibility.ts.
import type { Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

export type ClockReader = Pick<Tx, "$queryRaw">;

const PUBLISHED = { status: "PUBLISHED", firstPublishedAt: { not: null } } satisfies Prisma.StoryWhereInput;

/** The database's clock now (inside a transaction: the moment it began, as now() is in SQL). */
export async function databaseNowOn(client: ClockReader): Promise<Date> {
  const [row] = await client.$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
  return row.now;
}

/** The rule at a given moment of the database's clock, for a caller that has already read it. */
export function visibleAt(now: Date): Prisma.StoryWhereInput {
  return { ...PUBLISHED, OR: [{ embargoUntil: null }, { embargoUntil: { lte: now } }] };
}

/** The same rule for a raw query over "Story" aliased `s`. Holds no parameters: it is safe to splice. */
export const PUBLICLY_VISIBLE_SQL = `(s."status" = 'PUBLISHED' AND s."firstPublishedAt" IS NOT NULL AND (s."embargoUntil" IS NULL OR s."embargoUntil" <= now()))`;
