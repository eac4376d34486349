import { diffText } from "@/lib/revisions/diff";

// When an edit of a published story "freshens" it, moving its public Updated time (and so
// dateModified for search engines). A typo fix does not; new reporting does. Significant update-log
// entries move the time on their own (lib/updates/mutations.ts).

/** Words added or removed beyond which a change of the text counts as substantive. */
export const SUBSTANTIVE_WORDS = 8;

function changedWords(before: string, after: string): number {
  let count = 0;
  for (const part of diffText(before, after)) {
    if (part.kind !== "same") count += part.text.split(/\s+/).filter(Boolean).length;
  }
  return count;
}

export function isSubstantiveChange(before: { headline: string; body: string }, after: { headline: string; body: string }): boolean {
  // A replaced word counts twice (removed and added): more than one word replaced is a new headline.
  if (changedWords(before.headline, after.headline) > 2) return true;
  return changedWords(before.body, after.body) >= SUBSTANTIVE_WORDS;
}
