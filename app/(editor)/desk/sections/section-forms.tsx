"use client";

import { useState, type FormEvent } from "react";
import { createSectionAction, deleteSectionAction, moveSectionAction, updateSectionAction } from "./actions";
import { FormMessages } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useTaxonomyAction } from "./taxonomy-feedback";

const SLUG_HINT = "Optional. Left empty, it is made from the name.";

export function NewSectionForm() {
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const { errors, error, pending, run } = useTaxonomyAction();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const typed = name.trim();
    run(
      () => createSectionAction({ name, slug }),
      () => {
        setName("");
        setSlug("");
        return `Added ${typed}. It is last in the order.`;
      },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" aria-labelledby="new-section-heading">
      <h3 id="new-section-heading" className="font-serif text-lg font-bold">
        New section
      </h3>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField id="new-section-name" label="Section name" errors={errors.name} value={name} onValueChange={setName} maxLength={80} />
        <TextField id="new-section-slug" label="Section slug" hint={SLUG_HINT} errors={errors.slug} value={slug} onValueChange={setSlug} maxLength={120} />
      </div>
      <FormMessages error={error} />
      <Button type="submit" variant="primary" disabled={pending}>
        Add section
      </Button>
    </form>
  );
}

type SectionControlsProps = {
  section: { id: string; name: string; slug: string; storyCount: number };
  isFirst: boolean;
  isLast: boolean;
};

/** Rename, reorder and delete one section: the last cell of its row in the sections table. */
export function SectionControls({ section, isFirst, isLast }: SectionControlsProps) {
  const [name, setName] = useState(section.name);
  const [slug, setSlug] = useState(section.slug);
  const { errors, error, pending, run } = useTaxonomyAction();
  const id = `section-${section.id}`;

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    run(
      () => updateSectionAction({ sectionId: section.id, values: { name, slug } }),
      (saved) => {
        // What the server kept: an emptied slug was made from the name.
        setName(saved.name);
        setSlug(saved.slug);
        return `Saved ${saved.name}. Readers see the change now.`;
      },
    );
  }

  function move(direction: "up" | "down") {
    // aria-disabled, not disabled: the button keeps focus when the row reaches the top or bottom.
    if (pending || (direction === "up" ? isFirst : isLast)) return;
    run(
      () => moveSectionAction({ sectionId: section.id, direction }),
      () => `Moved ${section.name} ${direction}.`,
    );
  }

  function remove() {
    run(
      () => deleteSectionAction({ sectionId: section.id }),
      () => `Deleted ${section.name}.`,
    );
  }

  const inUse = section.storyCount > 0;
  const edgeClass = "aria-disabled:cursor-not-allowed aria-disabled:opacity-50";
  return (
    <div className="space-y-2">
      <form onSubmit={save} noValidate className="grid gap-2 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
        <TextField id={`${id}-name`} label={`Name for ${section.name}`} errors={errors.name} value={name} onValueChange={setName} maxLength={80} />
        <TextField id={`${id}-slug`} label={`Slug for ${section.name}`} errors={errors.slug} value={slug} onValueChange={setSlug} maxLength={120} />
        <Button type="submit" variant="primary" disabled={pending}>
          Save section
        </Button>
      </form>
      <div className="flex flex-wrap items-center gap-2">
        <Button onClick={() => move("up")} aria-disabled={isFirst || pending} className={edgeClass}>
          Move up<span className="sr-only"> {section.name}</span>
        </Button>
        <Button onClick={() => move("down")} aria-disabled={isLast || pending} className={edgeClass}>
          Move down<span className="sr-only"> {section.name}</span>
        </Button>
        <Button variant="danger" onClick={remove} disabled={inUse || pending} aria-describedby={inUse ? `${id}-in-use` : undefined}>
          Delete<span className="sr-only"> {section.name}</span>
        </Button>
        {inUse ? (
          <span id={`${id}-in-use`} className="text-xs text-muted">
            In use by {section.storyCount === 1 ? "1 story" : `${section.storyCount.toLocaleString("en-US")} stories`}; move them to another section to delete
            it.
          </span>
        ) : null}
      </div>
      <FormMessages error={error} />
    </div>
  );
}
