"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { addStoryUpdateAction } from "@/app/(editor)/desk/stories/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";

/** "Add update" opens the form; the form's own "Add update" button posts the note to the public log. */
export function UpdateForm({ storyId }: { storyId: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<string[] | undefined>();
  const [feedback, setFeedback] = useState<{ tone: "error" | "success"; message: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    startTransition(async () => {
      try {
        const result = await addStoryUpdateAction({ storyId, note });
        if (!result.ok) {
          setErrors(result.fieldErrors?.note);
          setFeedback({ tone: "error", message: result.message });
          return;
        }
      } catch {
        setFeedback({ tone: "error", message: "The newsroom could not be reached, so the update was not added. Your note is still here." });
        return;
      }
      setNote("");
      setErrors(undefined);
      setOpen(false);
      setFeedback({ tone: "success", message: "Update added. Readers see it now." });
      router.refresh();
    });
  }

  return (
    <div className="space-y-3">
      <div aria-live="polite">{feedback ? <Alert tone={feedback.tone}>{feedback.message}</Alert> : null}</div>
      {open ? (
        <form onSubmit={onSubmit} className="space-y-3" noValidate>
          <Field id="update-note" label="Update note" hint="Shown to readers with the time, e.g. “This article has been updated with additional reporting.”" errors={errors}>
            {(describedBy, invalid) => (
              <textarea id="update-note" rows={3} value={note} onChange={(e) => setNote(e.target.value)} className={inputClass} aria-describedby={describedBy} aria-invalid={invalid} maxLength={2000} autoFocus />
            )}
          </Field>
          <div className="flex gap-3">
            <Button type="submit" variant="primary" disabled={pending}>
              Add update
            </Button>
            <Button onClick={() => setOpen(false)} disabled={pending}>
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <Button onClick={() => { setFeedback(null); setOpen(true); }}>Add update</Button>
      )}
    </div>
  );
}
