"use client";

import type { StoryInput } from "@/lib/stories/schemas";
import type { StoryFormOptions } from "@/lib/stories/editor-queries";
import { bodyPlainText, readBody } from "@/lib/body/story-body";
import { diffText } from "@/lib/revisions/diff";
import { Button } from "@/components/ui/button";

// Shown when a save was refused because someone else saved in between: both versions side by side,
// field by field, with the differences marked. The person picks per field or wholesale, then saves;
// until then both texts stay on screen, so nothing either person wrote is lost.

type Field = keyof StoryInput;

const FIELDS: { field: Field; label: string }[] = [
  { field: "headline", label: "Headline" },
  { field: "slug", label: "Slug" },
  { field: "dek", label: "Dek" },
  { field: "sectionId", label: "Section" },
  { field: "bylines", label: "Bylines" },
  { field: "body", label: "Body" },
  { field: "creditLine", label: "Credit line" },
  { field: "tags", label: "Tags" },
  { field: "relatedIds", label: "Related stories" },
];

function asText(values: StoryInput, field: Field, options: StoryFormOptions): string {
  const value = values[field];
  switch (field) {
    case "body":
      return typeof value === "string" ? value : bodyPlainText(readBody(value));
    case "sectionId":
      return options.sections.find((s) => s.id === value)?.name ?? "No section";
    case "bylines":
      return values.bylines.map((b) => [options.staff.find((p) => p.id === b.userId)?.name ?? b.name, b.title].filter(Boolean).join(", ")).join("\n");
    case "relatedIds":
      return values.relatedIds.map((id) => options.relatedCandidates.find((c) => c.id === id)?.headline ?? "(another story)").join("\n");
    default:
      return String(value ?? "");
  }
}

function Marked({ before, after, side, only }: { before: string; after: string; side: "theirs" | "mine"; only?: string }) {
  // Each column shows its own text; what it has that the other lacks is marked, in words as well as style.
  const onlyHere = only ?? (side === "mine" ? "only in yours: " : "only in the saved version: ");
  return (
    <p className="whitespace-pre-wrap break-words font-serif text-sm">
      {diffText(before, after).map((part, i) => {
        if (part.kind === "same") return <span key={i}>{part.text}</span>;
        const ownPart = side === "mine" ? part.kind === "added" : part.kind === "removed";
        if (!ownPart) return null;
        return (
          <mark key={i} className="bg-amber-200 font-semibold underline decoration-2 dark:bg-amber-800">
            <span className="sr-only">{onlyHere}</span>
            {part.text}
          </mark>
        );
      })}
    </p>
  );
}

export function ConflictPanel({
  mine,
  theirs,
  current,
  options,
  savedBy,
  onChoose,
  onSave,
  pending,
}: {
  /** What this person had when the save was refused. */
  mine: StoryInput;
  /** What is saved now. */
  theirs: StoryInput;
  /** What is in the form now (after choices). */
  current: StoryInput;
  options: StoryFormOptions;
  savedBy: string | null;
  onChoose: (values: StoryInput) => void;
  onSave: () => void;
  pending: boolean;
}) {
  const differing = FIELDS.filter(({ field }) => asText(mine, field, options) !== asText(theirs, field, options));
  const take = (source: StoryInput, fields: Field[]) => {
    const next = { ...current } as Record<Field, unknown>;
    for (const field of fields) next[field] = source[field];
    onChoose(next as StoryInput);
  };
  const isFrom = (source: StoryInput, field: Field) => asText(current, field, options) === asText(source, field, options);

  return (
    <section aria-labelledby="conflict-heading" className="space-y-4 rounded border-2 border-accent p-4">
      <h2 id="conflict-heading" className="font-serif text-xl font-bold">
        Someone else saved this story while you were editing
      </h2>
      <p className="text-sm">
        {savedBy ? `${savedBy} saved the version on the right.` : "The version on the right is the one saved now."} Nothing has been overwritten. Choose, field
        by field or all at once, then save the result. Their version stays in the revision history either way.
      </p>
      <div className="flex flex-wrap gap-3">
        <Button
          onClick={() =>
            take(
              mine,
              differing.map((d) => d.field),
            )
          }
        >
          Keep all of yours
        </Button>
        <Button
          onClick={() =>
            take(
              theirs,
              differing.map((d) => d.field),
            )
          }
        >
          Take all of the saved version
        </Button>
        <Button variant="primary" onClick={onSave} disabled={pending}>
          Save the chosen version
        </Button>
      </div>
      {differing.length === 0 ? <p className="text-sm">The two versions have the same content; saving keeps it.</p> : null}
      {differing.map(({ field, label }) => {
        const yours = asText(mine, field, options);
        const saved = asText(theirs, field, options);
        return (
          <div key={field} role="group" aria-label={`${label}, both versions`} className="grid gap-3 border-t border-rule pt-3 md:grid-cols-2">
            <div className="space-y-2">
              <h3 className="text-sm font-bold">Your {label.toLowerCase()}</h3>
              <Marked before={saved} after={yours} side="mine" />
              <Button onClick={() => take(mine, [field])} aria-pressed={isFrom(mine, field)}>
                Use yours<span className="sr-only"> for {label}</span>
              </Button>
            </div>
            <div className="space-y-2">
              <h3 className="text-sm font-bold">Saved {label.toLowerCase()}</h3>
              <Marked before={saved} after={yours} side="theirs" />
              <Button onClick={() => take(theirs, [field])} aria-pressed={isFrom(theirs, field)}>
                Use saved<span className="sr-only"> for {label}</span>
              </Button>
            </div>
          </div>
        );
      })}
    </section>
  );
}

/**
 * The same side-by-side view, read-only: a prepared version (a scheduled change) beside the story as it
 * is now, field by field where they differ, with what each has that the other lacks marked.
 */
export function VersionComparison({
  prepared,
  current,
  options,
  preparedLabel,
  currentLabel,
}: {
  prepared: StoryInput;
  current: StoryInput;
  options: StoryFormOptions;
  preparedLabel: string;
  currentLabel: string;
}) {
  const differing = FIELDS.filter(({ field }) => asText(prepared, field, options) !== asText(current, field, options));
  if (differing.length === 0) return <p className="text-sm">The two versions have the same content.</p>;
  return (
    <div className="space-y-3">
      {differing.map(({ field, label }) => {
        const theirs = asText(current, field, options);
        const mine = asText(prepared, field, options);
        return (
          <div key={field} role="group" aria-label={`${label}, both versions`} className="grid gap-3 border-t border-rule pt-3 md:grid-cols-2">
            <div className="space-y-2">
              <h4 className="text-sm font-bold">
                {preparedLabel} {label.toLowerCase()}
              </h4>
              <Marked before={theirs} after={mine} side="mine" only={`only in the ${preparedLabel.toLowerCase()} version: `} />
            </div>
            <div className="space-y-2">
              <h4 className="text-sm font-bold">
                {currentLabel} {label.toLowerCase()}
              </h4>
              <Marked before={theirs} after={mine} side="theirs" only={`only in the ${currentLabel.toLowerCase()} version: `} />
            </div>
          </div>
        );
      })}
    </div>
  );
}
