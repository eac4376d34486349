import type { Metadata } from "next";
import { getSearchResults, getSearchSections } from "@/lib/search/search";
import { MAX_QUERY_LENGTH, MAX_TERMS } from "@/lib/search/query";
import { readSearchRequest, searchHref, SEARCH_PAGE_SIZE, MAX_SEARCH_PAGE, type SearchRequest } from "@/lib/search/params";
import { getSiteSettings } from "@/lib/settings/site";
import { formatApDate } from "@/lib/time/ap-style";
import { Highlighted } from "./highlighted";
import { inputClass } from "@/components/ui/field";
import { Picture } from "@/components/site/photo";
import { PHOTO_SIZES } from "@/lib/media/picture";

// A plain GET form and server-rendered results: works with no client JavaScript at all.
// Rendered per request; the production server keeps finished pages for a while (lib/search/search.ts,
// getSearchResults, says where).
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const isFiltered = (r: SearchRequest) => Boolean(r.query.text || r.section || r.from || r.to);

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const [{ siteName, timeZone }, raw] = await Promise.all([getSiteSettings(), searchParams]);
  const request = readSearchRequest(raw, timeZone);
  return {
    title: request.query.text ? `Search: ${request.query.text} · ${siteName}` : `Search · ${siteName}`,
    // Result pages are endless and thin: search engines should follow them to stories, not index them.
    robots: isFiltered(request) ? { index: false, follow: true } : undefined,
    alternates: { canonical: "/search" },
  };
}

const PROBLEMS = {
  empty: null,
  "too-short": "Type at least two letters or digits to search.",
  "only-exclusions": "Add a word to search for: a query of only excluded words (“-word”) would match everything.",
} as const;

