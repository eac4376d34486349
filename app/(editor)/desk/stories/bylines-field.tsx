"use client";

import type { StoryInput } from "@/lib/stories/schemas";
import type { StoryFormOptions } from "@/lib/stories/editor-queries";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

type Byline = StoryInput["bylines"][number];

/** Ordered bylines: each a staff member or an outside name, with a title such as "special correspondent". */
export function BylinesField({
  bylines,
  staff,
  errors,
  onChange,
}: {
  bylines: Byline[];
  staff: StoryFormOptions["staff"];
  errors?: string[];
  onChange: (bylines: Byline[]) => void;
}) {
  const update = (index: number, patch: Partial<Byline>) => onChange(bylines.map((b, i) => (i === index ? { ...b, ...patch } : b)));
  const move = (index: number, by: number) => {
    const next = [...bylines];
    const [moved] = next.splice(index, 1);
    next.splice(index + by, 0, moved);
    onChange(next);
  };
  return (
    <fieldset className="space-y-3 rounded border border-rule p-4" aria-describedby={errors?.length ? "bylines-error" : undefined}>
      <legend className="px-1 text-sm font-semibold">Bylines</legend>
      {bylines.length === 0 ? <p className="text-sm text-muted">No bylines yet.</p> : null}
      <ol className="space-y-3">
        {bylines.map((byline, index) => {
          const n = index + 1;
          return (
            <li key={index} className="grid gap-2 sm:grid-cols-[1fr_1fr_1fr_auto] sm:items-end">
              <div>
                <label htmlFor={`byline-${n}-staff`} className="block text-xs font-semibold">
                  Byline {n} staff member
                </label>
                <select id={`byline-${n}-staff`} value={byline.userId} onChange={(e) => update(index, { userId: e.target.value })} className={inputClass}>
                  <option value="">Outside contributor</option>
                  {staff.map((person) => (
                    <option key={person.id} value={person.id}>
                      {person.name}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label htmlFor={`byline-${n}-name`} className="block text-xs font-semibold">
                  Byline {n} outside name
                </label>
                <input
                  id={`byline-${n}-name`}
                  value={byline.name}
                  disabled={Boolean(byline.userId)}
                  onChange={(e) => update(index, { name: e.target.value })}
                  className={inputClass}
                  maxLength={200}
                />
              </div>
              <div>
                <label htmlFor={`byline-${n}-title`} className="block text-xs font-semibold">
                  Byline {n} title
                </label>
                <input
                  id={`byline-${n}-title`}
                  value={byline.title}
                  placeholder={staff.find((p) => p.id === byline.userId)?.title || "e.g. special correspondent"}
                  onChange={(e) => update(index, { title: e.target.value })}
                  className={inputClass}
                  maxLength={200}
                />
              </div>
              <div className="flex gap-1">
                <Button onClick={() => move(index, -1)} disabled={index === 0} aria-label={`Move byline ${n} up`}>
                  ↑
                </Button>
                <Button onClick={() => move(index, 1)} disabled={index === bylines.length - 1} aria-label={`Move byline ${n} down`}>
                  ↓
                </Button>
                <Button onClick={() => onChange(bylines.filter((_, i) => i !== index))} aria-label={`Remove byline ${n}`}>
                  ✕
                </Button>
              </div>
            </li>
          );
        })}
      </ol>
      <Button onClick={() => onChange([...bylines, { userId: "", name: "", title: "" }])} disabled={bylines.length >= 12}>
        Add byline
      </Button>
      {errors?.length ? (
        <p id="bylines-error" className="text-sm font-semibold text-accent">
          {errors.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}
