import type { DiffSegment } from "@/lib/revisions/diff";

/** Insertions and deletions are marked by element, by visible text style and by hidden words, never by colour alone. */
export function WordDiff({ segments }: { segments: DiffSegment[] }) {
  if (segments.length === 0) return <p className="text-muted">(empty)</p>;
  return (
    <p className="whitespace-pre-wrap font-serif leading-relaxed">
      {segments.map((segment, index) =>
        segment.kind === "added" ? (
          <ins key={index} className="bg-green-100 text-green-950 underline decoration-2 underline-offset-2 dark:bg-green-900/60 dark:text-green-50">
            <span className="sr-only">inserted: </span>
            {segment.text}
          </ins>
        ) : segment.kind === "removed" ? (
          <del key={index} className="bg-red-100 text-red-950 line-through decoration-2 dark:bg-red-900/60 dark:text-red-50">
            <span className="sr-only">deleted: </span>
            {segment.text}
          </del>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </p>
  );
}
