"use client";

import { useState, type FormEvent } from "react";
import { takeDownVersionAction } from "./actions";
import { FormMessages } from "@/components/ui/alert";
import { Button, SubmitOrCancel } from "@/components/ui/button";
import { TextAreaField } from "@/components/ui/field";
import { useServerAction } from "@/components/ui/use-server-action";

/** For admins: withhold one published version's content for a legal reason, keeping its place and digest. */
export function TakedownForm({ storyId, sequence }: { storyId: string; sequence: number }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const { errors, error, pending, run } = useServerAction("The newsroom could not be reached, so nothing was taken down. Try again in a moment.");

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    run(
      () => takeDownVersionAction({ storyId, sequence, reason }),
      () => {
        setOpen(false);
        return null;
      },
    );
  }

  if (!open) return <Button onClick={() => setOpen(true)}>Take down version {sequence}</Button>;
  const id = `takedown-${sequence}`;
  return (
    <form onSubmit={onSubmit} className="space-y-2" noValidate>
      <FormMessages error={error} />
      <TextAreaField
        id={id}
        label="Reason for takedown"
        hint="Shown to readers in place of the version's content."
        errors={errors.reason}
        rows={2}
        value={reason}
        onValueChange={setReason}
        maxLength={500}
      />
      <SubmitOrCancel label="Take down this version" variant="danger" pending={pending} onCancel={() => setOpen(false)} />
    </form>
  );
}
