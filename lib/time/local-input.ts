import { localParts } from "@/lib/time/ap-style";

// The value of an <input type="datetime-local"> ("2016-12-13T17:05") means a wall-clock time in the
// newsroom's zone, whatever zone the editor's browser is in. Pure functions: forms and lib share them.

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/** The instant a datetime-local value names in `timeZone`, or null when the value is not one. */
export function fromLocalInput(value: string, timeZone: string): Date | null {
  const match = LOCAL_INPUT.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(wall).getUTCDate() !== day) return null; // Feb. 30 and the like
  // Guess the zone's offset at that wall time, then correct once for a daylight-saving change between.
  let instant = wall;
  for (let i = 0; i < 2; i++) {
    const p = localParts(new Date(instant), timeZone);
    const seen = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, new Date(instant).getUTCSeconds());
    instant += wall - seen;
  }
  return new Date(instant);
}

/** An instant as a datetime-local value in `timeZone`, to the minute. */
export function toLocalInput(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}
