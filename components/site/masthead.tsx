import type { PublicNewsletter } from "@/lib/newsletters/lists";
import { NewsletterSignup } from "@/components/site/newsletter-signup";
import { SearchForm } from "@/components/site/search-form";

type NavSection = { slug: string; name: string };

/** The site's name, its sections and a search form, on every public page. */
export function Masthead({ siteName, sections }: { siteName: string; sections: NavSection[] }) {
  return (
    <header className="border-b-4 border-double border-ink">
      <div className="mx-auto flex max-w-6xl flex-wrap items-end justify-between gap-x-8 gap-y-4 px-4 pb-4 pt-6">
        <a href="/" className="font-serif text-4xl font-bold tracking-tight sm:text-5xl">
          {siteName}
        </a>
        <SearchForm id="masthead-search" name="Site search" />
      </div>
      {sections.length ? (
        <nav aria-label="Sections" className="border-t border-rule">
          <ul className="mx-auto flex max-w-6xl flex-wrap gap-x-6 gap-y-1 px-4 py-2 text-sm font-semibold">
            {sections.map((s) => (
              <li key={s.slug}>
                <a href={`/sections/${s.slug}`} className="inline-block py-1 underline-offset-4 hover:underline">
                  {s.name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </header>
  );
}

export function SkipLink() {
  return (
    <a
      href="#main"
      className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-10 focus:rounded focus:bg-paper focus:px-3 focus:py-2 focus:font-semibold focus:shadow"
    >
      Skip to content
    </a>
  );
}

export function SiteFooter({ siteName, newsletters }: { siteName: string; newsletters: PublicNewsletter[] }) {
  return (
    <footer className="mt-16 border-t border-ink">
      {newsletters.length ? (
        <div className="mx-auto max-w-6xl px-4 pt-6">
          <NewsletterSignup newsletters={newsletters} idPrefix="footer" heading="Newsletters" />
        </div>
      ) : null}
      <div className="mx-auto flex max-w-6xl flex-wrap items-baseline justify-between gap-4 px-4 py-6 text-sm text-muted">
        <p>
          <span className="font-serif font-semibold text-ink">{siteName}</span>
        </p>
        <nav aria-label="Site">
          <ul className="flex flex-wrap gap-x-6 gap-y-2">
            <li>
              <a href="/corrections" className="underline underline-offset-4">
                Corrections
              </a>
            </li>
            <li>
              <a href="/newsletters" className="underline underline-offset-4">
                Newsletters
              </a>
            </li>
            <li>
              <a href="/feed.xml" className="underline underline-offset-4">
                RSS feed
              </a>
            </li>
          </ul>
        </nav>
      </div>
    </footer>
  );
}
