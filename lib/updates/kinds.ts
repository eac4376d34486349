import type { UpdateKind } from "@/lib/generated/prisma/enums";

// The kinds of update-log entry and how readers and editors see them named. Pure: shared by forms,
// public components and lib.

export const LOG_ENTRY_KINDS = ["UPDATE", "CORRECTION", "CLARIFICATION", "EDITORS_NOTE"] as const satisfies readonly UpdateKind[];

/** The kinds the "Add correction" form offers, in its order. */
export const CORRECTION_KINDS = ["CORRECTION", "CLARIFICATION", "EDITORS_NOTE"] as const satisfies readonly UpdateKind[];

export const KIND_LABELS: Record<UpdateKind, string> = {
  UPDATE: "Update",
  CORRECTION: "Correction",
  CLARIFICATION: "Clarification",
  EDITORS_NOTE: "Editor's note",
};

/** The kinds listed on the corrections page and in its feed. */
export const LISTED_AS_CORRECTIONS: readonly UpdateKind[] = ["CORRECTION", "CLARIFICATION"];

/** Entries that run in the box under the dek, not only in the log at the foot. */
export function isCorrectionLike(kind: UpdateKind): boolean {
  return kind !== "UPDATE";
}

/** What readers see before the note: "" for a plain update, "Correction: " and so on for the rest. */
export function kindPrefix(kind: UpdateKind): string {
  return kind === "UPDATE" ? "" : `${KIND_LABELS[kind]}: `;
}

/** Updates and corrections move the "Updated" time by default; clarifications and notes do not. */
export function significantByDefault(kind: UpdateKind): boolean {
  return kind === "UPDATE" || kind === "CORRECTION";
}
