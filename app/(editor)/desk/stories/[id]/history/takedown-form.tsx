"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { takeDownVersionAction } from "./actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";

/** For admins: withhold one published version's content for a legal reason, keeping its place and digest. */
export function TakedownForm({ storyId, sequence }: { storyId: string; sequence: number }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<{ message: string; field?: string[] } | null>(null);
  const [pending, startTransition] = useTransition();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    startTransition(async () => {
      const result = await takeDownVersionAction({ storyId, sequence, reason });
      if (!result.ok) {
        setError({ message: result.message, field: result.fieldErrors?.reason });
        return;
      }
      setOpen(false);
      router.refresh();
    });
  }

  if (!open) return <Button onClick={() => setOpen(true)}>Take down version {sequence}</Button>;
  const id = `takedown-${sequence}`;
  return (
    <form onSubmit={onSubmit} className="space-y-2" noValidate>
      {error ? <Alert tone="error">{error.message}</Alert> : null}
      <Field id={id} label="Reason for takedown" hint="Shown to readers in place of the version's content." errors={error?.field}>
        {(describedBy, invalid) => (
          <textarea id={id} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} className={inputClass} aria-describedby={describedBy} aria-invalid={invalid} maxLength={500} />
        )}
      </Field>
      <div className="flex gap-2">
        <Button type="submit" variant="danger" disabled={pending}>
          Take down this version
        </Button>
        <Button onClick={() => setOpen(false)} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
