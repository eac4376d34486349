import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { publicPageMetadata } from "@/lib/site/page-metadata";
import { getCorrectionsPage } from "@/lib/updates/public";
import { getSiteSettings } from "@/lib/settings/site";
import { KIND_LABELS } from "@/lib/updates/kinds";
import { formatApDateTime } from "@/lib/time/ap-style";

// Rendered per request from cached data (tagged cacheTags.corrections): a build must not need the database.
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ page?: string | string[] }> };

/** "?page=3" is page 3; anything else that is not a plain page number is not an address we serve. */
function pageNumber(raw: string | string[] | undefined): number | null {
  if (raw === undefined) return 1;
  if (typeof raw !== "string" || !/^[1-9]\d{0,5}$/.test(raw)) return null;
  return Number(raw);
}

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const [{ siteName }, page] = await Promise.all([getSiteSettings(), searchParams.then((s) => pageNumber(s.page))]);
  return publicPageMetadata({
    siteName,
    title: page && page > 1 ? `Corrections, page ${page}` : "Corrections",
    description: `Corrections and clarifications to ${siteName}'s stories, newest first.`,
    path: page && page > 1 ? `/corrections?page=${page}` : "/corrections",
    feeds: [{ title: `${siteName}: corrections`, path: "/corrections/feed.xml" }],
  });
}

export default async function CorrectionsPage({ searchParams }: Props) {
  const page = pageNumber((await searchParams).page);
  if (page === null) notFound();
  const [{ corrections, hasPrevious, hasNext }, { timeZone }] = await Promise.all([getCorrectionsPage(page), getSiteSettings()]);
  if (page > 1 && corrections.length === 0) notFound();
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="font-serif text-4xl font-bold">Corrections</h1>
      <p className="mt-3 text-muted">
        Corrections and clarifications to our stories, newest first. Each also runs at the top of the story it corrects.{" "}
        <a href="/corrections/feed.xml" className="underline underline-offset-4">
          RSS feed
        </a>
      </p>
      {corrections.length === 0 ? (
        <p className="mt-8 text-muted">No corrections have been published.</p>
      ) : (
        <ol className="mt-8 space-y-6">
          {corrections.map((c) => (
            <li key={c.id} className="border-b border-rule pb-4">
              <h2 className="font-serif text-xl font-bold">
                <a href={`/stories/${c.story.slug}#corrections`} className="underline-offset-4 hover:underline">
                  {c.story.headline}
                </a>
              </h2>
              <p className="mt-2">
                {c.withdrawn ? (
                  <>
                    <del>
                      {KIND_LABELS[c.kind]}: {c.note}
                    </del>{" "}
                    <span className="font-semibold">Withdrawn: {c.withdrawn.reason}</span>
                  </>
                ) : (
                  <>
                    {KIND_LABELS[c.kind]}: {c.note}
                  </>
                )}
              </p>
              <p className="mt-1 text-sm text-muted">
                <time dateTime={c.occurredAt}>{formatApDateTime(new Date(c.occurredAt), timeZone)}</time>
              </p>
            </li>
          ))}
        </ol>
      )}
      {hasPrevious || hasNext ? (
        <nav aria-label="Pages" className="mt-8 flex justify-between text-sm font-semibold">
          {hasPrevious ? (
            <a href={page === 2 ? "/corrections" : `/corrections?page=${page - 1}`} rel="prev" className="underline underline-offset-4">
              Previous page
            </a>
          ) : (
            <span />
          )}
          {hasNext ? (
            <a href={`/corrections?page=${page + 1}`} rel="next" className="underline underline-offset-4">
              Next page
            </a>
          ) : null}
        </nav>
      ) : null}
    </main>
  );
}
