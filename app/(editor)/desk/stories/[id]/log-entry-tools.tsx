"use client";

import { useId, useState, type FormEvent } from "react";
import { editLogEntryAction, withdrawLogEntryAction } from "../log-actions";
import { FormMessages } from "@/components/ui/alert";
import { Button, SubmitOrCancel } from "@/components/ui/button";
import { TextAreaField } from "@/components/ui/field";
import { useServerAction } from "@/components/ui/use-server-action";

/** Each tool's form: one text, kept on the record beside the old one. */
const TOOLS = {
  edit: {
    field: "note",
    label: "New wording",
    hint: undefined,
    rows: 3,
    maxLength: 2000,
    button: "Save wording",
    variant: "primary",
    success: "Wording saved. The earlier wording stays on the record.",
  },
  withdraw: {
    field: "reason",
    label: "Reason for withdrawal",
    hint: "Readers see the entry struck through with this reason.",
    rows: 2,
    maxLength: 500,
    button: "Withdraw entry",
    variant: "danger",
    success: "Entry withdrawn. Readers see it struck through with the reason.",
  },
} as const;

type Mode = "closed" | keyof typeof TOOLS;

/** "Edit wording" and "Withdraw" for one log entry. Both keep the old text on the record; nothing deletes. */
export function LogEntryTools({ updateId, note }: { updateId: string; note: string }) {
  const id = useId();
  const [mode, setMode] = useState<Mode>("closed");
  const [wording, setWording] = useState(note);
  const [reason, setReason] = useState("");
  const { errors, error, done, pending, run, clear } = useServerAction("The newsroom could not be reached, so nothing changed. What you typed is still here.");

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    run<unknown>(
      () => (mode === "edit" ? editLogEntryAction({ updateId, note: wording }) : withdrawLogEntryAction({ updateId, reason })),
      () => {
        setReason("");
        setMode("closed");
        return mode === "closed" ? null : TOOLS[mode].success;
      },
    );
  }

  function openAs(next: Mode) {
    clear();
    if (next === "edit") setWording(note);
    setMode(next);
  }

  return (
    <div className="mt-2 space-y-2">
      <div aria-live="polite">
        <FormMessages error={error} done={done} />
      </div>
      {mode !== "closed" ? (
        <form onSubmit={submit} className="space-y-2" noValidate>
          <TextAreaField
            key={mode}
            id={`${id}-${TOOLS[mode].field}`}
            label={TOOLS[mode].label}
            hint={TOOLS[mode].hint}
            errors={errors[TOOLS[mode].field]}
            rows={TOOLS[mode].rows}
            value={mode === "edit" ? wording : reason}
            onValueChange={mode === "edit" ? setWording : setReason}
            maxLength={TOOLS[mode].maxLength}
            autoFocus
          />
          <SubmitOrCancel label={TOOLS[mode].button} variant={TOOLS[mode].variant} pending={pending} onCancel={() => setMode("closed")} />
        </form>
      ) : (
        <div className="flex gap-2">
          <Button className="px-2 py-1 text-xs" onClick={() => openAs("edit")}>
            Edit wording
          </Button>
          <Button className="px-2 py-1 text-xs" onClick={() => openAs("withdraw")}>
            Withdraw
          </Button>
        </div>
      )}
    </div>
  );
}
