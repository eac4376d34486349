import Link from "next/link";
import type { Metadata } from "next";
import { requireActorOrRedirect } from "@/lib/auth/actor";
import { listStoriesForDesk, listSectionsAndStaff, type DeskFilters } from "@/lib/stories/editor-queries";
import { StatusBadge, STATUS_LABELS } from "@/components/editor/status-badge";
import { StoryStatus } from "@/lib/generated/prisma/enums";
import { getSiteSettings } from "@/lib/settings/site";
import { formatApDateTime } from "@/lib/time/ap-style";
import { inputClass } from "@/components/ui/field";

export const metadata: Metadata = { title: "Stories · Newsroom" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

/** Reads the desk's filters from the address, ignoring anything malformed rather than failing. */
function readFilters(params: Record<string, string | string[] | undefined>): DeskFilters {
  const status = Object.values(StoryStatus).find((s) => s === one(params.status));
  const sectionId = UUID.test(one(params.section)) ? one(params.section) : undefined;
  const authorId = UUID.test(one(params.author)) ? one(params.author) : undefined;
  const page = Number.parseInt(one(params.page), 10);
  return { status, sectionId, authorId, q: one(params.q).slice(0, 200) || undefined, page: Number.isFinite(page) && page > 0 ? page : 1 };
}

export default async function DeskPage({ searchParams }: Props) {
  const actor = await requireActorOrRedirect("/desk");
  const filters = readFilters(await searchParams);
  const [desk, options, { timeZone }] = await Promise.all([listStoriesForDesk(actor, filters), listSectionsAndStaff(), getSiteSettings()]);
  const query = (page: number) => {
    const params = new URLSearchParams();
    if (filters.status) params.set("status", filters.status);
    if (filters.sectionId) params.set("section", filters.sectionId);
    if (filters.authorId) params.set("author", filters.authorId);
    if (filters.q) params.set("q", filters.q);
    params.set("page", String(page));
    return `/desk?${params}`;
  };

  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-8">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="font-serif text-3xl font-bold">Stories</h1>
        {desk.canCreate ? (
          <form action="/desk/stories/new" method="get">
            <button type="submit" className="rounded bg-ink px-4 py-2 text-sm font-semibold text-paper">
              New story
            </button>
          </form>
        ) : null}
      </div>

      <form method="get" action="/desk" role="search" aria-label="Filter stories" className="mt-6 grid gap-3 sm:grid-cols-[2fr_1fr_1fr_1fr_auto] sm:items-end">
        <div>
          <label htmlFor="desk-q" className="block text-xs font-semibold">Search headlines</label>
          <input id="desk-q" name="q" type="search" defaultValue={filters.q ?? ""} maxLength={200} className={inputClass} />
        </div>
        <div>
          <label htmlFor="desk-status" className="block text-xs font-semibold">Status</label>
          <select id="desk-status" name="status" defaultValue={filters.status ?? ""} className={inputClass}>
            <option value="">Any status</option>
            {Object.values(StoryStatus).map((s) => (
              <option key={s} value={s}>{STATUS_LABELS[s]}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="desk-section" className="block text-xs font-semibold">In section</label>
          <select id="desk-section" name="section" defaultValue={filters.sectionId ?? ""} className={inputClass}>
            <option value="">Any section</option>
            {options.sections.map((s) => (
              <option key={s.id} value={s.id}>{s.name}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="desk-author" className="block text-xs font-semibold">By</label>
          <select id="desk-author" name="author" defaultValue={filters.authorId ?? ""} className={inputClass}>
            <option value="">Anyone</option>
            {options.staff.map((person) => (
              <option key={person.id} value={person.id}>{person.name}</option>
            ))}
          </select>
        </div>
        <button type="submit" className="rounded border border-rule px-4 py-2 text-sm font-semibold">
          Filter
        </button>
      </form>

      <p className="mt-4 text-sm text-muted" aria-live="polite">
        {desk.total === 1 ? "1 story" : `${desk.total.toLocaleString("en-US")} stories`}
      </p>

      {desk.stories.length === 0 ? (
        <p className="mt-4 text-muted">No stories match.</p>
      ) : (
        <table className="mt-2 w-full text-left text-sm">
          <caption className="sr-only">Stories, most recently changed first</caption>
          <thead className="border-b border-rule">
            <tr>
              <th scope="col" className="py-2">Headline</th>
              <th scope="col">Status</th>
              <th scope="col">Section</th>
              <th scope="col">Created by</th>
              <th scope="col">Last changed</th>
            </tr>
          </thead>
          <tbody>
            {desk.stories.map((story) => (
              <tr key={story.id} className="border-b border-rule">
                <td className="py-2 pr-4">
                  <Link href={`/desk/stories/${story.id}`} className="font-semibold underline-offset-4 hover:underline">
                    {story.headline}
                  </Link>
                </td>
                <td>
                  <StatusBadge status={story.status} />
                  {story.scheduledAt && story.status === "SCHEDULED" ? (
                    <span className="block text-xs text-muted">
                      for <time dateTime={story.scheduledAt}>{formatApDateTime(new Date(story.scheduledAt), timeZone)}</time>
                    </span>
                  ) : null}
                </td>
                <td>{story.section ?? "—"}</td>
                <td>{story.createdBy}</td>
                <td><time dateTime={story.updatedAt}>{formatApDateTime(new Date(story.updatedAt), timeZone)}</time></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {desk.pageCount > 1 ? (
        <nav aria-label="Pages" className="mt-6 flex gap-4 text-sm">
          {desk.page > 1 ? <Link href={query(desk.page - 1)}>Previous page</Link> : null}
          <span>Page {desk.page} of {desk.pageCount}</span>
          {desk.page < desk.pageCount ? <Link href={query(desk.page + 1)}>Next page</Link> : null}
        </nav>
      ) : null}
    </main>
  );
}
