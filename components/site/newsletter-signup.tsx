import type { PublicNewsletter } from "@/lib/newsletters/lists";

// The sign-up form on public pages (footer, story end, /newsletters): a plain form posted to a route
// handler, which answers with a redirect to a result page, so it works without JavaScript and keeps
// the page it sits on cacheable. The "website" field is a honeypot: hidden from people (and from
// screen readers), filled in by bots.

export function NewsletterSignup({
  newsletters,
  idPrefix,
  heading,
  email = "",
}: {
  newsletters: PublicNewsletter[];
  idPrefix: string;
  heading: string;
  email?: string;
}) {
  if (newsletters.length === 0) return null;
  const headingId = `${idPrefix}-heading`;
  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <h2 id={headingId} className="font-serif text-lg font-bold text-ink">
        {heading}
      </h2>
      <form method="post" action="/newsletters/subscribe" className="space-y-3">
        <fieldset className="space-y-1">
          <legend className="text-sm font-semibold text-ink">Newsletters</legend>
          {newsletters.map((list, index) => (
            <div key={list.id} className="flex items-start gap-2">
              <input id={`${idPrefix}-list-${list.slug}`} type="checkbox" name="newsletter" value={list.id} defaultChecked={index === 0} className="mt-1" />
              <label htmlFor={`${idPrefix}-list-${list.slug}`} className="text-sm">
                <span className="font-semibold text-ink">{list.name}</span>
                {list.description ? <span className="block text-muted">{list.description}</span> : null}
              </label>
            </div>
          ))}
        </fieldset>
        <div className="hidden" aria-hidden="true">
          <label htmlFor={`${idPrefix}-website`}>Leave this empty</label>
          <input id={`${idPrefix}-website`} type="text" name="website" tabIndex={-1} autoComplete="off" />
        </div>
        <div className="flex flex-wrap items-end gap-2">
          <div>
            <label htmlFor={`${idPrefix}-email`} className="block text-sm font-semibold text-ink">
              Email
            </label>
            <input
              id={`${idPrefix}-email`}
              type="email"
              name="email"
              required
              maxLength={254}
              autoComplete="email"
              defaultValue={email}
              className="rounded border border-rule bg-paper px-3 py-2 text-base text-ink"
            />
          </div>
          <button type="submit" className="rounded bg-ink px-4 py-2 text-sm font-semibold text-paper">
            Subscribe
          </button>
        </div>
        <p className="text-xs text-muted">We send a confirmation email first; nothing else arrives until you confirm. Every email has an unsubscribe link.</p>
      </form>
    </section>
  );
}
