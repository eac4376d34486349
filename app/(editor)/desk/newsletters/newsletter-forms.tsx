"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { prepareDigestAction, saveNewsletterAction, updateMailSettingsAction } from "./actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { useServerAction } from "@/components/ui/use-server-action";

export type NewsletterFormValues = {
  name: string;
  slug: string;
  description: string;
  senderName: string;
  senderAddress: string;
  sendTime: string;
  active: boolean;
};

const EMPTY: NewsletterFormValues = { name: "", slug: "", description: "", senderName: "", senderAddress: "", sendTime: "", active: true };

/** Creates a newsletter, or edits one; what was typed stays whatever the server says. */
export function NewsletterForm({ newsletterId = null, initial = EMPTY }: { newsletterId?: string | null; initial?: NewsletterFormValues }) {
  const [values, setValues] = useState(initial);
  const { errors, error, done, pending, run } = useServerAction();
  const id = (field: string) => `newsletter-${newsletterId ?? "new"}-${field}`;
  const text = (key: keyof NewsletterFormValues, label: string, options: { hint?: string; type?: string; maxLength: number; placeholder?: string }) => (
    <Field id={id(key)} label={label} hint={options.hint} errors={errors[key]}>
      {(describedBy, invalid) => (
        <input
          id={id(key)}
          type={options.type ?? "text"}
          value={String(values[key])}
          onChange={(e) => setValues((v) => ({ ...v, [key]: e.target.value }))}
          maxLength={options.maxLength}
          placeholder={options.placeholder}
          className={inputClass}
          aria-describedby={describedBy}
          aria-invalid={invalid}
        />
      )}
    </Field>
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    run(
      () => saveNewsletterAction({ newsletterId, values }),
      () => {
        if (!newsletterId) setValues(EMPTY);
        return newsletterId ? "Newsletter saved." : "Newsletter created. Readers can choose it now.";
      },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label={newsletterId ? `Edit ${initial.name}` : "New newsletter"}>
      {text("name", "Name", { maxLength: 200 })}
      {text("slug", "Slug", { maxLength: 80, hint: "Left empty, it is made from the name." })}
      {text("description", "Description", { maxLength: 500, hint: "Readers see it beside the sign-up box." })}
      {text("senderName", "Sender name", { maxLength: 200 })}
      {text("senderAddress", "Sender address", { type: "email", maxLength: 254 })}
      {text("sendTime", "Daily send time", {
        maxLength: 5,
        placeholder: "06:30",
        hint: "24-hour, in the newsroom time zone. Empty: sent on demand (breaking-news alerts).",
      })}
      <div className="flex items-center gap-2">
        <input id={id("active")} type="checkbox" checked={values.active} onChange={(e) => setValues((v) => ({ ...v, active: e.target.checked }))} />
        <label htmlFor={id("active")} className="text-sm font-semibold">
          Readers can subscribe
        </label>
      </div>
      <Button type="submit" variant="primary" disabled={pending}>
        {newsletterId ? "Save newsletter" : "Create newsletter"}
      </Button>
      <div aria-live="polite">{error ? <Alert tone="error">{error}</Alert> : done ? <Alert tone="success">{done}</Alert> : null}</div>
    </form>
  );
}

/** Prepares the newsletter's next issue from the front page and opens it for editing. */
export function PrepareIssueButton({ newsletterId, name }: { newsletterId: string; name: string }) {
  const router = useRouter();
  const { error, pending, run } = useServerAction();
  return (
    <div className="space-y-2">
      <Button
        onClick={() =>
          run(
            () => prepareDigestAction({ newsletterId }),
            (data) => {
              router.push(`/desk/newsletters/issues/${data.issueId}`);
              return null;
            },
            { refresh: false },
          )
        }
        disabled={pending}
        aria-label={`Prepare the next ${name}`}
      >
        Prepare next issue
      </Button>
      {error ? <Alert tone="error">{error}</Alert> : null}
    </div>
  );
}

/** The postal address printed in every email, and whether emails count opens. */
export function MailSettingsForm({ initial }: { initial: { mailingAddress: string; countOpens: boolean } }) {
  const [values, setValues] = useState(initial);
  const { errors, error, done, pending, run } = useServerAction();
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        run(
          () => updateMailSettingsAction(values),
          () => "Newsletter settings saved.",
        );
      }}
      noValidate
      className="space-y-4"
      aria-label="Newsletter settings"
    >
      <Field id="mail-address" label="Postal address" hint="Printed at the foot of every newsletter, as anti-spam laws require." errors={errors.mailingAddress}>
        {(describedBy, invalid) => (
          <input
            id="mail-address"
            value={values.mailingAddress}
            onChange={(e) => setValues((v) => ({ ...v, mailingAddress: e.target.value }))}
            maxLength={300}
            className={inputClass}
            aria-describedby={describedBy}
            aria-invalid={invalid}
          />
        )}
      </Field>
      <div className="flex items-start gap-2">
        <input id="mail-count-opens" type="checkbox" checked={values.countOpens} onChange={(e) => setValues((v) => ({ ...v, countOpens: e.target.checked }))} />
        <label htmlFor="mail-count-opens" className="text-sm">
          <span className="font-semibold">Count opens</span>
          <span className="block text-muted">Adds a one-pixel image to each email that tells us when it is opened. Off by default: it tracks readers.</span>
        </label>
      </div>
      <Button type="submit" variant="primary" disabled={pending}>
        Save newsletter settings
      </Button>
      <div aria-live="polite">{error ? <Alert tone="error">{error}</Alert> : done ? <Alert tone="success">{done}</Alert> : null}</div>
    </form>
  );
}
