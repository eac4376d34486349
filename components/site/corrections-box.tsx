import { LogEntryText } from "@/components/site/update-log";
import type { PublicLogEntry } from "@/lib/stories/public";
import { isCorrectionLike, kindPrefix } from "@/lib/updates/kinds";
import { formatApDateTime } from "@/lib/time/ap-style";

/**
 * Corrections, clarifications and editor's notes, near the top of the story where readers cannot miss
 * them. The id is the target of the corrections page's and feed's links (#corrections).
 */
export function CorrectionsBox({ updates, timeZone }: { updates: PublicLogEntry[]; timeZone: string }) {
  const entries = updates.filter((u) => isCorrectionLike(u.kind));
  if (entries.length === 0) return null;
  return (
    <section id="corrections" aria-labelledby="corrections-heading" className="mt-6 rounded border-l-4 border-accent bg-rule/20 px-4 py-3">
      <h2 id="corrections-heading" className="text-sm font-bold uppercase tracking-wide">
        Corrections
      </h2>
      <ul className="mt-2 space-y-2 text-sm">
        {entries.map((entry) => (
          <li key={entry.id}>
            <LogEntryText text={kindPrefix(entry.kind) + entry.note} withdrawnReason={entry.withdrawn ? entry.withdrawn.reason : null} edited={entry.edited} />{" "}
            <time dateTime={entry.occurredAt} className="text-muted">
              ({formatApDateTime(new Date(entry.occurredAt), timeZone)})
            </time>
          </li>
        ))}
      </ul>
    </section>
  );
}
