"use client";

import { createContext, useContext, useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { useServerAction } from "@/components/ui/use-server-action";
import type { ActionResult } from "@/lib/actions";

// How the sections and tags page reports back. Errors stay next to what caused them; "done" messages
// live in one place at the foot of the page, not in the row a change came from: after a delete or a
// merge that row is gone, and its message would go with it.

type Announce = (message: string) => void;

const AnnounceContext = createContext<Announce>(() => {});

export function TaxonomyStatus({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<{ id: number; message: string } | null>(null);
  const announce: Announce = (message) => setStatus((current) => ({ id: (current?.id ?? 0) + 1, message }));
  return (
    <AnnounceContext value={announce}>
      {children}
      <div aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-4 z-10 mx-auto max-w-xl px-4">
        {status ? (
          // Keyed so that the same message twice (two moves of one section) is announced twice.
          <div key={status.id} className="pointer-events-auto">
            <Alert tone="success">
              <span className="flex items-center justify-between gap-4">
                {status.message}
                <button type="button" onClick={() => setStatus(null)} className="text-xs underline">
                  Dismiss
                </button>
              </span>
            </Alert>
          </div>
        ) : null}
      </div>
    </AnnounceContext>
  );
}

/**
 * Runs a section or tag action. On failure: its message and field errors for the form to show next to
 * the fields, and what was typed stays. On success: the message onSuccess returns at the foot of the
 * page, and the page re-read from the server.
 */
export function useTaxonomyAction() {
  const announce = useContext(AnnounceContext);
  const { errors, error, pending, run } = useServerAction();
  return {
    errors,
    error,
    pending,
    run: <T,>(call: () => Promise<ActionResult<T>>, onSuccess: (data: T) => string) =>
      run(call, (data) => {
        announce(onSuccess(data));
        return null;
      }),
  };
}
