"use client";

import { useEffect, useState } from "react";
import { searchStoriesToRelateAction } from "./actions";
import type { StoryFormOptions } from "@/lib/stories/editor-queries";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

type Story = StoryFormOptions["relatedCandidates"][number];

/** Ordered related stories, found by searching published headlines. */
export function RelatedField({
  storyId,
  relatedIds,
  known,
  errors,
  onChange,
}: {
  storyId: string | null;
  relatedIds: string[];
  /** Headlines of the stories already related, from the server. */
  known: Story[];
  errors?: string[];
  onChange: (ids: string[]) => void;
}) {
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<Story[]>([]);
  const [headlines, setHeadlines] = useState(() => new Map(known.map((s) => [s.id, s.headline])));

  useEffect(() => {
    let current = true;
    const timer = window.setTimeout(async () => {
      const found = await searchStoriesToRelateAction({ q: query, storyId }).catch(() => null);
      if (current && found?.ok) setResults(found.data);
    }, 250);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [query, storyId]);

  const add = (story: Story) => {
    setHeadlines((map) => new Map(map).set(story.id, story.headline));
    onChange([...relatedIds, story.id]);
  };
  const move = (index: number, by: number) => {
    const next = [...relatedIds];
    const [moved] = next.splice(index, 1);
    next.splice(index + by, 0, moved);
    onChange(next);
  };
  const available = results.filter((r) => !relatedIds.includes(r.id));

  return (
    <fieldset className="space-y-3 rounded border border-rule p-4" aria-describedby={errors?.length ? "related-error" : undefined}>
      <legend className="px-1 text-sm font-semibold">Related stories</legend>
      {relatedIds.length === 0 ? <p className="text-sm text-muted">None yet.</p> : null}
      <ol className="space-y-2">
        {relatedIds.map((id, index) => (
          <li key={id} className="flex items-center gap-2 text-sm">
            <span className="flex-1">{headlines.get(id) ?? "(a story that is no longer published)"}</span>
            <Button onClick={() => move(index, -1)} disabled={index === 0} aria-label={`Move related story ${index + 1} up`}>
              ↑
            </Button>
            <Button onClick={() => move(index, 1)} disabled={index === relatedIds.length - 1} aria-label={`Move related story ${index + 1} down`}>
              ↓
            </Button>
            <Button onClick={() => onChange(relatedIds.filter((r) => r !== id))} aria-label={`Remove related story ${index + 1}`}>
              ✕
            </Button>
          </li>
        ))}
      </ol>
      <div>
        <label htmlFor="related-search" className="block text-xs font-semibold">
          Find a related story
        </label>
        <input
          id="related-search"
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          maxLength={200}
          className={inputClass}
          placeholder="Words from a published headline"
        />
      </div>
      {available.length ? (
        <ul aria-label="Published stories to relate" className="space-y-1">
          {available.map((story) => (
            <li key={story.id}>
              <button type="button" onClick={() => add(story)} disabled={relatedIds.length >= 10} className="text-left text-sm underline underline-offset-4">
                Add: {story.headline}
              </button>
            </li>
          ))}
        </ul>
      ) : query ? (
        <p className="text-sm text-muted">No published story matches.</p>
      ) : null}
      {errors?.length ? (
        <p id="related-error" className="text-sm font-semibold text-accent">
          {errors.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}
