"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { setStoryLiveAction } from "../live-actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** Starts or ends live coverage: while on, readers see the update log at the top of the story, refreshing itself. */
export function LiveToggle({ storyId, live }: { storyId: string; live: boolean }) {
  const router = useRouter();
  const [feedback, setFeedback] = useState<{ tone: "error" | "success"; message: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function toggle() {
    startTransition(async () => {
      try {
        const result = await setStoryLiveAction({ storyId, live: !live });
        if (!result.ok) {
          setFeedback({ tone: "error", message: result.message });
          return;
        }
        setFeedback({
          tone: "success",
          message: result.data.live
            ? "Live coverage started. Readers see new updates at the top of the story within seconds."
            : "Live coverage ended. The updates stay in the log at the foot of the story.",
        });
      } catch {
        setFeedback({ tone: "error", message: "The newsroom could not be reached, so live coverage was not changed. Try again." });
        return;
      }
      router.refresh();
    });
  }

  return (
    <div className="space-y-3">
      <p className="text-sm">
        {live ? "Live coverage is on: new updates run at the top of the story." : "Running a breaking story? Live coverage puts the updates at the top and refreshes them for readers."}
      </p>
      <Button variant={live ? "danger" : "primary"} onClick={toggle} disabled={pending}>
        {live ? "End live coverage" : "Start live coverage"}
      </Button>
      <div aria-live="polite">{feedback ? <Alert tone={feedback.tone}>{feedback.message}</Alert> : null}</div>
    </div>
  );
}
