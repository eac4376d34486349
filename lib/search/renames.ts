import { cacheTags } from "@/lib/cache/tags";

/**
 * The cached reader documents that print a staff member's name outside their own stories: search
 * results (bylines), every feed (dc:creator, and their author feed's title). Expire these when a
 * name changes. The search text itself follows the rename on its own: a database trigger on "User"
 * refreshes Story.bylineText and so the search vector (see the search migration).
 */
export function staffRenameTags(userId: string): string[] {
  return [cacheTags.search, cacheTags.feeds, cacheTags.author(userId)];
}
