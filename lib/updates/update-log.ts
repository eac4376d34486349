import { formatApDate, formatApDateTime, formatApTime, localDayKey } from "@/lib/time/ap-style";
import { kindPrefix } from "@/lib/updates/kinds";
import type { UpdateKind } from "@/lib/generated/prisma/enums";

export type LogEntryInput = {
  id: string;
  occurredAt: Date;
  note: string;
  /** UPDATE when absent. */
  kind?: UpdateKind;
  /** The reason, when the entry was withdrawn: it stays in the log, struck through. */
  withdrawnReason?: string | null;
  edited?: boolean;
};
/** `text` is what readers read after the time: the note, with "Correction: " and the like before it. */
export type LogLine = { id: string; label: string; iso: string; note: string; text: string; withdrawnReason: string | null; edited: boolean };

/**
 * The public update log, newest first, as a newspaper prints it:
 *   "5:05 p.m.: This article has been updated ..."
 *   ...
 *   "This article was originally published at 4:50 a.m."
 * When the entries and the first publication do not all fall on one newsroom-local day, every line
 * carries its date so that no time is ambiguous. Every kind of entry is listed ("5:05 p.m.: Correction:
 * ..."); withdrawn entries too, carrying their reason.
 */
export function buildUpdateLog(
  entries: LogEntryInput[],
  firstPublishedAt: Date,
  timeZone: string,
): { lines: LogLine[]; originalLine: { label: string; iso: string } } {
  const newestFirst = [...entries].sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime());
  const days = new Set([firstPublishedAt, ...newestFirst.map((e) => e.occurredAt)].map((d) => localDayKey(d, timeZone)));
  const dated = days.size > 1;
  const lines = newestFirst.map((entry) => ({
    id: entry.id,
    label: dated ? formatApDateTime(entry.occurredAt, timeZone) : formatApTime(entry.occurredAt, timeZone),
    iso: entry.occurredAt.toISOString(),
    note: entry.note,
    text: kindPrefix(entry.kind ?? "UPDATE") + entry.note,
    withdrawnReason: entry.withdrawnReason ?? null,
    edited: entry.edited ?? false,
  }));
  const time = formatApTime(firstPublishedAt, timeZone);
  const label = dated ? `${time} ${formatApDate(firstPublishedAt, timeZone)}` : time;
  return { lines, originalLine: { label, iso: firstPublishedAt.toISOString() } };
}
