import { diffWords } from "diff";

// Word-level comparison of two revisions. Pure, so that pages, client components and tests share it.

export type DiffSegment = { kind: "same" | "added" | "removed"; text: string };

/** A revision as a person compares it: names instead of ids, the body as the text typed in the editor. */
export type ComparableRevision = {
  headline: string;
  dek: string;
  slug: string;
  section: string;
  status: string;
  creditLine: string;
  bylines: string[];
  tags: string[];
  related: string[];
  body: string;
};

export type RevisionField = keyof ComparableRevision;

export type FieldDiff = { field: RevisionField; label: string; changed: boolean; segments: DiffSegment[] };

/** In the order the story form shows them. */
export const REVISION_FIELD_LABELS: Record<RevisionField, string> = {
  headline: "Headline",
  slug: "Slug",
  dek: "Dek",
  section: "Section",
  status: "Status",
  bylines: "Bylines",
  body: "Body",
  creditLine: "Credit line",
  tags: "Tags",
  related: "Related stories",
};

// The diff is computed while a page renders: two long bodies that share almost nothing can take
// seconds, so past this the change is shown as the whole old text replaced by the whole new one.
const DIFF_TIMEOUT_MS = 1000;

export function diffText(before: string, after: string): DiffSegment[] {
  if (before === after) return before ? [{ kind: "same", text: before }] : [];
  const changes = diffWords(before, after, { timeout: DIFF_TIMEOUT_MS });
  if (!changes) {
    return [...(before ? [{ kind: "removed" as const, text: before }] : []), ...(after ? [{ kind: "added" as const, text: after }] : [])];
  }
  return changes.map((change) => ({ kind: change.added ? "added" : change.removed ? "removed" : "same", text: change.value }));
}

const fieldText = (value: string | string[]) => (Array.isArray(value) ? value.join("\n") : value);

/** Every field of the two revisions, with its word diff and whether it changed. */
export function diffRevisions(from: ComparableRevision, to: ComparableRevision): FieldDiff[] {
  return (Object.keys(REVISION_FIELD_LABELS) as RevisionField[]).map((field) => {
    const before = fieldText(from[field]);
    const after = fieldText(to[field]);
    return { field, label: REVISION_FIELD_LABELS[field], changed: before !== after, segments: diffText(before, after) };
  });
}
