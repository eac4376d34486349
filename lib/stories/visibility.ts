import type { Prisma } from "@/lib/generated/prisma/client";

// The one rule for what readers may see: a story is public when it is published (and so has a
// first-publication time). Every public read applies it, through the Prisma filter or, in the few
// raw queries, the SQL fragment below; so do the writes that work out which public pages a change
// makes stale. The newsroom's own reads (desk, editor) do not: they see every story.
//
// A rule that depends on time (an embargo that holds a published story back until a moment, judged by
// the database's clock) changes only this file: the SQL fragment can call now(), and the filter is
// async so that it can read the database's clock before it answers.

const VISIBLE = { status: "PUBLISHED", firstPublishedAt: { not: null } } satisfies Prisma.StoryWhereInput;

/** The stories readers may see, optionally narrowed by `where`, as a Prisma filter. */
export async function publiclyVisible(where?: Prisma.StoryWhereInput): Promise<Prisma.StoryWhereInput> {
  return where ? { AND: [VISIBLE, where] } : VISIBLE;
}

/** The same rule for a raw query over "Story" aliased `s`. Holds no parameters: it is safe to splice. */
export const PUBLICLY_VISIBLE_SQL = `s."status" = 'PUBLISHED' AND s."firstPublishedAt" IS NOT NULL`;