export default async function SearchPage({ searchParams }: Props) {
  const [{ timeZone }, raw, sections] = await Promise.all([getSiteSettings(), searchParams, getSearchSections()]);
  const request = readSearchRequest(raw, timeZone);
  const results = await getSearchResults(request);
  const { query, page } = request;
  const pageCount = Math.min(Math.ceil(results.total / SEARCH_PAGE_SIZE), MAX_SEARCH_PAGE);
  const notes = [...request.notes];
  if (query.truncated) notes.push(`Only the first ${MAX_QUERY_LENGTH} characters and ${MAX_TERMS} words of a search are used.`);
  if (results.unknownSection) notes.push("There is no such section; nothing matches.");
  const problem = query.problem ? PROBLEMS[query.problem] : null;

  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="font-serif text-4xl font-bold">Search</h1>

      <form role="search" aria-label="Story search" action="/search" method="get" className="mt-6 space-y-4 border-b border-rule pb-6">
        <div className="flex flex-wrap items-end gap-3">
          <div className="min-w-0 flex-1 space-y-1">
            <label htmlFor="search-q" className="block text-sm font-semibold">
              Search stories
            </label>
            <input
              id="search-q"
              name="q"
              type="search"
              defaultValue={query.text}
              maxLength={MAX_QUERY_LENGTH * 2}
              aria-describedby="search-hint"
              className={inputClass}
            />
          </div>
          <button type="submit" className="rounded bg-ink px-4 py-2 text-sm font-semibold text-paper hover:opacity-90">
            Search
          </button>
        </div>
        <p id="search-hint" className="text-xs text-muted">
          Use quotation marks for an exact phrase (“city council”), a minus sign to leave a word out (-traffic), “or” for either word, and an asterisk for the
          start of a word (bridg*).
        </p>
        <fieldset className="flex flex-wrap gap-4">
          <legend className="sr-only">Filters</legend>
          <div className="space-y-1">
            <label htmlFor="search-section" className="block text-sm font-semibold">
              Section
            </label>
            <select id="search-section" name="section" defaultValue={request.section ?? ""} className={inputClass}>
              <option value="">All sections</option>
              {sections.map((s) => (
                <option key={s.slug} value={s.slug}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor="search-from" className="block text-sm font-semibold">
              From
            </label>
            <input id="search-from" name="from" type="date" defaultValue={request.from ?? ""} className={inputClass} />
          </div>
          <div className="space-y-1">
            <label htmlFor="search-to" className="block text-sm font-semibold">
              To
            </label>
            <input id="search-to" name="to" type="date" defaultValue={request.to ?? ""} className={inputClass} />
          </div>
        </fieldset>
      </form>

      {notes.length ? (
        <ul role="status" className="mt-6 space-y-1 text-sm font-semibold text-accent">
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}

      {problem ? (
        <p className="mt-8 text-muted">{problem}</p>
      ) : query.tsquery ? (
        <section aria-labelledby="search-results-heading" className="mt-8">
          <h2 id="search-results-heading" className="text-sm font-semibold text-muted">
            {results.total === 0
              ? `No stories match “${query.text}”.`
              : `${results.total.toLocaleString("en-US")}${results.capped ? " or more" : ""} ${results.total === 1 ? "story matches" : "stories match"} “${query.text}”` +
                (pageCount > 1 ? ` · page ${Math.min(page, pageCount)} of ${pageCount}` : "")}
          </h2>
          {results.capped ? (
            <p className="mt-1 text-sm text-muted">
              Showing the best matches among the newest {results.total.toLocaleString("en-US")}. Add a word, a section or dates to narrow the search.
            </p>
          ) : null}
          {results.total > 0 && results.hits.length === 0 ? (
            <p className="mt-6 text-muted">
              There are no more results.{" "}
              <a href={searchHref(request, 1)} className="underline underline-offset-4">
                Back to the first page
              </a>
            </p>
          ) : null}
          {results.total === 0 ? <p className="mt-4 text-muted">Check the spelling, use fewer words, or widen the dates and section.</p> : null}
          <ol className="mt-6 space-y-8">
            {results.hits.map((hit) => (
              <li key={hit.slug} className="flex gap-4 border-b border-rule pb-6">
                <div className="min-w-0 flex-1">
                  {hit.section ? <p className="text-xs font-semibold uppercase text-accent">{hit.section.name}</p> : null}
                  <h3 className="mt-1 font-serif text-2xl font-bold leading-snug">
                    <a href={`/stories/${hit.slug}`} className="hover:underline">
                      <Highlighted parts={hit.headline} />
                    </a>
                  </h3>
                  {hit.dek.length ? (
                    <p className="mt-2 font-serif text-lg text-muted">
                      <Highlighted parts={hit.dek} />
                    </p>
                  ) : null}
                  {hit.snippet.length ? (
                    <p className="mt-2 font-serif leading-relaxed">
                      <Highlighted parts={hit.snippet} />
                    </p>
                  ) : null}
                  <p className="mt-2 text-sm text-muted">
                    {hit.bylines.length ? `By ${hit.bylines.join(" and ")} · ` : ""}
                    <time dateTime={hit.firstPublishedAt}>{formatApDate(new Date(hit.firstPublishedAt), timeZone)}</time>
                  </p>
                </div>
                {hit.photo ? (
                  <div className="w-28 shrink-0 sm:w-44">
                    <Picture photo={hit.photo} shape="4x3" sizes={PHOTO_SIZES.listing} placeholder="color" />
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
          {pageCount > 1 ? (
            <nav aria-label="Result pages" className="mt-8 flex justify-between text-sm font-semibold">
              {page > 1 ? (
                <a href={searchHref(request, Math.min(page - 1, pageCount))} rel="prev" className="underline underline-offset-4">
                  Previous page
                </a>
              ) : (
                <span />
              )}
              {page < pageCount ? (
                <a href={searchHref(request, page + 1)} rel="next" className="underline underline-offset-4">
                  Next page
                </a>
              ) : null}
            </nav>
          ) : null}
        </section>
      ) : (
        <p className="mt-8 text-muted">Search every story we have published by words in its headline, summary, byline or text.</p>
      )}
    </main>
  );
}
