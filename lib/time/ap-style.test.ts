import { describe, expect, it } from "vitest";
import { endSentence, formatApDate, formatApDateTime, formatApTime, formatApWeekdayTime, isValidTimeZone } from "@/lib/time/ap-style";
import { zonedTimeToUtc } from "@/lib/time/zoned";

const NY = "America/New_York";

describe("AP-style times", () => {
  it.each([
    ["2016-12-13T22:05:00Z", "5:05 p.m."],
    ["2016-12-13T18:00:00Z", "1 p.m."],
    ["2016-12-13T16:50:00Z", "11:50 a.m."],
    ["2016-12-13T09:50:00Z", "4:50 a.m."],
    ["2016-12-13T17:00:00Z", "noon"],
    ["2016-12-14T05:00:00Z", "midnight"],
    ["2016-12-14T05:07:00Z", "12:07 a.m."],
  ])("%s in New York is %s", (iso, expected) => {
    expect(formatApTime(new Date(iso), NY)).toBe(expected);
  });

  it("ends a sentence after a time with one period, the time's own where it has one", () => {
    expect(endSentence(`Saved at ${formatApTime(new Date("2016-12-13T21:26:00Z"), NY)}`)).toBe("Saved at 4:26 p.m.");
    expect(endSentence(`Published at ${formatApTime(new Date("2016-12-13T17:00:00Z"), NY)}`)).toBe("Published at noon.");
  });

  it("abbreviates only the months AP abbreviates", () => {
    expect(formatApDate(new Date("2016-12-13T17:00:00Z"), NY)).toBe("Dec. 13, 2016");
    expect(formatApDate(new Date("2025-09-02T17:00:00Z"), NY)).toBe("Sept. 2, 2025");
    expect(formatApDate(new Date("2025-03-04T17:00:00Z"), NY)).toBe("March 4, 2025");
    expect(formatApDate(new Date("2025-07-04T17:00:00Z"), NY)).toBe("July 4, 2025");
  });

  it("shows the same instant in each newsroom's own zone, across the date line", () => {
    const instant = new Date("2016-12-14T03:30:00Z");
    expect(formatApDateTime(instant, NY)).toBe("Dec. 13, 2016, 10:30 p.m.");
    expect(formatApDateTime(instant, "Asia/Tokyo")).toBe("Dec. 14, 2016, 12:30 p.m.");
    expect(formatApDateTime(instant, "UTC")).toBe("Dec. 14, 2016, 3:30 a.m.");
  });

  it("converts newsroom wall time to UTC on both sides of a daylight-saving change", () => {
    expect(zonedTimeToUtc({ year: 2025, month: 3, day: 8, hour: 4, minute: 50 }, NY).toISOString()).toBe("2025-03-08T09:50:00.000Z");
    expect(zonedTimeToUtc({ year: 2025, month: 3, day: 10, hour: 4, minute: 50 }, NY).toISOString()).toBe("2025-03-10T08:50:00.000Z");
    expect(zonedTimeToUtc({ year: 2025, month: 7, day: 1, hour: 17, minute: 5 }, "Europe/Berlin").toISOString()).toBe("2025-07-01T15:05:00.000Z");
  });

  it("names the weekday of an embargo's lift in the newsroom's zone, and the year only when it is not this one", () => {
    const now = new Date("2026-12-01T12:00:00Z");
    expect(formatApWeekdayTime(new Date("2026-12-03T14:00:00Z"), NY, now)).toBe("9 a.m. Thursday, Dec. 3");
    // 11:30 p.m. on Wednesday in New York is already Thursday in UTC.
    expect(formatApWeekdayTime(new Date("2026-12-03T04:30:00Z"), NY, now)).toBe("11:30 p.m. Wednesday, Dec. 2");
    expect(formatApWeekdayTime(new Date("2027-01-01T17:00:00Z"), NY, now)).toBe("noon Friday, Jan. 1, 2027");
  });

  it("knows a real time zone from a made-up one", () => {
    expect(isValidTimeZone("America/Chicago")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
  });
});
