import type { LiveEntry } from "@/lib/updates/live-entries";
import { serializeJsonLd } from "@/lib/stories/structured-data";
import { authSecret } from "@/lib/env";
import { placeholderNonce } from "@/server/server-nonce";

/**
 * The running list of a live story, drawn here on the server (readable without JavaScript), kept
 * current in the browser by /live-updates.js (public/), which polls the story's live.json. A plain
 * script rather than a client component: Next puts a client component imported by the story page
 * into the scripts of every story page, live or not. The script carries the placeholder nonce, which
 * the production server replaces in each response with that response's own (server/server-nonce.ts).
 */
export function LiveUpdates({ slug, initialEntries }: { slug: string; initialEntries: LiveEntry[] }) {
  const secret = authSecret();
  return (
    <div data-live-slug={slug}>
      {initialEntries.length ? (
        <ol data-live-list="" className="mt-3 divide-y divide-rule">
          {initialEntries.map((entry) => (
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
        <p data-live-list="" className="mt-3 text-sm text-muted">
          Updates will appear here as the story develops.
        </p>
      )}
      <p aria-live="polite" className="sr-only"></p>
      {/* The entries as shown, so that the script redraws only on a change; a data block, never run. */}
      <script type="application/json" dangerouslySetInnerHTML={{ __html: serializeJsonLd(initialEntries) }} />
      <script src="/live-updates.js" defer nonce={secret ? placeholderNonce(secret) : undefined} />
    </div>
  );
}
