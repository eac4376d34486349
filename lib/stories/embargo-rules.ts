import type { Tx } from "@/lib/db/client";
import { formatApWeekdayTime } from "@/lib/time/ap-style";

// What an embargo means, shared by the writes that must respect it (publishing, scheduling, the
// embargo itself: lib/stories/embargo.ts) and the newsroom pages that show it.

export const EMBARGO_FIELD = "embargoUntil";

/** "Embargoed until 9 a.m. Thursday, Dec. 3." */
export function embargoedUntilText(until: Date, timeZone: string): string {
  return `Embargoed until ${formatApWeekdayTime(until, timeZone)}.`;
}

/** Why a story cannot go live before its lift, in the words Publish and Schedule answer with. */
export function embargoRefusal(until: Date, timeZone: string): string {
  return `${embargoedUntilText(until, timeZone)} It goes live by itself then: schedule it for that time or later.`;
}

/** The newsroom's time zone, read in the write's transaction (the cached settings are the public pages'). */
export async function newsroomTimeZone(tx: Pick<Tx, "siteSettings">): Promise<string> {
  const row = await tx.siteSettings.findUnique({ where: { id: 1 }, select: { timeZone: true } });
  return row?.timeZone ?? "America/New_York";
}

/** The embargo in force on a story at `now` of the database's clock, or null: a lift in the past holds nothing. */
export function embargoInForce(embargoUntil: Date | null, now: Date): Date | null {
  return embargoUntil && embargoUntil.getTime() > now.getTime() ? embargoUntil : null;
}
