"use client";

import { useEffect, useState } from "react";
import { saveFrontPageAction, searchStoriesToPinAction } from "./actions";
import type { DeskGroup, DeskPlace, FrontPageForDesk } from "@/lib/front-page/editor-queries";
import { isOnFrontPage } from "@/lib/front-page/slots";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { useServerAction } from "@/components/ui/use-server-action";

// The layout is edited here as a whole and saved in one go, against the version it was loaded at.
// Moving a story makes it a pin in its new place (an order is only kept if it is pinned); a story
// pinned to a place leaves any other front-page place it was pinned to.

type Story = { id: string; headline: string };

function moved(places: DeskPlace[], from: number, to: number): DeskPlace[] {
  if (to < 0 || to >= places.length || from === to) return places;
  const stories = places.map(({ story, pinned, pinnedUntil }) => ({ story, pinned, pinnedUntil }));
  const [item] = stories.splice(from, 1);
  stories.splice(to, 0, item);
  return places.map((place, i) => {
    const next = stories[i];
    const shifted = next.story?.id !== place.story?.id;
    return { ...place, story: next.story, pinned: next.story ? next.pinned || shifted : false, pinnedUntil: next.story ? next.pinnedUntil : "" };
  });
}

export function FrontPageEditor({ layout }: { layout: FrontPageForDesk }) {
  const [groups, setGroups] = useState<DeskGroup[]>(layout.groups);
  const [version, setVersion] = useState(layout.version);
  const [choosing, setChoosing] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const { errors, error, done, pending, run } = useServerAction();

  const change = (groupId: string, update: (places: DeskPlace[]) => DeskPlace[]) => {
    setDirty(true);
    setGroups((all) => all.map((g) => (g.id === groupId ? { ...g, places: update(g.places) } : g)));
  };

  const pin = (group: DeskGroup, index: number, story: Story) => {
    setDirty(true);
    setChoosing(null);
    setGroups((all) =>
      all.map((g) => {
        const places = g.places.map((place, i) => {
          if (g.id === group.id && i === index) return { ...place, story, pinned: true };
          // One story, one place on the front page (a section page's top story is a page of its own).
          const clash = place.story?.id === story.id && place.pinned && (g.id === group.id || (isOnFrontPage(g.slot) && isOnFrontPage(group.slot)));
          return clash ? { ...place, story: null, pinned: false, pinnedUntil: "" } : place;
        });
        return { ...g, places };
      }),
    );
  };

  const save = () => {
    const pins = groups.flatMap((g) =>
      g.places
        .filter((p) => p.pinned && p.story)
        .map((p) => ({ slot: p.slot, sectionId: p.sectionId, position: p.position, storyId: p.story!.id, expiresAt: p.pinnedUntil })),
    );
    run(
      () => saveFrontPageAction({ baseVersion: version, pins }),
      (saved) => {
        setGroups(saved.groups);
        setVersion(saved.version);
        setDirty(false);
        return "Front page saved. Readers see it now.";
      },
      // The answer carries the saved layout; nothing else on the page changed.
      { refresh: false },
    );
  };

  return (
    <div className="mt-6 space-y-8">
      {groups.map((group) => (
        <section key={group.id} aria-labelledby={`${group.id}-heading`} className="space-y-2">
          <h2 id={`${group.id}-heading`} className="border-b-2 border-ink pb-1 font-serif text-xl font-bold">
            {group.title}
          </h2>
          <ol className="divide-y divide-rule">
            {group.places.map((place, index) => {
              const name = place.story ? `“${place.story.headline}”` : place.label;
              const placeErrors = errors[place.key];
              return (
                <li
                  key={place.key}
                  draggable={Boolean(place.story) && group.places.length > 1}
                  onDragStart={(e) => {
                    e.dataTransfer.effectAllowed = "move";
                    e.dataTransfer.setData("text/plain", place.key);
                  }}
                  onDragOver={(e) => e.preventDefault()}
                  onDrop={(e) => {
                    e.preventDefault();
                    // The place dragged from, by its key: only a place of this list moves within it.
                    const from = group.places.findIndex((p) => p.key === e.dataTransfer.getData("text/plain"));
                    if (from >= 0) change(group.id, (places) => moved(places, from, index));
                  }}
                  aria-label={`${place.label}: ${place.story ? place.story.headline : "empty"}`}
                  className="space-y-2 py-3"
                >
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="w-40 shrink-0 text-xs font-semibold uppercase tracking-wide text-muted">{place.label}</span>
                    <span className="min-w-0 flex-1 font-serif text-lg">
                      {place.story ? place.story.headline : <span className="text-muted">Nothing to show yet</span>}
                    </span>
                    <span className={`rounded px-2 py-0.5 text-xs font-semibold ${place.pinned ? "bg-ink text-paper" : "border border-rule text-muted"}`}>
                      {place.pinned ? "Pinned" : "Newest"}
                    </span>
                  </div>
                  <div className="flex flex-wrap items-end gap-2">
                    {group.places.length > 1 ? (
                      <>
                        <Button
                          onClick={() => change(group.id, (places) => moved(places, index, index - 1))}
                          disabled={index === 0 || !place.story}
                          aria-label={`Move ${name} up`}
                        >
                          Move up
                        </Button>
                        <Button
                          onClick={() => change(group.id, (places) => moved(places, index, index + 1))}
                          disabled={index === group.places.length - 1 || !place.story}
                          aria-label={`Move ${name} down`}
                        >
                          Move down
                        </Button>
                      </>
                    ) : null}
                    <Button onClick={() => setChoosing(choosing === place.key ? null : place.key)} aria-expanded={choosing === place.key}>
                      Choose a story<span className="sr-only"> for {place.label}</span>
                    </Button>
                    {place.pinned ? (
                      <>
                        <Button
                          onClick={() => change(group.id, (places) => places.map((p, i) => (i === index ? { ...p, pinned: false, pinnedUntil: "" } : p)))}
                          aria-label={`Unpin ${name}`}
                        >
                          Unpin
                        </Button>
                        <div>
                          <label htmlFor={`${place.key}-until`} className="block text-xs font-semibold">
                            Pinned until<span className="sr-only"> ({place.label})</span>
                          </label>
                          <input
                            id={`${place.key}-until`}
                            type="datetime-local"
                            value={place.pinnedUntil}
                            onChange={(e) => change(group.id, (places) => places.map((p, i) => (i === index ? { ...p, pinnedUntil: e.target.value } : p)))}
                            aria-invalid={placeErrors?.length ? true : undefined}
                            aria-describedby={placeErrors?.length ? `${place.key}-error` : undefined}
                            className={inputClass}
                          />
                        </div>
                      </>
                    ) : null}
                  </div>
                  {placeErrors?.length ? (
                    <p id={`${place.key}-error`} className="text-sm font-semibold text-accent">
                      {placeErrors.join(" ")}
                    </p>
                  ) : null}
                  {choosing === place.key ? <StoryPicker place={place} onPick={(story) => pin(group, index, story)} /> : null}
                </li>
              );
            })}
          </ol>
        </section>
      ))}
      <div className="sticky bottom-0 space-y-3 border-t border-rule bg-paper py-4">
        {error ? <Alert tone="error">{[error, ...(errors.form ?? [])].join(" ")}</Alert> : null}
        {done ? <Alert tone="success">{done}</Alert> : null}
        <div className="flex items-center gap-4">
          <Button variant="primary" onClick={save} disabled={pending}>
            {pending ? "Saving…" : "Save front page"}
          </Button>
          {dirty ? <span className="text-sm text-muted">Unsaved changes</span> : null}
        </div>
      </div>
    </div>
  );
}

