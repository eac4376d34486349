import { LogEntryTools } from "./log-entry-tools";
import type { EditorLogEntry } from "@/lib/stories/editor-queries";
import { kindPrefix } from "@/lib/updates/kinds";
import { formatApDateTime } from "@/lib/time/ap-style";

/** The desk's view of a story's update log: every entry, its earlier wordings, and the tools to amend it. */
export function UpdateLogList({ updates, timeZone, canAmend }: { updates: EditorLogEntry[]; timeZone: string; canAmend: boolean }) {
  if (updates.length === 0) return <p className="text-sm text-muted">No updates yet.</p>;
  return (
    <ol className="space-y-3 text-sm">
      {updates.map((update) => (
        <li key={update.id} className="border-b border-rule pb-2">
          <time dateTime={update.occurredAt} className="font-semibold">
            {formatApDateTime(new Date(update.occurredAt), timeZone)}
          </time>
          : {update.withdrawn ? <del>{kindPrefix(update.kind) + update.note}</del> : kindPrefix(update.kind) + update.note}
          {update.previousWordings.length ? <span className="text-muted"> (edited)</span> : null}
          {update.withdrawn ? <span className="block font-semibold">Withdrawn: {update.withdrawn.reason}</span> : null}
          <span className="block text-xs text-muted">
            {update.author ? `by ${update.author}` : null}
            {update.author ? " · " : null}
            {update.significant ? "significant" : "not significant"}
          </span>
          {update.previousWordings.length ? (
            <details className="mt-1 text-xs">
              <summary>Previous wordings</summary>
              <ol className="mt-1 space-y-1">
                {update.previousWordings.map((previous) => (
                  <li key={previous.editedAt}>
                    <time dateTime={previous.occurredAt}>{formatApDateTime(new Date(previous.occurredAt), timeZone)}</time>: {previous.note}
                    <span className="text-muted">
                      {" "}
                      (replaced {formatApDateTime(new Date(previous.editedAt), timeZone)}
                      {previous.editedBy ? ` by ${previous.editedBy}` : ""})
                    </span>
                  </li>
                ))}
              </ol>
            </details>
          ) : null}
          {canAmend && !update.withdrawn ? <LogEntryTools updateId={update.id} note={update.note} /> : null}
        </li>
      ))}
    </ol>
  );
}
