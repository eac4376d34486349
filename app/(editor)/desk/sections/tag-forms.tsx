"use client";

import { useState, type FormEvent } from "react";
import { deleteTagAction, renameTagAction } from "./actions";
import { FormMessages } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useTaxonomyAction } from "./taxonomy-feedback";

const stories = (count: number) => (count === 1 ? "1 story" : `${count.toLocaleString("en-US")} stories`);

/** Rename and delete one tag: the last cell of its row in the tags table. */
export function TagControls({ tag }: { tag: { id: string; name: string; storyCount: number } }) {
  const [name, setName] = useState(tag.name);
  const { errors, error, pending, run } = useTaxonomyAction();
  const id = `tag-${tag.id}`;

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const typed = name.trim().replace(/\s+/g, " ");
    run(
      () => renameTagAction({ tagId: tag.id, values: { name } }),
      ({ merged }) => (merged ? `Merged ${tag.name} into ${typed}: its stories now carry ${typed}.` : `Renamed ${tag.name} to ${typed}.`),
    );
  }

  function remove() {
    if (!window.confirm(`Delete the tag “${tag.name}”? It is taken off ${stories(tag.storyCount)}. This cannot be undone.`)) return;
    run(
      () => deleteTagAction({ tagId: tag.id }),
      () => `Deleted the tag ${tag.name}.`,
    );
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-end gap-2">
        <form onSubmit={save} noValidate className="flex flex-wrap items-end gap-2">
          <TextField id={`${id}-name`} label={`Name for tag ${tag.name}`} errors={errors.name} value={name} onValueChange={setName} maxLength={60} />
          <Button type="submit" variant="primary" disabled={pending}>
            Save tag
          </Button>
        </form>
        <Button variant="danger" onClick={remove} disabled={pending}>
          Delete tag<span className="sr-only"> {tag.name}</span>
        </Button>
      </div>
      <FormMessages error={error} />
    </div>
  );
}
