"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions";

const OFFLINE_MESSAGE = "The newsroom could not be reached, so nothing was changed. What you typed is still here; try again in a moment.";

/**
 * Runs one account action for one form: its error and field errors stay with the form (and what was
 * typed stays in it), its success message replaces them, and the page is re-read from the server.
 */
export function useAccountAction() {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function run<T>(call: () => Promise<ActionResult<T>>, onSuccess: (data: T) => string | null, options: { refresh?: boolean; onError?: () => void } = {}) {
    setError(null);
    setDone(null);
    startTransition(async () => {
      let result: ActionResult<T>;
      try {
        result = await call();
      } catch {
        setError(OFFLINE_MESSAGE);
        options.onError?.();
        return;
      }
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setError(result.message);
        options.onError?.();
        return;
      }
      setErrors({});
      setDone(onSuccess(result.data));
      if (options.refresh !== false) router.refresh();
    });
  }

  return { errors, error, done, pending, run };
}
