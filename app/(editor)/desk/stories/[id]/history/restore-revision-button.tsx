"use client";

import { useRouter } from "next/navigation";

import { restoreRevisionAction } from "./actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/ui/use-server-action";

type Props = {
  storyId: string;
  revisionId: string;
  /** The story's version when the history page was rendered: a save since then makes this a conflict. */
  baseVersion: number;
  /** Which revision, for screen readers: every row's button reads "Restore this revision". */
  revisionLabel: string;
};

export function RestoreRevisionButton({ storyId, revisionId, baseVersion, revisionLabel }: Props) {
  const router = useRouter();
  const { error, done, pending, run } = useServerAction("The newsroom could not be reached, so nothing was restored. Try again in a moment.");

  function restore() {
    run(
      () => restoreRevisionAction({ storyId, revisionId, baseVersion }),
      () => {
        router.push(`/desk/stories/${storyId}`);
        return "Restored as a new revision. Opening the story…";
      },
      { refresh: false },
    );
  }

  return (
    <div className="space-y-2">
      <Button onClick={restore} disabled={pending}>
        Restore this revision<span className="sr-only"> ({revisionLabel})</span>
      </Button>
      <div aria-live="polite">{error ? <Alert tone="error">{error}</Alert> : done ? <Alert tone="success">{done}</Alert> : null}</div>
    </div>
  );
}
