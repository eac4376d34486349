import { buildUpdateLog } from "@/lib/updates/update-log";
import type { PublicLogEntry } from "@/lib/stories/public";

// The running list of a live story, shared by the server-rendered page and the JSON it polls
// (app/(site)/stories/[slug]/live.json), so that both draw the same lines. Pure: no database.

/** One line of the running list, ready to draw: `label` is the AP-style time, `text` the note with its kind. */
export type LiveEntry = { id: string; iso: string; label: string; text: string; edited: boolean };

/**
 * The story's log entries newest first, without withdrawn ones (those stay, struck through, in the log
 * at the foot of the story). Times carry their date when the coverage spans more than one day.
 */
export function liveEntries(story: { updates: PublicLogEntry[]; firstPublishedAt: string }, timeZone: string): LiveEntry[] {
  const { lines } = buildUpdateLog(
    story.updates.filter((u) => !u.withdrawn).map((u) => ({ id: u.id, note: u.note, kind: u.kind, edited: u.edited, occurredAt: new Date(u.occurredAt) })),
    new Date(story.firstPublishedAt),
    timeZone,
  );
  return lines.map((line) => ({ id: line.id, iso: line.iso, label: line.label, text: line.text, edited: line.edited }));
}
