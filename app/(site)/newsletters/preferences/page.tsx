import type { Metadata } from "next";
import { readPreferences } from "@/lib/newsletters/subscribe";

// A reader's newsletters, from the signed link in every email. Personal, so never cached; a plain
// form that works without JavaScript.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Your newsletters", robots: { index: false } };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PreferencesPage({ searchParams }: Props) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : "";
  const preferences = await readPreferences(token);
  if (!preferences) {
    return (
      <main id="main" className="mx-auto max-w-3xl px-4 py-8">
        <h1 className="font-serif text-4xl font-bold">This link no longer works</h1>
        <p className="mt-4">The address it was for is no longer subscribed, or the link is incomplete. Open the link in your latest newsletter again.</p>
      </main>
    );
  }
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="font-serif text-4xl font-bold">Your newsletters</h1>
      <p className="mt-3 text-muted">For {preferences.email}</p>
      {params.saved ? (
        <p role="status" className="mt-6 rounded border border-rule px-4 py-3 font-semibold">
          Saved. Your choices apply from the next email.
        </p>
      ) : null}
      <form method="post" action="/newsletters/preferences/save" className="mt-6 space-y-4">
        <input type="hidden" name="token" value={token} />
        <fieldset className="space-y-2">
          <legend className="font-semibold">Send me</legend>
          {preferences.lists.map((list) => (
            <div key={list.id} className="flex items-start gap-2">
              <input id={`pref-${list.id}`} type="checkbox" name="newsletter" value={list.id} defaultChecked={list.subscribed} className="mt-1" />
              <label htmlFor={`pref-${list.id}`}>
                <span className="font-semibold">{list.name}</span>
                {list.description ? <span className="block text-sm text-muted">{list.description}</span> : null}
              </label>
            </div>
          ))}
        </fieldset>
        <div className="flex flex-wrap gap-3">
          <button type="submit" name="intent" value="save" className="rounded bg-ink px-4 py-2 text-sm font-semibold text-paper">
            Save my choices
          </button>
          <button type="submit" name="intent" value="unsubscribe-all" className="rounded border border-accent px-4 py-2 text-sm font-semibold text-accent">
            Unsubscribe from everything
          </button>
        </div>
        <p className="text-sm text-muted">Unsubscribing from everything deletes your address from our lists for good.</p>
      </form>
    </main>
  );
}
