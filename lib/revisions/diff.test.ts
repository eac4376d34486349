import { describe, expect, it } from "vitest";
import { diffRevisions, diffText, type ComparableRevision } from "@/lib/revisions/diff";

const revision = (overrides: Partial<ComparableRevision> = {}): ComparableRevision => ({
  headline: "Council passes budget",
  dek: "A dek.",
  slug: "council-passes-budget",
  section: "Metro",
  status: "Draft",
  creditLine: "",
  bylines: ["Lena Marsh, special correspondent"],
  tags: [],
  related: [],
  body: "The council passed the budget on Tuesday.\n\nIt takes effect in July.",
  ...overrides,
});

const changedText = (segments: ReturnType<typeof diffText>, kind: "added" | "removed") => segments.filter((s) => s.kind === kind).map((s) => s.text);

describe("diffText", () => {
  it("marks only the word that changed", () => {
    const segments = diffText("The council passed the budget on Tuesday.", "The council rejected the budget on Tuesday.");
    expect(segments).toEqual([
      { kind: "same", text: "The council " },
      { kind: "removed", text: "passed" },
      { kind: "added", text: "rejected" },
      { kind: "same", text: " the budget on Tuesday." },
    ]);
  });

  it("keeps paragraph breaks in the text it reports as unchanged", () => {
    const segments = diffText("First paragraph.\n\nSecond one.", "First paragraph.\n\nSecond new one.");
    expect(changedText(segments, "added")).toEqual(["new "]);
    expect(segments.map((s) => s.text).join("")).toBe("First paragraph.\n\nSecond new one.");
  });

  it("reports text that appears or disappears whole", () => {
    expect(diffText("", "Metro")).toEqual([{ kind: "added", text: "Metro" }]);
    expect(diffText("Metro", "")).toEqual([{ kind: "removed", text: "Metro" }]);
    expect(diffText("", "")).toEqual([]);
    expect(diffText("Same", "Same")).toEqual([{ kind: "same", text: "Same" }]);
  });
});

describe("diffRevisions", () => {
  it("lists every field, and says which changed", () => {
    const fields = diffRevisions(revision(), revision({ headline: "Council rejects budget", bylines: ["Lena Marsh, special correspondent", "Sam Okafor"] }));
    expect(fields.map((f) => f.label)).toEqual(["Headline", "Slug", "Dek", "Section", "Status", "Bylines", "Body", "Credit line", "Tags", "Related stories"]);
    expect(fields.filter((f) => f.changed).map((f) => f.field)).toEqual(["headline", "bylines"]);
    const bylines = fields.find((f) => f.field === "bylines")!;
    expect(changedText(bylines.segments, "added").join("")).toContain("Sam Okafor");
    expect(changedText(bylines.segments, "removed")).toEqual([]);
  });

  it("finds nothing changed between equal revisions", () => {
    expect(diffRevisions(revision(), revision()).some((f) => f.changed)).toBe(false);
  });
});
