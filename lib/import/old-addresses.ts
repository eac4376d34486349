import "server-only";
import { db } from "@/lib/db";
import { publiclyVisible } from "@/lib/stories/visibility";
import { oldAddressKey } from "@/lib/import/old-address-key";

/**
 * The story an old site's address (a WordPress permalink, "/?p=123") now lives at, while readers may
 * see it: its slug, or null. Unknown addresses and stories that are not public are both null, so an
 * old address never tells whether a draft exists.
 */
export async function findOldAddressTarget(pathname: string, search = ""): Promise<string | null> {
  const path = oldAddressKey(pathname, search);
  // Longer than any stored key (a URL path WordPress made): no query for it.
  if (!path || path.length > 2048) return null;
  const found = await db().pathRedirect.findUnique({ where: { path }, select: { story: { select: { id: true, slug: true } } } });
  if (!found) return null;
  const visible = await db().story.findFirst({ where: await publiclyVisible({ id: found.story.id }), select: { slug: true } });
  return visible?.slug ?? null;
}
