import { describe, expect, it } from "vitest";
import { cleanQueryText, MAX_QUERY_LENGTH, MAX_TERMS, parseSearchQuery } from "@/lib/search/query";
import { MAX_SEARCH_PAGE, readSearchRequest } from "@/lib/search/params";
import { splitHighlights, MATCH_END, MATCH_START } from "@/lib/search/highlight";

const tsquery = (q: string) => parseSearchQuery(q).tsquery;

describe("reading a search box query", () => {
  it("joins words with &, and makes the last word a prefix", () => {
    expect(tsquery("storm bridge")).toBe("'storm' & 'bridge':*");
    expect(tsquery("Storm")).toBe("'storm':*");
  });

  it("reads quoted phrases, exclusions, or, and word*", () => {
    expect(tsquery('"city council" budget')).toBe("('city' <-> 'council') & 'budget':*");
    expect(tsquery("ferry -council")).toBe("'ferry' & !'council'");
    expect(tsquery('ferry -"city hall"')).toBe("'ferry' & !('city' <-> 'hall')");
    expect(tsquery("storm or flood")).toBe("('storm') | ('flood':*)");
    expect(tsquery("a b or c")).toBe("('a' & 'b') | ('c')");
    expect(tsquery("harb* cost")).toBe("'harb':* & 'cost':*");
  });

  it("splits words with inner punctuation into phrases of their parts", () => {
    expect(tsquery("Marsh-Okafor")).toBe("('marsh' <-> 'okafor')");
    expect(tsquery("O'Brien said")).toBe("('o' <-> 'brien') & 'said':*");
  });

  it("never lets tsquery syntax through: only letters and digits, quoted", () => {
    expect(tsquery("storm & | ! : * ( ) <-> <2>")).toBe("'storm' & '2'");
    expect(tsquery('\'; DROP TABLE "Story"; --')).toBe("'drop' & 'table' & 'story'");
    expect(tsquery("storm:*")).toBe("'storm':*");
    for (const q of ["&", "|", "!", "()", "<->", ":*", "'", "\\", "--", '"', "''''"]) expect(tsquery(q)).toBeNull();
  });

  it("gives a reason when there is nothing to search for", () => {
    expect(parseSearchQuery("")).toMatchObject({ tsquery: null, problem: "empty" });
    expect(parseSearchQuery("  \u0000 ")).toMatchObject({ tsquery: null, problem: "empty" });
    expect(parseSearchQuery("a")).toMatchObject({ tsquery: null, problem: "too-short" });
    expect(parseSearchQuery("-storm")).toMatchObject({ tsquery: null, problem: "only-exclusions" });
    expect(parseSearchQuery("-storm or -rain")).toMatchObject({ tsquery: null, problem: "only-exclusions" });
    expect(parseSearchQuery(42)).toMatchObject({ problem: "empty" });
    expect(parseSearchQuery(["storm", "rain"])).toMatchObject({ text: "storm" });
  });

  it("keeps short prefixes exact: one or two letters would match half the archive", () => {
    expect(tsquery("ferry bo")).toBe("'ferry' & 'bo'");
  });

  it("cuts long queries at a word, and says so", () => {
    const long = parseSearchQuery("word ".repeat(100));
    expect(long.truncated).toBe(true);
    expect(long.text.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
    expect(long.tsquery!.split("&")).toHaveLength(MAX_TERMS);
    const huge = cleanQueryText("x".repeat(1_000_000));
    expect(huge).toMatchObject({ truncated: true });
    expect(huge.text).toHaveLength(MAX_QUERY_LENGTH);
    expect(cleanQueryText("😀".repeat(300)).text).toBe("😀".repeat(100));
  });

  it("cleans invisible and private characters, and normalizes Unicode", () => {
    expect(cleanQueryText(`a\u0000b${MATCH_START}c${MATCH_END}\u202E`).text).toBe("a b c \u202E".trim());
    expect(parseSearchQuery("ﬁre Café").tsquery).toBe("'fire' & 'café':*");
    expect(parseSearchQuery("東京 都庁").tsquery).toBe("'東京' & '都庁'");
    expect(cleanQueryText("storm 😀 \uD800x").text).toBe("storm 😀 x");
  });
});

describe("reading the search address", () => {
  it("reads dates in the newsroom zone, with the end date inclusive", () => {
    const r = readSearchRequest({ q: "x1", from: "2016-12-13", to: "2016-12-13" }, "America/New_York");
    expect(r.range.start?.toISOString()).toBe("2016-12-13T05:00:00.000Z");
    expect(r.range.end?.toISOString()).toBe("2016-12-14T05:00:00.000Z");
    expect(r.notes).toEqual([]);
  });

  it("notes what it could not use and goes on", () => {
    const r = readSearchRequest({ q: "x1", from: "2016-02-30", to: "soon", page: "zero", section: "<b>" }, "UTC");
    expect(r).toMatchObject({ from: null, to: null, page: 1, section: null, range: { start: null, end: null } });
    expect(r.notes).toHaveLength(4);
    expect(readSearchRequest({ page: "999999" }, "UTC").page).toBe(MAX_SEARCH_PAGE);
  });
});

describe("highlighted text", () => {
  it("splits ts_headline output at its markers into text parts", () => {
    expect(splitHighlights(`The ${MATCH_START}storm${MATCH_END} closed the ${MATCH_START}bridge${MATCH_END}.`)).toEqual([
      { text: "The ", match: false },
      { text: "storm", match: true },
      { text: " closed the ", match: false },
      { text: "bridge", match: true },
      { text: ".", match: false },
    ]);
    expect(splitHighlights("<script>alert(1)</script>")).toEqual([{ text: "<script>alert(1)</script>", match: false }]);
    expect(splitHighlights("")).toEqual([]);
  });
});
