"use client";

import { setStoryLiveAction } from "../live-actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/ui/use-server-action";

/** Starts or ends live coverage: while on, readers see the update log at the top of the story, refreshing itself. */
export function LiveToggle({ storyId, live }: { storyId: string; live: boolean }) {
  const { error, done, pending, run } = useServerAction("The newsroom could not be reached, so live coverage was not changed. Try again.");

  function toggle() {
    run(
      () => setStoryLiveAction({ storyId, live: !live }),
      (data) =>
        data.live
          ? "Live coverage started. Readers see new updates at the top of the story within seconds."
          : "Live coverage ended. The updates stay in the log at the foot of the story.",
    );
  }

  return (
    <div className="space-y-3">
      <p className="text-sm">
        {live
          ? "Live coverage is on: new updates run at the top of the story."
          : "Running a breaking story? Live coverage puts the updates at the top and refreshes them for readers."}
      </p>
      <Button variant={live ? "danger" : "primary"} onClick={toggle} disabled={pending}>
        {live ? "End live coverage" : "Start live coverage"}
      </Button>
      <div aria-live="polite">{error ? <Alert tone="error">{error}</Alert> : done ? <Alert tone="success">{done}</Alert> : null}</div>
    </div>
  );
}
