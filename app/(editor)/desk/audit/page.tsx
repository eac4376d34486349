import Link from "next/link";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActorOrRedirect } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { auditFiltersSchema, listAuditEvents, listAuditFilterOptions, type AuditFilters } from "@/lib/audit/queries";
import { describeAuditAction } from "@/lib/audit/describe";
import { getSiteSettings } from "@/lib/settings/site";
import { formatApDateTime } from "@/lib/time/ap-style";
import { inputClass } from "@/components/ui/field";

export const metadata: Metadata = { title: "Audit log · Newsroom" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

function readFilters(params: Record<string, string | string[] | undefined>): AuditFilters {
  return auditFiltersSchema.parse({ actor: one(params.actor), action: one(params.action), record: one(params.record), from: one(params.from), to: one(params.to), page: one(params.page) });
}

export default async function AuditLogPage({ searchParams }: Props) {
  const actor = await requireActorOrRedirect("/desk/audit");
  // Refused like every admin page (People too): a 404, which says nothing about what is there.
  if (!can(actor, "audit.view")) notFound();
  const filters = readFilters(await searchParams);
  const { timeZone } = await getSiteSettings();
  const [log, options] = await Promise.all([listAuditEvents(actor, filters, timeZone), listAuditFilterOptions(actor)]);
  const query = (page: number) => {
    const params = new URLSearchParams();
    for (const key of ["actor", "action", "record", "from", "to"] as const) if (filters[key]) params.set(key, filters[key]!);
    params.set("page", String(page));
    return `/desk/audit?${params}`;
  };

  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-8">
      <h1 className="font-serif text-3xl font-bold">Audit log</h1>
      <p className="mt-2 text-sm text-muted">
        Every change to stories, the public record, sections, tags and settings, and every sign-in, newest first. Entries cannot be edited or deleted. Times are in the newsroom&rsquo;s zone ({timeZone}).
      </p>

      <form method="get" action="/desk/audit" role="search" aria-label="Filter the audit log" className="mt-6 grid gap-3 sm:grid-cols-[1fr_1fr_1fr_auto_auto_auto] sm:items-end">
        <div>
          <label htmlFor="audit-actor" className="block text-xs font-semibold">Person</label>
          <select id="audit-actor" name="actor" defaultValue={filters.actor ?? ""} className={inputClass}>
            <option value="">Anyone</option>
            {options.people.map((person) => (
              <option key={person.id} value={person.id}>{person.name}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-action" className="block text-xs font-semibold">Action</label>
          <select id="audit-action" name="action" defaultValue={filters.action ?? ""} className={inputClass}>
            <option value="">Any action</option>
            {options.actions.map((action) => (
              <option key={action} value={action}>{describeAuditAction(action)}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-record" className="block text-xs font-semibold">Story or record</label>
          <input id="audit-record" name="record" defaultValue={filters.record ?? ""} maxLength={200} placeholder="slug or id" className={inputClass} />
        </div>
        <div>
          <label htmlFor="audit-from" className="block text-xs font-semibold">From</label>
          <input id="audit-from" name="from" type="date" defaultValue={filters.from ?? ""} className={inputClass} />
        </div>
        <div>
          <label htmlFor="audit-to" className="block text-xs font-semibold">To</label>
          <input id="audit-to" name="to" type="date" defaultValue={filters.to ?? ""} className={inputClass} />
        </div>
        <button type="submit" className="rounded border border-rule px-4 py-2 text-sm font-semibold">
          Filter
        </button>
      </form>

      <p className="mt-4 text-sm text-muted" aria-live="polite">
        {log.total === 1 ? "1 entry" : `${log.total.toLocaleString("en-US")} entries`}
      </p>

      {log.rows.length === 0 ? (
        <p className="mt-4 text-muted">No entries match.</p>
      ) : (
        <table className="mt-2 w-full text-left text-sm">
          <caption className="sr-only">Audit log, newest first</caption>
          <thead className="border-b border-rule">
            <tr>
              <th scope="col" className="py-2">When</th>
              <th scope="col">Who</th>
              <th scope="col">Did</th>
              <th scope="col">Record</th>
              <th scope="col">IP address</th>
            </tr>
          </thead>
          <tbody>
            {log.rows.map((row) => (
              <tr key={row.id} className="border-b border-rule align-top">
                <td className="py-2 pr-4 whitespace-nowrap">
                  <time dateTime={row.createdAt.toISOString()}>{formatApDateTime(row.createdAt, timeZone)}</time>
                </td>
                <td className="pr-4">{row.actorName ?? (row.actorEmail ? <span>Unknown account ({row.actorEmail})</span> : <span className="text-muted">System</span>)}</td>
                <td className="pr-4">{row.actionLabel}</td>
                <td className="pr-4">
                  <span className="text-muted">{row.entityLabel}: </span>
                  {row.recordHref ? (
                    <Link href={row.recordHref} className="underline underline-offset-4">{row.recordName ?? row.entityId}</Link>
                  ) : (
                    <span>{row.recordName ?? row.entityId ?? "—"}{row.entityType === "story" && row.entityId ? <span className="text-muted"> (deleted)</span> : null}</span>
                  )}
                </td>
                <td className="font-mono text-xs">{row.ip ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {log.pageCount > 1 ? (
        <nav aria-label="Pages" className="mt-6 flex gap-4 text-sm">
          {log.page > 1 ? <Link href={query(log.page - 1)}>Newer entries</Link> : null}
          <span>Page {log.page} of {log.pageCount}</span>
          {log.page < log.pageCount ? <Link href={query(log.page + 1)}>Older entries</Link> : null}
        </nav>
      ) : null}
    </main>
  );
}
