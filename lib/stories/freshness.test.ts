import { describe, expect, it } from "vitest";
import { isSubstantiveChange } from "@/lib/stories/freshness";

const body = "The council voted 7 to 2 on Tuesday to approve the budget, which adds money for flood defenses.";

describe("when an edit moves the Updated time", () => {
  it("not for a typo fix or a one-word headline tweak", () => {
    expect(isSubstantiveChange({ headline: "Council pases budget", body }, { headline: "Council passes budget", body })).toBe(false);
    expect(isSubstantiveChange({ headline: "H", body }, { headline: "H", body: body.replace("defenses", "defences") })).toBe(false);
  });

  it("for new reporting in the body or a rewritten headline", () => {
    const more = `${body} The mayor said she would sign it on Friday, after a public hearing.`;
    expect(isSubstantiveChange({ headline: "H", body }, { headline: "H", body: more })).toBe(true);
    expect(isSubstantiveChange({ headline: "Council passes budget", body }, { headline: "Council rejects budget after long debate", body })).toBe(true);
  });
});
