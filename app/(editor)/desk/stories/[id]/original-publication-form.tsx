"use client";

import { useState, type FormEvent } from "react";
import { toLocalInput } from "@/lib/time/local-input";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { useServerAction } from "@/components/ui/use-server-action";
import { setOriginalPublicationTimeAction } from "../scheduled-change-actions";

// For admins, on a published story: the time it was first published before it came online (a story
// printed first, or moved from another system). The public history keeps when it first went online.

export function OriginalPublicationForm({ storyId, firstPublishedAt, timeZone }: { storyId: string; firstPublishedAt: string; timeZone: string }) {
  const [value, setValue] = useState(() => toLocalInput(new Date(firstPublishedAt), timeZone));
  const action = useServerAction();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    action.run(
      () => setOriginalPublicationTimeAction({ storyId, firstPublishedAt: value }),
      () => "Original publication time set. The story's history notes it beside when it first went online.",
    );
  }

  return (
    <form onSubmit={submit} className="space-y-3" noValidate>
      <Field
        id="originallyPublished"
        label="Originally published"
        hint={`For a story published before it was online. Date and time in the newsroom's time zone (${timeZone}).`}
        errors={action.errors.firstPublishedAt}
      >
        {(describedBy, invalid) => (
          <input
            id="originallyPublished"
            type="datetime-local"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            className={inputClass}
            aria-describedby={describedBy}
            aria-invalid={invalid}
          />
        )}
      </Field>
      <Button type="submit" disabled={action.pending || !value}>
        Set original publication time
      </Button>
      <div aria-live="polite">
        {action.error ? <Alert tone="error">{action.error}</Alert> : action.done ? <Alert tone="success">{action.done}</Alert> : null}
      </div>
    </form>
  );
}
