// Times and dates in Associated Press style, in a given IANA time zone: "5:05 p.m.", "1 p.m.", "noon",
// "Dec. 13, 2016", "March 4, 2025". Pure functions: used by server components and tests alike.

const AP_MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."];

type LocalParts = { year: number; month: number; day: number; hour: number; minute: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      hourCycle: "h23",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock fields of an instant in a time zone. */
export function localParts(instant: Date, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour % 24, minute: parts.minute };
}

/** "5:05 p.m.", "1 p.m.", "11:50 a.m.", and AP's "noon" and "midnight". */
export function formatApTime(instant: Date, timeZone: string): string {
  const { hour, minute } = localParts(instant, timeZone);
  if (minute === 0 && hour === 12) return "noon";
  if (minute === 0 && hour === 0) return "midnight";
  const hour12 = hour % 12 === 0 ? 12 : hour % 12;
  const clock = minute === 0 ? `${hour12}` : `${hour12}:${String(minute).padStart(2, "0")}`;
  return `${clock} ${hour < 12 ? "a.m." : "p.m."}`;
}

/** Ends a sentence with a period, unless it ends in one already, as an AP time does: "Saved at 4:26 p.m." */
export function endSentence(text: string): string {
  return text.endsWith(".") ? text : `${text}.`;
}

/** "Dec. 13, 2016". */
export function formatApDate(instant: Date, timeZone: string): string {
  const { year, month, day } = localParts(instant, timeZone);
  return `${AP_MONTHS[month - 1]} ${day}, ${year}`;
}

/** "Dec. 13, 2016, 5:05 p.m." */
export function formatApDateTime(instant: Date, timeZone: string): string {
  return `${formatApDate(instant, timeZone)}, ${formatApTime(instant, timeZone)}`;
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/**
 * "9 a.m. Thursday, Dec. 3": a moment readers of a notice must not misread, with its weekday; the
 * year is added when it is not the year of `now` ("9 a.m. Friday, Jan. 1, 2027").
 */
export function formatApWeekdayTime(instant: Date, timeZone: string, now = new Date()): string {
  const { year, month, day } = localParts(instant, timeZone);
  const weekday = WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()];
  const date = `${AP_MONTHS[month - 1]} ${day}${year === localParts(now, timeZone).year ? "" : `, ${year}`}`;
  return `${formatApTime(instant, timeZone)} ${weekday}, ${date}`;
}

/** A key for the newsroom-local calendar day of an instant, for "same day?" comparisons. */
export function localDayKey(instant: Date, timeZone: string): string {
  const { year, month, day } = localParts(instant, timeZone);
  return `${year}-${month}-${day}`;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}
