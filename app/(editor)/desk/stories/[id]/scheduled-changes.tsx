"use client";

import { useState } from "react";
import type { OpenScheduledChange } from "@/lib/scheduling/change-queries";
import type { StoryFormOptions } from "@/lib/stories/editor-queries";
import type { StoryInput } from "@/lib/stories/schemas";
import { formatApDateTime } from "@/lib/time/ap-style";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/ui/use-server-action";
import { VersionComparison } from "../conflict-panel";
import { applyHeldChangeAction, cancelScheduledChangeAction, discardHeldChangeAction } from "../scheduled-change-actions";

// A published story's changes prepared for a set time: those still waiting (cancel, or compare with
// the story as it is), and those held because the story was edited after they were prepared (compare,
// then apply over the current version or discard).

type Props = {
  changes: OpenScheduledChange[];
  /** The story as saved now, and its version: what a held change is compared with and applied over. */
  current: StoryInput;
  version: number;
  options: StoryFormOptions;
  timeZone: string;
};

export function ScheduledChanges({ changes, current, version, options, timeZone }: Props) {
  const action = useServerAction();
  // Rendered whether or not changes wait, so that the outcome of applying, discarding or cancelling the
  // last one stays on screen after the page is re-read without it.
  if (!changes.length && !action.done && !action.error) return null;

  return (
    <section aria-labelledby="scheduled-changes-heading" className="mb-8 space-y-4 rounded border border-rule p-4">
      <h2 id="scheduled-changes-heading" className="font-serif text-xl font-bold">
        Scheduled changes
      </h2>
      <div aria-live="polite">
        {action.error ? <Alert tone="error">{action.error}</Alert> : action.done ? <Alert tone="success">{action.done}</Alert> : null}
      </div>
      <ul className="space-y-6">
        {changes.map((change) => (
          <ChangeItem key={change.id} change={change} current={current} version={version} options={options} timeZone={timeZone} action={action} />
        ))}
      </ul>
    </section>
  );
}

function ChangeItem({
  change,
  current,
  version,
  options,
  timeZone,
  action,
}: Omit<Props, "changes"> & { change: OpenScheduledChange; action: ReturnType<typeof useServerAction> }) {
  const held = change.status === "HELD";
  // A held change is there to be compared: it opens compared.
  const [comparing, setComparing] = useState(held);
  const when = formatApDateTime(new Date(change.runAt), timeZone);
  const by = change.preparedBy ? `Prepared by ${change.preparedBy}.` : "";
  const headingId = `change-${change.id}`;

  function applyNow() {
    action.run(
      () => applyHeldChangeAction({ changeId: change.id, storyVersion: version }),
      // The form below follows the new version by itself while it has no unsaved typing (its presence check).
      () => "Applied. Readers now see the scheduled change.",
    );
  }

  return (
    <li aria-labelledby={headingId} className="space-y-3">
      <h3 id={headingId} className="font-semibold">
        {held ? (
          "Scheduled change needs a look"
        ) : (
          <>
            Goes live <time dateTime={change.runAt}>{when}</time>
          </>
        )}
      </h3>
      {held ? (
        <p className="text-sm">
          {change.heldReason} It was due <time dateTime={change.runAt}>{when}</time>. {by}
        </p>
      ) : (
        <p className="text-sm">{by} Readers see the current version until then.</p>
      )}
      <div className="flex flex-wrap gap-3">
        <Button onClick={() => setComparing((open) => !open)} aria-expanded={comparing}>
          {comparing ? "Hide comparison" : "Compare with current"}
        </Button>
        {held ? (
          <>
            <Button variant="primary" onClick={applyNow} disabled={action.pending}>
              Apply now
            </Button>
            <Button
              variant="danger"
              onClick={() =>
                action.run(
                  () => discardHeldChangeAction({ changeId: change.id }),
                  () => "Discarded. The story stays as it is.",
                )
              }
              disabled={action.pending}
            >
              Discard
            </Button>
          </>
        ) : (
          <Button
            variant="danger"
            onClick={() =>
              action.run(
                () => cancelScheduledChangeAction({ changeId: change.id }),
                () => "Cancelled. The story stays as it is.",
              )
            }
            disabled={action.pending}
          >
            Cancel<span className="sr-only"> the change due {when}</span>
          </Button>
        )}
      </div>
      {comparing ? <VersionComparison prepared={change.content} current={current} options={options} preparedLabel="Scheduled" currentLabel="Current" /> : null}
    </li>
  );
}
