import "server-only";
import { revalidateTag } from "next/cache";
import { after } from "next/server";

/** How long after a write its tags are expired a second time. */
const SECOND_EXPIRY_MS = 1000;

/**
 * After a write has expired its tags once, a reader's render that read the database just before
 * the commit can still finish, and be cached, just after. Expiring the tags once more a moment later
 * bounds such a stale page to about a second instead of until the next write. Call it from a server
 * action or route handler, after the first expiry.
 */
export function expireAgainShortly(tags: string[]): void {
  if (tags.length === 0) return;
  after(async () => {
    await new Promise((resolve) => setTimeout(resolve, SECOND_EXPIRY_MS));
    for (const tag of tags) revalidateTag(tag, { expire: 0 });
  });
}
