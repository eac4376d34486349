import type { Metadata } from "next";
import Link from "next/link";
import { requireActorOrRedirect } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { listSubscribers, SUBSCRIBER_PAGE_SIZE } from "@/lib/newsletters/subscribers";
import { listNewslettersForDesk } from "@/lib/newsletters/lists";
import { getSiteSettings } from "@/lib/settings/site";
import { formatApDate } from "@/lib/time/ap-style";
import { FilterForm, FilterInput, ListTable, Pager, ResultCount, pageHref } from "@/components/ui/list-page";
import { DeleteSubscriberButton, ImportForm } from "./subscriber-forms";

export const metadata: Metadata = { title: "Subscribers · Newsroom" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const STATUS = { PENDING: "Not confirmed", ACTIVE: "Active", BOUNCED: "Bounced" } as const;

export default async function SubscribersPage({ searchParams }: Props) {
  const actor = await requireActorOrRedirect("/desk/newsletters/subscribers");
  if (!can(actor, "newsletter.manage")) {
    return (
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        <h1 className="font-serif text-3xl font-bold">Subscribers</h1>
        <p className="mt-4">Subscribers are personal data: only admins can see them.</p>
      </main>
    );
  }
  const params = await searchParams;
  const q = (typeof params.q === "string" ? params.q : "").trim().slice(0, 100);
  const page = typeof params.page === "string" && /^[1-9]\d{0,5}$/.test(params.page) ? Number(params.page) : 1;
  const [{ subscribers, total }, lists, { timeZone }] = await Promise.all([listSubscribers(actor, { q, page }), listNewslettersForDesk(), getSiteSettings()]);

  return (
    <main id="main" className="mx-auto max-w-6xl space-y-8 px-4 py-8">
      <div className="flex flex-wrap items-baseline justify-between gap-4">
        <h1 className="font-serif text-3xl font-bold">Subscribers</h1>
        <a href="/desk/newsletters/subscribers.csv" className="text-sm font-semibold underline underline-offset-4">
          Export as CSV
        </a>
      </div>
      <p className="text-sm text-muted">
        Personal data. Deleting an address removes it for good; only a hash stays, so that an import cannot add it again.{" "}
        <Link href="/desk/newsletters" className="underline">
          Back to newsletters
        </Link>
      </p>
      <FilterForm action="/desk/newsletters/subscribers" label="Find subscribers" className="flex flex-wrap items-end gap-3" submitLabel="Find">
        <FilterInput id="subscriber-q" name="q" label="Address contains" value={q} type="search" maxLength={100} />
      </FilterForm>
      <ResultCount total={total} one="subscriber" many="subscribers" />
      <ListTable
        caption="Subscribers, newest first"
        columns={[{ label: "Email" }, { label: "Status" }, { label: "Newsletters" }, { label: "Since" }, { label: "Delete" }]}
        rowCount={subscribers.length}
        empty="No subscribers match."
      >
        {subscribers.map((s) => (
          <tr key={s.id} className="border-b border-rule align-top">
            <th scope="row" className="py-3 pr-4 font-semibold">
              {s.email}
            </th>
            <td className="py-3 pr-4">{STATUS[s.status as keyof typeof STATUS]}</td>
            <td className="py-3 pr-4">{s.lists.join(", ")}</td>
            <td className="py-3 pr-4">{formatApDate(s.createdAt, timeZone)}</td>
            <td className="py-3">
              <DeleteSubscriberButton subscriberId={s.id} email={s.email} />
            </td>
          </tr>
        ))}
      </ListTable>
      <Pager
        page={page}
        pageCount={Math.ceil(total / SUBSCRIBER_PAGE_SIZE)}
        href={pageHref("/desk/newsletters/subscribers", { q })}
        previous="Newer"
        next="Older"
      />
      {lists.length ? (
        <section aria-labelledby="import-heading" className="max-w-xl space-y-3">
          <h2 id="import-heading" className="font-serif text-xl font-bold">
            Import
          </h2>
          <ImportForm lists={lists.map((l) => ({ id: l.id, name: l.name }))} />
        </section>
      ) : null}
    </main>
  );
}
