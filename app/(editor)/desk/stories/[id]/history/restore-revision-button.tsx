"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { restoreRevisionAction } from "./actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

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
  const [feedback, setFeedback] = useState<{ tone: "error" | "success"; message: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function restore() {
    startTransition(async () => {
      try {
        const result = await restoreRevisionAction({ storyId, revisionId, baseVersion });
        if (!result.ok) {
          setFeedback({ tone: "error", message: result.message });
          return;
        }
      } catch {
        setFeedback({ tone: "error", message: "The newsroom could not be reached, so nothing was restored. Try again in a moment." });
        return;
      }
      setFeedback({ tone: "success", message: "Restored as a new revision. Opening the story…" });
      router.push(`/desk/stories/${storyId}`);
    });
  }

  return (
    <div className="space-y-2">
      <Button onClick={restore} disabled={pending}>
        Restore this revision<span className="sr-only"> ({revisionLabel})</span>
      </Button>
      <div aria-live="polite">{feedback ? <Alert tone={feedback.tone}>{feedback.message}</Alert> : null}</div>
    </div>
  );
}