/** A search over published headlines (the related-story search), in the section for a section's place. */
function StoryPicker({ place, onPick }: { place: DeskPlace; onPick: (story: Story) => void }) {
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<Story[] | null>(null);
  useEffect(() => {
    let current = true;
    const timer = window.setTimeout(async () => {
      const found = await searchStoriesToPinAction({ q: query, sectionId: place.sectionId }).catch(() => null);
      if (current && found?.ok) setResults(found.data);
    }, 250);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [query, place.sectionId]);
  const id = `${place.key}-search`;
  return (
    <div className="space-y-2 rounded border border-rule p-3">
      <label htmlFor={id} className="block text-xs font-semibold">
        Find a published story<span className="sr-only"> for {place.label}</span>
      </label>
      <input
        id={id}
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        maxLength={200}
        className={inputClass}
        placeholder="Words from a headline"
      />
      {results?.length ? (
        <ul aria-label={`Published stories for ${place.label}`} className="space-y-1">
          {results.map((story) => (
            <li key={story.id}>
              <button type="button" onClick={() => onPick(story)} className="text-left text-sm underline underline-offset-4">
                Pin: {story.headline}
              </button>
            </li>
          ))}
        </ul>
      ) : results ? (
        <p className="text-sm text-muted">No published story matches.</p>
      ) : null}
    </div>
  );
}
