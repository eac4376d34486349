import { buildUpdateLog, type LogLine } from "@/lib/updates/update-log";
import type { UpdateKind } from "@/lib/generated/prisma/enums";

type LogEntry = { id: string; occurredAt: string; note: string; kind?: UpdateKind; withdrawn?: { reason: string } | null; edited?: boolean };

/** An entry's text as readers see it: struck through with its reason when withdrawn, never hidden. */
export function LogEntryText({ text, withdrawnReason, edited }: Pick<LogLine, "text" | "withdrawnReason" | "edited">) {
  return (
    <>
      {withdrawnReason !== null ? (
        <>
          <del>{text}</del> <span className="not-italic font-semibold">Withdrawn: {withdrawnReason}</span>
        </>
      ) : (
        text
      )}
      {edited ? <span className="not-italic text-muted"> (edited)</span> : null}
    </>
  );
}

/** The foot-of-story log: newest entry first, every kind, ending with the original publication time. */
export function UpdateLog({ updates, firstPublishedAt, timeZone }: { updates: LogEntry[]; firstPublishedAt: string; timeZone: string }) {
  const { lines, originalLine } = buildUpdateLog(
    updates.map((u) => ({
      id: u.id,
      note: u.note,
      kind: u.kind,
      withdrawnReason: u.withdrawn?.reason ?? null,
      edited: u.edited,
      occurredAt: new Date(u.occurredAt),
    })),
    new Date(firstPublishedAt),
    timeZone,
  );
  return (
    <section aria-labelledby="updates-heading" className="mt-10 border-t border-rule pt-6">
      <h2 id="updates-heading" className="text-sm font-bold uppercase tracking-wide">
        Updates
      </h2>
      <ol className="mt-3 space-y-3 text-sm italic">
        {lines.map((line) => (
          <li key={line.id}>
            <time dateTime={line.iso}>{line.label}</time>: <LogEntryText text={line.text} withdrawnReason={line.withdrawnReason} edited={line.edited} />
          </li>
        ))}
        <li>
          This article was originally published at <time dateTime={originalLine.iso}>{originalLine.label}</time>
          {originalLine.label.endsWith(".") ? "" : "."}
        </li>
      </ol>
    </section>
  );
}
