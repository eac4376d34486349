import { localParts } from "@/lib/time/ap-style";

/** The instant at which the wall clock in `timeZone` reads the given local date and time. */
export function zonedTimeToUtc(local: { year: number; month: number; day: number; hour: number; minute: number }, timeZone: string): Date {
  const wanted = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // Start from the wall time read as UTC and correct by the zone's offset; a second pass settles
  // instants near a daylight-saving change.
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const p = localParts(new Date(guess), timeZone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    guess += wanted - shown;
  }
  return new Date(guess);
}

/** The newsroom-local calendar date `daysAgo` days before `now`. */
export function localDateDaysAgo(now: Date, daysAgo: number, timeZone: string): { year: number; month: number; day: number } {
  const p = localParts(now, timeZone);
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day - daysAgo));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
