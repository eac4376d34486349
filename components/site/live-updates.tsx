"use client";

import { useEffect, useRef, useState } from "react";
import type { LiveEntry } from "@/lib/updates/live-entries";

/** How often an open page asks for new entries. The JSON is cached for 5 s at the edge; never poll faster. */
const POLL_MS = 15_000;

type LiveJson = { live: boolean; entries?: LiveEntry[] };

const sameEntries = (a: LiveEntry[], b: LiveEntry[]) => JSON.stringify(a) === JSON.stringify(b);

function announcementFor(added: LiveEntry[]): string {
  if (added.length === 0) return "";
  const latest = added[0];
  const prefix = added.length === 1 ? "New update" : `${added.length} new updates. Latest`;
  return `${prefix}, ${latest.label}: ${latest.text}`;
}

/**
 * The running list of a live story. It draws the server-rendered entries first, then polls the story's
 * live.json every 15 seconds while the tab is visible, replacing the list only when it changed and
 * announcing new entries politely. Polling stops for good when live coverage ends.
 */
export function LiveUpdates({ slug, initialEntries }: { slug: string; initialEntries: LiveEntry[] }) {
  const [entries, setEntries] = useState(initialEntries);
  const [ended, setEnded] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const current = useRef(initialEntries);

  useEffect(() => {
    if (ended) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    let lastPolledAt = Date.now();

    function schedule() {
      clearTimeout(timer);
      timer = undefined;
      if (controller.signal.aborted || document.visibilityState !== "visible") return;
      timer = setTimeout(poll, Math.max(0, lastPolledAt + POLL_MS - Date.now()));
    }

    async function poll() {
      timer = undefined;
      inFlight = true;
      lastPolledAt = Date.now();
      try {
        const response = await fetch(`/stories/${encodeURIComponent(slug)}/live.json`, { cache: "no-store", signal: controller.signal, headers: { Accept: "application/json" } });
        const data = (await response.json().catch(() => null)) as LiveJson | null;
        if (response.status === 404 || data?.live === false) {
          setEnded(true);
          return;
        }
        if (response.ok && data && Array.isArray(data.entries) && !sameEntries(data.entries, current.current)) {
          const known = new Set(current.current.map((e) => e.id));
          current.current = data.entries;
          setEntries(data.entries);
          setAnnouncement(announcementFor(data.entries.filter((e) => !known.has(e.id))));
        }
      } catch {
        // Offline or a server hiccup: try again at the next turn.
        if (controller.signal.aborted) return;
      } finally {
        inFlight = false;
      }
      schedule();
    }

    function onVisibilityChange() {
      if (document.visibilityState !== "visible") {
        clearTimeout(timer);
        timer = undefined;
      } else if (!inFlight && timer === undefined) {
        // Back in view: catch up, but no sooner than 15 s after the last request.
        schedule();
      }
    }

    document.addEventListener("visibilitychange", onVisibilityChange);
    schedule();
    return () => {
      controller.abort();
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibilityChange);
    };
  }, [slug, ended]);

  return (
    <>
      {entries.length ? (
        <ol className="mt-3 divide-y divide-rule">
          {entries.map((entry) => (
            <li key={entry.id} className="py-3">
              <time dateTime={entry.iso} className="text-sm font-bold text-accent">
                {entry.label}
              </time>
              <p className="mt-1 font-serif text-lg">
                {entry.text}
                {entry.edited ? <span className="text-sm text-muted"> (edited)</span> : null}
              </p>
            </li>
          ))}
        </ol>
      ) : (
        <p className="mt-3 text-sm text-muted">Updates will appear here as the story develops.</p>
      )}
      {ended ? <p className="mt-3 text-sm font-semibold">Live coverage has ended.</p> : null}
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
    </>
  );
}
