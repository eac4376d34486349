import Link from "next/link";
import type { Metadata } from "next";
import { requireActorOrRedirect } from "@/lib/auth/actor";
import { listStoriesForDesk } from "@/lib/stories/editor-queries";
import { StatusBadge, STATUS_LABELS } from "@/components/editor/status-badge";
import { StoryStatus } from "@/lib/generated/prisma/enums";
import { getSiteSettings } from "@/lib/settings/site";
import { formatApDateTime } from "@/lib/time/ap-style";

export const metadata: Metadata = { title: "Stories · Newsroom" };

type Props = { searchParams: Promise<{ status?: string; page?: string }> };

export default async function DeskPage({ searchParams }: Props) {
  const actor = await requireActorOrRedirect("/desk");
  const params = await searchParams;
  const status = Object.values(StoryStatus).find((s) => s === params.status);
  const page = Number.parseInt(params.page ?? "1", 10) || 1;
  const [desk, { timeZone }] = await Promise.all([listStoriesForDesk(actor, { status, page }), getSiteSettings()]);
  const pageHref = (p: number) => `/desk?${new URLSearchParams({ ...(status ? { status } : {}), page: String(p) })}`;

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

      <nav aria-label="Filter by status" className="mt-6 flex flex-wrap gap-3 text-sm">
        <Link href="/desk" aria-current={!status ? "page" : undefined} className="underline-offset-4 aria-[current=page]:font-bold aria-[current=page]:underline">
          All
        </Link>
        {Object.values(StoryStatus).map((s) => (
          <Link key={s} href={`/desk?status=${s}`} aria-current={status === s ? "page" : undefined} className="underline-offset-4 aria-[current=page]:font-bold aria-[current=page]:underline">
            {STATUS_LABELS[s]}
          </Link>
        ))}
      </nav>

      {desk.stories.length === 0 ? (
        <p className="mt-8 text-muted">No stories here yet.</p>
      ) : (
        <table className="mt-6 w-full text-left text-sm">
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
                <td><StatusBadge status={story.status} /></td>
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
          {desk.page > 1 ? <Link href={pageHref(desk.page - 1)}>Previous page</Link> : null}
          <span>Page {desk.page} of {desk.pageCount}</span>
          {desk.page < desk.pageCount ? <Link href={pageHref(desk.page + 1)}>Next page</Link> : null}
        </nav>
      ) : null}
    </main>
  );
}
