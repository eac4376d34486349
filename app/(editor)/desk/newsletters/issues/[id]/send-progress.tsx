"use client";

import { useEffect, useState } from "react";
import { pauseIssueAction, resumeIssueAction } from "../../actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/ui/use-server-action";
import type { IssueProgress } from "@/lib/newsletters/issues";

const STATUS = { DRAFT: "Draft", QUEUED: "Queued", SENDING: "Sending", PAUSED: "Paused", SENT: "Sent" } as const;
const POLL_MS = 2000;

/** How far the send has come, read again every two seconds until it is finished; with Pause and Resume. */
export function SendProgress({ issueId, initial }: { issueId: string; initial: IssueProgress }) {
  const [progress, setProgress] = useState(initial);
  const { error, pending, run } = useServerAction();
  const finished = progress.status === "SENT" && progress.queued === 0 && progress.sending === 0;

  useEffect(() => {
    if (finished) return;
    let stopped = false;
    const timer = setInterval(async () => {
      try {
        const response = await fetch(`/desk/newsletters/issues/${issueId}/progress.json`, { cache: "no-store" });
        if (response.ok && !stopped) setProgress((await response.json()) as IssueProgress);
      } catch {
        // The next poll tries again.
      }
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [issueId, finished]);

  const figures: [string, number][] = [
    ["Readers", progress.recipients],
    ["Queued", progress.queued + progress.sending],
    ["Sent", progress.sent],
    ["Failed", progress.failed],
    ["Bounced", progress.bounced],
  ];
  return (
    <section aria-labelledby="progress-heading" className="space-y-3">
      <h2 id="progress-heading" className="font-serif text-xl font-bold">
        Progress: <span>{STATUS[progress.status]}</span>
      </h2>
      <dl className="grid grid-cols-5 gap-2 text-center" aria-live="polite">
        {figures.map(([label, value]) => (
          <div key={label} className="rounded border border-rule p-2">
            <dt className="text-xs text-muted">{label}</dt>
            <dd className="text-lg font-semibold tabular-nums">{value.toLocaleString("en-US")}</dd>
          </div>
        ))}
      </dl>
      {progress.status === "QUEUED" || progress.status === "SENDING" ? (
        <Button
          onClick={() =>
            run(
              () => pauseIssueAction({ issueId }),
              () => null,
            )
          }
          disabled={pending}
        >
          Pause sending
        </Button>
      ) : null}
      {progress.status === "PAUSED" ? (
        <Button
          variant="primary"
          onClick={() =>
            run(
              () => resumeIssueAction({ issueId }),
              () => null,
            )
          }
          disabled={pending}
        >
          Resume sending
        </Button>
      ) : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
    </section>
  );
}
