import { z } from "zod";
import { textField } from "@/lib/text/storable";

// What the schedule form sends. The time comes from an <input type="datetime-local">: a wall-clock
// time with no zone ("2026-11-25T09:30"), meaning the newsroom's time zone. The action converts it
// with that zone (lib/time/zoned.ts), which is site data and so not known here.

export const PUBLISH_AT_FORMAT_MESSAGE = "Enter a date and time, like 2026-11-25 9:30 a.m.";

export type LocalDateTime = { year: number; month: number; day: number; hour: number; minute: number };

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d{1,3})?)?$/;

/** The fields of a datetime-local value, or null when it is not a real date and time. Seconds are dropped. */
export function parseLocalDateTime(value: string): LocalDateTime | null {
  const match = LOCAL_DATE_TIME.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number);
  // Date.UTC rolls Feb. 30 over into March; a real date comes back unchanged.
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  if (hour > 23 || minute > 59) return null;
  return { year, month, day, hour, minute };
}

export const localDateTimeSchema = textField({ error: PUBLISH_AT_FORMAT_MESSAGE }).transform((value, ctx) => {
  const parsed = parseLocalDateTime(value);
  if (!parsed) {
    ctx.addIssue({ code: "custom", message: PUBLISH_AT_FORMAT_MESSAGE });
    return z.NEVER;
  }
  return parsed;
});

export const scheduleStoryInputSchema = z.object({
  storyId: textField().uuid(),
  baseVersion: z.number().int().positive(),
  publishAt: localDateTimeSchema,
});

export const cancelScheduleInputSchema = z.object({ storyId: textField().uuid(), baseVersion: z.number().int().positive() });

// A scheduled change to a published story: the story form's content (parsed on its own, like a save's,
// so that its field errors are keyed by the form's fields), the version it was prepared from, and when.
export const scheduleChangeInputSchema = z.object({
  storyId: textField().uuid(),
  baseVersion: z.number().int().positive(),
  runAt: localDateTimeSchema,
  values: z.unknown(),
});

export const scheduledChangeRefSchema = z.object({ changeId: textField().uuid() });

/** "Apply now" on a held change: based on the story version the editor compared it with. */
export const applyHeldChangeInputSchema = z.object({ changeId: textField().uuid(), storyVersion: z.number().int().positive() });

/** An admin's original publication time for an archive story, as a datetime-local value in the newsroom's zone. */
export const originalPublicationInputSchema = z.object({ storyId: textField().uuid(), firstPublishedAt: localDateTimeSchema });

/**
 * What the embargo control sends: the lift as a datetime-local value in the newsroom's zone, or an
 * empty value to remove the embargo.
 */
export const setEmbargoInputSchema = z.object({
  storyId: textField().uuid(),
  baseVersion: z.number().int().positive(),
  embargoUntil: z.union([z.literal("").transform(() => null), localDateTimeSchema]),
});
