import { buildUpdateLog } from "@/lib/stories/update-log";

/** The foot-of-story log: newest note first, ending with the original publication time. */
export function UpdateLog({
  updates,
  firstPublishedAt,
  timeZone,
}: {
  updates: { id: string; occurredAt: string; note: string }[];
  firstPublishedAt: string;
  timeZone: string;
}) {
  const { lines, originalLine } = buildUpdateLog(
    updates.map((u) => ({ ...u, occurredAt: new Date(u.occurredAt) })),
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
            <time dateTime={line.iso}>{line.label}</time>: {line.note}
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
