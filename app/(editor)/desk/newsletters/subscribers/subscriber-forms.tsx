"use client";

import { useState } from "react";
import { deleteSubscriberAction, importSubscribersAction } from "../actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { useServerAction } from "@/components/ui/use-server-action";

export function DeleteSubscriberButton({ subscriberId, email }: { subscriberId: string; email: string }) {
  const { error, pending, run } = useServerAction();
  return (
    <>
      <Button
        variant="danger"
        disabled={pending}
        aria-label={`Delete ${email}`}
        onClick={() => {
          if (window.confirm(`Delete ${email} for good? They will get nothing more, and an import cannot add them again.`))
            run(
              () => deleteSubscriberAction({ subscriberId }),
              () => null,
            );
        }}
      >
        Delete
      </Button>
      {error ? <Alert tone="error">{error}</Alert> : null}
    </>
  );
}

/** Adds addresses that already consented (a list moved from another service); suppressed ones are skipped. */
export function ImportForm({ lists }: { lists: { id: string; name: string }[] }) {
  const [newsletterId, setNewsletterId] = useState(lists[0].id);
  const [addresses, setAddresses] = useState("");
  const { errors, error, done, pending, run } = useServerAction();
  return (
    <form
      noValidate
      className="space-y-4"
      aria-label="Import subscribers"
      onSubmit={(event) => {
        event.preventDefault();
        run(
          () => importSubscribersAction({ newsletterId, addresses }),
          (r) =>
            `Added ${r.added}; skipped ${r.suppressed} that unsubscribed, were deleted or bounced, ${r.already} already subscribed and ${r.invalid} that are not addresses.`,
        );
      }}
    >
      <div className="space-y-1">
        <label htmlFor="import-list" className="block text-sm font-semibold">
          Newsletter
        </label>
        <select id="import-list" value={newsletterId} onChange={(e) => setNewsletterId(e.target.value)} className={inputClass}>
          {lists.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </div>
      <Field id="import-addresses" label="Addresses" hint="One per line. Only import people who agreed to receive this newsletter." errors={errors.addresses}>
        {(describedBy, invalid) => (
          <textarea
            id="import-addresses"
            value={addresses}
            onChange={(e) => setAddresses(e.target.value)}
            rows={6}
            className={inputClass}
            aria-describedby={describedBy}
            aria-invalid={invalid}
          />
        )}
      </Field>
      <Button type="submit" variant="primary" disabled={pending}>
        Import addresses
      </Button>
      <div aria-live="polite">{error ? <Alert tone="error">{error}</Alert> : done ? <Alert tone="success">{done}</Alert> : null}</div>
    </form>
  );
}
