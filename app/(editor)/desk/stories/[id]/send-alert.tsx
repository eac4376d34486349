"use client";

import { useState } from "react";
import Link from "next/link";
import { sendStoryAlertAction } from "../../newsletters/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { useServerAction } from "@/components/ui/use-server-action";

type Audience = { id: string; name: string; subscribers: number };

const readers = (n: number) => `${n.toLocaleString("en-US")} ${n === 1 ? "reader" : "readers"}`;

/** "Send alert": emails this published story to an alert list, after a confirmation that says how many readers it reaches. */
export function SendAlert({ storyId, audiences }: { storyId: string; audiences: Audience[] }) {
  const [listId, setListId] = useState(audiences[0]?.id ?? "");
  const [confirming, setConfirming] = useState(false);
  const [issueId, setIssueId] = useState<string | null>(null);
  const { error, done, pending, run } = useServerAction("The newsroom could not be reached, so no alert was sent. Try again.");
  const list = audiences.find((a) => a.id === listId);
  if (audiences.length === 0)
    return <p className="text-sm text-muted">No alert list yet: an admin can add one (a newsletter sent on demand) under Newsletters.</p>;

  function send() {
    run(
      () => sendStoryAlertAction({ storyId, newsletterId: listId }),
      (data) => {
        setConfirming(false);
        setIssueId(data.issueId);
        return `Alert on its way to ${readers(data.recipients)}.`;
      },
      { refresh: false },
    );
  }

  return (
    <div className="space-y-3">
      {audiences.length > 1 ? (
        <div className="space-y-1">
          <label htmlFor="alert-list" className="block text-sm font-semibold">
            Alert list
          </label>
          <select id="alert-list" value={listId} onChange={(e) => setListId(e.target.value)} className={inputClass}>
            {audiences.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({readers(a.subscribers)})
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {confirming && list ? (
        <div role="alertdialog" aria-labelledby="alert-confirm-text" className="space-y-3 rounded border-2 border-accent p-3">
          <p id="alert-confirm-text" className="text-sm font-semibold">
            Email this story to {readers(list.subscribers)} of {list.name}? It cannot be called back once it goes.
          </p>
          <div className="flex gap-2">
            <Button variant="danger" onClick={send} disabled={pending}>
              Send alert to {readers(list.subscribers)}
            </Button>
            <Button onClick={() => setConfirming(false)} disabled={pending}>
              Cancel
            </Button>
          </div>
        </div>
      ) : (
        <Button variant="primary" onClick={() => setConfirming(true)} disabled={pending || !list}>
          Send alert
        </Button>
      )}
      <div aria-live="polite">
        {error ? <Alert tone="error">{error}</Alert> : null}
        {done ? (
          <Alert tone="success">
            {done}{" "}
            {issueId ? (
              <Link href={`/desk/newsletters/issues/${issueId}`} className="underline">
                Follow its progress
              </Link>
            ) : null}
          </Alert>
        ) : null}
      </div>
    </div>
  );
}
