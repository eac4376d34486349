import type { Db, Tx } from "@/lib/db/client";
import { slugify } from "@/lib/slugs";

/**
 * A free author-page slug for a person called `name`: "lena-marsh", or "lena-marsh-2" and on when a
 * namesake has it. Slugs are given once, when the person joins, and kept across renames so that
 * links to an author page keep working.
 */
export async function uniqueUserSlug(client: Db | Tx, name: string): Promise<string> {
  const base = slugify(name) || "staff";
  const taken = new Set((await client.user.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((u) => u.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
