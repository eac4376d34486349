"use client";

import { useState } from "react";
import type { StoryFormOptions } from "@/lib/stories/editor-queries";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

/** Ordered related stories, chosen from recently published ones. */
export function RelatedField({
  relatedIds,
  candidates,
  errors,
  onChange,
}: {
  relatedIds: string[];
  candidates: StoryFormOptions["relatedCandidates"];
  errors?: string[];
  onChange: (ids: string[]) => void;
}) {
  const [choice, setChoice] = useState("");
  const headline = (id: string) => candidates.find((c) => c.id === id)?.headline ?? "(a story that is no longer published)";
  const available = candidates.filter((c) => !relatedIds.includes(c.id));
  return (
    <fieldset className="space-y-3 rounded border border-rule p-4" aria-describedby={errors?.length ? "related-error" : undefined}>
      <legend className="px-1 text-sm font-semibold">Related stories</legend>
      <ol className="space-y-2">
        {relatedIds.map((id, index) => (
          <li key={id} className="flex items-center gap-2 text-sm">
            <span className="flex-1">{headline(id)}</span>
            <Button onClick={() => onChange(relatedIds.filter((r) => r !== id))} aria-label={`Remove related story ${index + 1}`}>
              ✕
            </Button>
          </li>
        ))}
      </ol>
      <div className="flex items-end gap-2">
        <div className="flex-1">
          <label htmlFor="related-choice" className="block text-xs font-semibold">
            Related story to add
          </label>
          <select id="related-choice" value={choice} onChange={(e) => setChoice(e.target.value)} className={inputClass}>
            <option value="">Choose a published story</option>
            {available.map((c) => (
              <option key={c.id} value={c.id}>
                {c.headline}
              </option>
            ))}
          </select>
        </div>
        <Button
          onClick={() => {
            if (choice) onChange([...relatedIds, choice]);
            setChoice("");
          }}
          disabled={!choice || relatedIds.length >= 10}
        >
          Add related story
        </Button>
      </div>
      {errors?.length ? (
        <p id="related-error" className="text-sm font-semibold text-accent">
          {errors.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}
