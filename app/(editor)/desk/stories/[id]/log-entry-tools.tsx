"use client";

import { useId, useState, type FormEvent } from "react";
import { editLogEntryAction, withdrawLogEntryAction } from "../log-actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { useServerAction } from "@/components/ui/use-server-action";

type Mode = "closed" | "edit" | "withdraw";

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
        return mode === "edit" ? "Wording saved. The earlier wording stays on the record." : "Entry withdrawn. Readers see it struck through with the reason.";
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
      <div aria-live="polite">{error ? <Alert tone="error">{error}</Alert> : done ? <Alert tone="success">{done}</Alert> : null}</div>
      {mode === "edit" ? (
        <form onSubmit={submit} className="space-y-2" noValidate>
          <Field id={`${id}-wording`} label="New wording" errors={errors.note}>
            {(describedBy, invalid) => (
              <textarea
                id={`${id}-wording`}
                rows={3}
                value={wording}
                onChange={(e) => setWording(e.target.value)}
                className={inputClass}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                maxLength={2000}
                autoFocus
              />
            )}
          </Field>
          <div className="flex gap-2">
            <Button type="submit" variant="primary" disabled={pending}>
              Save wording
            </Button>
            <Button onClick={() => setMode("closed")} disabled={pending}>
              Cancel
            </Button>
          </div>
        </form>
      ) : mode === "withdraw" ? (
        <form onSubmit={submit} className="space-y-2" noValidate>
          <Field id={`${id}-reason`} label="Reason for withdrawal" hint="Readers see the entry struck through with this reason." errors={errors.reason}>
            {(describedBy, invalid) => (
              <textarea
                id={`${id}-reason`}
                rows={2}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                className={inputClass}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                maxLength={500}
                autoFocus
              />
            )}
          </Field>
          <div className="flex gap-2">
            <Button type="submit" variant="danger" disabled={pending}>
              Withdraw entry
            </Button>
            <Button onClick={() => setMode("closed")} disabled={pending}>
              Cancel
            </Button>
          </div>
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
