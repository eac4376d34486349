"use client";

import { useEffect, useState } from "react";
import { leavePresenceAction, touchPresenceAction } from "./actions";
import type { Presence } from "@/lib/stories/presence";

const INTERVAL_MS = 15_000;

/** Checks in every 15 seconds while the story is open; says who else has it open and which version is current. */
export function usePresence(storyId: string | null): Presence | null {
  const [presence, setPresence] = useState<Presence | null>(null);
  useEffect(() => {
    if (!storyId) return;
    let stopped = false;
    const check = async () => {
      try {
        const result = await touchPresenceAction({ storyId });
        if (!stopped && result.ok) setPresence(result.data);
      } catch {
        // offline: the next check will tell
      }
    };
    void check();
    const timer = window.setInterval(check, INTERVAL_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
      void leavePresenceAction({ storyId }).catch(() => {});
    };
  }, [storyId]);
  return presence;
}
