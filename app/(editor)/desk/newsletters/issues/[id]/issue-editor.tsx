"use client";

import { useState } from "react";
import { sendIssueAction, updateIssueAction } from "../../actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { useServerAction } from "@/components/ui/use-server-action";

type Item = { storyId: string; headline: string };

const readers = (n: number) => `${n.toLocaleString("en-US")} ${n === 1 ? "reader" : "readers"}`;

/** A draft issue: its subject, introduction and stories (reorder, remove, add back), saved before it is sent. */
export function IssueEditor({
  issueId,
  initial,
  candidates,
  reach,
}: {
  issueId: string;
  initial: { subject: string; intro: string; items: Item[] };
  candidates: Item[];
  reach: number;
}) {
  const [subject, setSubject] = useState(initial.subject);
  const [intro, setIntro] = useState(initial.intro);
  const [items, setItems] = useState(initial.items);
  const [saved, setSaved] = useState(true);
  const [confirming, setConfirming] = useState(false);
  const { errors, error, done, pending, run } = useServerAction();
  const missing = candidates.filter((c) => !items.some((i) => i.storyId === c.storyId));
  const change =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setSaved(false);
    };
  const move = (index: number, by: number) =>
    change(setItems)(
      (() => {
        const next = [...items];
        const [item] = next.splice(index, 1);
        next.splice(index + by, 0, item);
        return next;
      })(),
    );

  const save = () =>
    run(
      () => updateIssueAction({ issueId, subject, intro, storyIds: items.map((i) => i.storyId) }),
      () => {
        setSaved(true);
        return "Issue saved. The preview shows it now.";
      },
    );

  return (
    <div className="space-y-5">
      <Field id="issue-subject" label="Subject" errors={errors.subject}>
        {(describedBy, invalid) => (
          <input
            id="issue-subject"
            value={subject}
            onChange={(e) => change(setSubject)(e.target.value)}
            maxLength={250}
            className={inputClass}
            aria-describedby={describedBy}
            aria-invalid={invalid}
          />
        )}
      </Field>
      <Field id="issue-intro" label="Introduction" hint="A few sentences above the stories; optional." errors={errors.intro}>
        {(describedBy, invalid) => (
          <textarea
            id="issue-intro"
            value={intro}
            onChange={(e) => change(setIntro)(e.target.value)}
            rows={4}
            maxLength={2500}
            className={inputClass}
            aria-describedby={describedBy}
            aria-invalid={invalid}
          />
        )}
      </Field>
      <section aria-labelledby="issue-stories-heading" className="space-y-2">
        <h2 id="issue-stories-heading" className="font-semibold">
          Stories
        </h2>
        {errors.storyIds ? <Alert tone="error">{errors.storyIds.join(" ")}</Alert> : null}
        {items.length === 0 ? <p className="text-sm text-muted">No stories: add one below.</p> : null}
        <ol className="space-y-2">
          {items.map((item, index) => (
            <li key={item.storyId} className="flex flex-wrap items-center gap-2 rounded border border-rule p-2">
              <span className="flex-1 font-semibold">{item.headline}</span>
              <Button onClick={() => move(index, -1)} disabled={index === 0} aria-label={`Move up: ${item.headline}`}>
                Up
              </Button>
              <Button onClick={() => move(index, 1)} disabled={index === items.length - 1} aria-label={`Move down: ${item.headline}`}>
                Down
              </Button>
              <Button variant="danger" onClick={() => change(setItems)(items.filter((_, i) => i !== index))} aria-label={`Remove: ${item.headline}`}>
                Remove
              </Button>
            </li>
          ))}
        </ol>
        {missing.length ? (
          <div className="space-y-1 pt-2">
            <h3 className="text-sm font-semibold">From the front page</h3>
            <ul className="space-y-1">
              {missing.map((c) => (
                <li key={c.storyId} className="flex items-center gap-2">
                  <span className="flex-1 text-sm">{c.headline}</span>
                  <Button onClick={() => change(setItems)([...items, c])} aria-label={`Add: ${c.headline}`}>
                    Add
                  </Button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>
      <div className="flex flex-wrap gap-2">
        <Button variant="primary" onClick={save} disabled={pending}>
          Save issue
        </Button>
        {confirming ? (
          <div role="alertdialog" aria-labelledby="issue-confirm-text" className="w-full space-y-2 rounded border-2 border-accent p-3">
            <p id="issue-confirm-text" className="text-sm font-semibold">
              Send this issue to {readers(reach)} now? It cannot be called back once it goes.
            </p>
            <div className="flex gap-2">
              <Button
                variant="danger"
                disabled={pending}
                onClick={() =>
                  run(
                    () => sendIssueAction({ issueId }),
                    (data) => `Sending to ${readers(data.recipients)}.`,
                  )
                }
              >
                Send to {readers(reach)}
              </Button>
              <Button onClick={() => setConfirming(false)}>Cancel</Button>
            </div>
          </div>
        ) : (
          <Button onClick={() => setConfirming(true)} disabled={pending || !saved || items.length === 0}>
            Send now
          </Button>
        )}
      </div>
      {!saved ? <p className="text-sm text-muted">Save your changes before sending.</p> : null}
      <div aria-live="polite">{error ? <Alert tone="error">{error}</Alert> : done ? <Alert tone="success">{done}</Alert> : null}</div>
    </div>
  );
}
