import Link from "next/link";
import type { Metadata } from "next";
import { requireActorOrRedirect } from "@/lib/auth/actor";
import { listStoriesForDesk, listSectionsAndStaff, type DeskFilters } from "@/lib/stories/editor-queries";
import { StatusBadge, STATUS_LABELS } from "@/components/editor/status-badge";
import { StoryStatus } from "@/lib/generated/prisma/enums";
import { getSiteSettings } from "@/lib/settings/site";
import { listHeldChangesForDesk } from "@/lib/scheduling/change-queries";
import { formatApDateTime, formatApWeekdayTime } from "@/lib/time/ap-style";
import { FilterForm, FilterInput, FilterSelect, ListTable, Pager, ResultCount, pageHref, type Column } from "@/components/ui/list-page";

export const metadata: Metadata = { title: "Stories · Newsroom" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const COLUMNS: Column[] = [{ label: "Headline" }, { label: "Status" }, { label: "Section" }, { label: "Created by" }, { label: "Last changed" }];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

/** Reads the desk's filters from the address, ignoring anything malformed rather than failing. */
function readFilters(params: Record<string, string | string[] | undefined>): DeskFilters {
  const status = Object.values(StoryStatus).find((s) => s === one(params.status));
  const sectionId = UUID.test(one(params.section)) ? one(params.section) : undefined;
  const authorId = UUID.test(one(params.author)) ? one(params.author) : undefined;
  const page = Number.parseInt(one(params.page), 10);
  return {
    status,
    sectionId,
    authorId,
    q: one(params.q).slice(0, 200) || undefined,
    embargoed: one(params.embargo) === "embargoed" || undefined,
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

export default async function DeskPage({ searchParams }: Props) {
  const actor = await requireActorOrRedirect("/desk");
  const filters = readFilters(await searchParams);
  const [desk, options, { timeZone }, held] = await Promise.all([
    listStoriesForDesk(actor, filters),
    listSectionsAndStaff(),
    getSiteSettings(),
    listHeldChangesForDesk(actor),
  ]);

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

      {held.length ? (
        <section aria-labelledby="held-changes-heading" className="mt-6 rounded border-2 border-accent p-4">
          <h2 id="held-changes-heading" className="font-serif text-xl font-bold">
            Scheduled changes that need a look
          </h2>
          <p className="text-sm">
            These stories were edited after a change to them was scheduled, so the change was held. Compare it, then apply or discard it.
          </p>
          <ul className="mt-2 space-y-1">
            {held.map((change) => (
              <li key={change.storyId}>
                <Link href={`/desk/stories/${change.storyId}`} className="font-semibold underline underline-offset-4">
                  {change.headline}
                </Link>{" "}
                <span className="text-sm text-muted">
                  held <time dateTime={change.heldAt}>{formatApDateTime(new Date(change.heldAt), timeZone)}</time>
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <FilterForm action="/desk" label="Filter stories" className="mt-6 grid gap-3 sm:grid-cols-[2fr_1fr_1fr_1fr_1fr_auto] sm:items-end">
        <FilterInput id="desk-q" name="q" label="Search headlines" type="search" value={filters.q} maxLength={200} />
        <FilterSelect
          id="desk-status"
          name="status"
          label="Status"
          value={filters.status}
          anyLabel="Any status"
          options={Object.values(StoryStatus).map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
        />
        <FilterSelect
          id="desk-section"
          name="section"
          label="In section"
          value={filters.sectionId}
          anyLabel="Any section"
          options={options.sections.map((s) => ({ value: s.id, label: s.name }))}
        />
        <FilterSelect
          id="desk-author"
          name="author"
          label="By"
          value={filters.authorId}
          anyLabel="Anyone"
          options={options.staff.map((person) => ({ value: person.id, label: person.name }))}
        />
        <FilterSelect
          id="desk-embargo"
          name="embargo"
          label="Embargo"
          value={filters.embargoed ? "embargoed" : undefined}
          anyLabel="With or without"
          options={[{ value: "embargoed", label: "Embargoed now" }]}
        />
      </FilterForm>

      <ResultCount total={desk.total} one="story" many="stories" />

      <ListTable caption="Stories, most recently changed first" columns={COLUMNS} rowCount={desk.stories.length} empty="No stories match." className="mt-2">
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
              {story.changes.held ? (
                <span className="block text-xs font-semibold text-accent">Scheduled change needs a look</span>
              ) : story.changes.nextRunAt ? (
                <span className="block text-xs text-muted">
                  change due <time dateTime={story.changes.nextRunAt}>{formatApDateTime(new Date(story.changes.nextRunAt), timeZone)}</time>
                </span>
              ) : null}
              {story.embargoUntil ? (
                <span className="mt-1 block w-fit rounded border border-accent px-1.5 text-xs font-semibold">
                  Embargoed until <time dateTime={story.embargoUntil}>{formatApWeekdayTime(new Date(story.embargoUntil), timeZone)}</time>
                </span>
              ) : null}
            </td>
            <td>{story.section ?? "—"}</td>
            <td>{story.createdBy}</td>
            <td>
              <time dateTime={story.updatedAt}>{formatApDateTime(new Date(story.updatedAt), timeZone)}</time>
            </td>
          </tr>
        ))}
      </ListTable>

      <Pager
        page={desk.page}
        pageCount={desk.pageCount}
        href={pageHref("/desk", {
          status: filters.status,
          section: filters.sectionId,
          author: filters.authorId,
          q: filters.q,
          embargo: filters.embargoed ? "embargoed" : undefined,
        })}
        previous="Previous page"
        next="Next page"
      />
    </main>
  );
}
