import { describe, expect, it } from "vitest";
import { buildUpdateLog } from "@/lib/updates/update-log";

const NY = "America/New_York";
const entry = (id: string, iso: string) => ({ id, occurredAt: new Date(iso), note: `note ${id}` });

describe("the public update log", () => {
  it("lists entries newest first with bare times when everything happened on one day", () => {
    const log = buildUpdateLog(
      [entry("a", "2016-12-13T11:15:00Z"), entry("c", "2016-12-13T22:05:00Z"), entry("b", "2016-12-13T18:00:00Z")],
      new Date("2016-12-13T09:50:00Z"),
      NY,
    );
    expect(log.lines.map((l) => `${l.label}: ${l.note}`)).toEqual(["5:05 p.m.: note c", "1 p.m.: note b", "6:15 a.m.: note a"]);
    expect(log.originalLine.label).toBe("4:50 a.m.");
  });

  it("dates every line when the story spans newsroom days", () => {
    const log = buildUpdateLog([entry("a", "2016-12-14T14:00:00Z")], new Date("2016-12-13T09:50:00Z"), NY);
    expect(log.lines[0].label).toBe("Dec. 14, 2016, 9 a.m.");
    expect(log.originalLine.label).toBe("4:50 a.m. Dec. 13, 2016");
  });

  it("decides 'one day' in the newsroom's zone, not in UTC", () => {
    // 11:30 p.m. and 4:50 a.m. New York time on Dec. 13 straddle midnight UTC.
    const log = buildUpdateLog([entry("a", "2016-12-14T04:30:00Z")], new Date("2016-12-13T09:50:00Z"), NY);
    expect(log.lines[0].label).toBe("11:30 p.m.");
  });

  it("prefixes every kind but a plain update and keeps withdrawn entries with their reason", () => {
    const log = buildUpdateLog(
      [
        { ...entry("a", "2016-12-13T11:15:00Z"), kind: "CORRECTION" as const },
        { ...entry("b", "2016-12-13T12:15:00Z"), kind: "CLARIFICATION" as const, withdrawnReason: "Issued in error." },
        { ...entry("c", "2016-12-13T13:15:00Z"), kind: "EDITORS_NOTE" as const, edited: true },
        { ...entry("d", "2016-12-13T14:15:00Z"), kind: "UPDATE" as const },
      ],
      new Date("2016-12-13T09:50:00Z"),
      NY,
    );
    expect(log.lines.map((l) => `${l.label}: ${l.text}`)).toEqual([
      "9:15 a.m.: note d",
      "8:15 a.m.: Editor's note: note c",
      "7:15 a.m.: Clarification: note b",
      "6:15 a.m.: Correction: note a",
    ]);
    expect(log.lines.map((l) => l.withdrawnReason)).toEqual([null, null, "Issued in error.", null]);
    expect(log.lines[1].edited).toBe(true);
  });
});
