"use client";

import { unstable_rethrow, useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions";
import type { FieldErrors } from "@/lib/errors";

export const UNREACHABLE_MESSAGE = "The newsroom could not be reached, so nothing was changed. What you typed is still here; try again in a moment.";

type RunOptions = {
  /** Re-read the page from the server after a success (the default). */
  refresh?: boolean;
  onError?: () => void;
};

/**
 * Runs server actions for one form, one at a time: `pending` while one runs; on failure its message
 * and field errors stay with the form, and so does what was typed; a call that never reaches the
 * server (it throws) reads as `unreachable`; on success the message `onSuccess` returns replaces them,
 * and the page is re-read from the server.
 */
export function useServerAction(unreachable: string = UNREACHABLE_MESSAGE) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function clear() {
    setErrors({});
    setError(null);
    setDone(null);
  }

  function run<T>(call: () => Promise<ActionResult<T>>, onSuccess: (data: T) => string | null, options: RunOptions = {}) {
    setError(null);
    setDone(null);
    startTransition(async () => {
      let result: ActionResult<T>;
      try {
        result = await call();
      } catch (thrown) {
        // A redirect or not-found from the action is navigation, not a failure.
        unstable_rethrow(thrown);
        setError(unreachable);
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

  return { errors, error, done, pending, run, clear };
}
