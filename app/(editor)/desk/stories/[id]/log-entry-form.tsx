"use client";

import { useId, useState, type FormEvent } from "react";
import { addLogEntryAction } from "../log-actions";
import { FormMessages } from "@/components/ui/alert";
import { Button, SubmitOrCancel } from "@/components/ui/button";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { useServerAction } from "@/components/ui/use-server-action";
import { CORRECTION_KINDS, KIND_LABELS, significantByDefault } from "@/lib/updates/kinds";
import { toLocalInput } from "@/lib/time/local-input";
import type { UpdateKind } from "@/lib/generated/prisma/enums";

const MODES = {
  update: {
    button: "Add update",
    noteLabel: "Update note",
    noteHint: "Shown to readers with the time, e.g. “This article has been updated with additional reporting.”",
    success: "Update added. Readers see it now.",
    unreachable: "The newsroom could not be reached, so the update was not added. Your note is still here.",
  },
  correction: {
    button: "Add correction",
    noteLabel: "Correction text",
    noteHint: "Runs near the top of the story and in the update log, e.g. “An earlier version misspelled the mayor’s name.”",
    success: "Correction added. Readers see it now.",
    unreachable: "The newsroom could not be reached, so the correction was not added. Your text is still here.",
  },
} as const;

/**
 * A button that opens a form adding one entry to a published story's update log: "Add update" for
 * plain updates, "Add correction" for corrections, clarifications and editor's notes. The time is in
 * the newsroom's zone; left empty it is now.
 */
export function LogEntryForm({
  storyId,
  mode,
  timeZone,
  firstPublishedAt,
}: {
  storyId: string;
  mode: keyof typeof MODES;
  timeZone: string;
  firstPublishedAt: string;
}) {
  const text = MODES[mode];
  const id = useId();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<UpdateKind>(mode === "update" ? "UPDATE" : "CORRECTION");
  const [note, setNote] = useState("");
  const [occurredAt, setOccurredAt] = useState("");
  const [significant, setSignificant] = useState<boolean | null>(null);
  const { errors, error, done, pending, run, clear } = useServerAction(text.unreachable);
  // Until the editor ticks or clears the box, it follows the kind's default.
  const isSignificant = significant ?? significantByDefault(kind);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    run(
      () => addLogEntryAction({ storyId, kind, note, occurredAt, significant: isSignificant }),
      () => {
        setNote("");
        setOccurredAt("");
        setSignificant(null);
        setOpen(false);
        return text.success;
      },
    );
  }

  return (
    <div className="space-y-3">
      <div aria-live="polite">
        <FormMessages error={error} done={done} />
      </div>
      {open ? (
        <form onSubmit={onSubmit} className="space-y-3" noValidate>
          {mode === "correction" ? (
            <SelectField id={`${id}-kind`} label="Kind" errors={errors.kind} value={kind} onValueChange={setKind}>
              {CORRECTION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </SelectField>
          ) : null}
          <TextAreaField
            id={`${id}-note`}
            label={text.noteLabel}
            hint={text.noteHint}
            errors={errors.note}
            rows={3}
            value={note}
            onValueChange={setNote}
            maxLength={2000}
            autoFocus
          />
          <TextField
            id={`${id}-time`}
            label="Time of the entry"
            hint={`Newsroom time (${timeZone}). Leave empty for now.`}
            errors={errors.occurredAt}
            type="datetime-local"
            value={occurredAt}
            onValueChange={setOccurredAt}
            min={toLocalInput(new Date(firstPublishedAt), timeZone)}
            max={toLocalInput(new Date(), timeZone)}
          />
          <div className="flex items-center gap-2">
            <input id={`${id}-significant`} type="checkbox" checked={isSignificant} onChange={(e) => setSignificant(e.target.checked)} className="size-4" />
            <label htmlFor={`${id}-significant`} className="text-sm font-semibold">
              Significant: moves the Updated time
            </label>
          </div>
          <SubmitOrCancel label={text.button} pending={pending} onCancel={() => setOpen(false)} className="flex gap-3" />
        </form>
      ) : (
        <Button
          onClick={() => {
            clear();
            setOpen(true);
          }}
        >
          {text.button}
        </Button>
      )}
    </div>
  );
}
