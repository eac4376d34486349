import Link from "next/link";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActorOrRedirect } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { auditFiltersSchema, listAuditEvents, listAuditFilterOptions, type AuditFilters } from "@/lib/audit/queries";
import { describeAuditAction } from "@/lib/audit/describe";
import { getSiteSettings } from "@/lib/settings/site";
import { formatApDateTime } from "@/lib/time/ap-style";
import { FilterForm, FilterInput, FilterSelect, ListTable, Pager, ResultCount, pageHref, type Column } from "@/components/ui/list-page";

export const metadata: Metadata = { title: "Audit log · Newsroom" };

const COLUMNS: Column[] = [{ label: "When" }, { label: "Who" }, { label: "Did" }, { label: "Record" }, { label: "IP address" }];

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

function readFilters(params: Record<string, string | string[] | undefined>): AuditFilters {
  return auditFiltersSchema.parse({
    actor: one(params.actor),
    action: one(params.action),
    record: one(params.record),
    from: one(params.from),
    to: one(params.to),
    page: one(params.page),
  });
}

export default async function AuditLogPage({ searchParams }: Props) {
  const actor = await requireActorOrRedirect("/desk/audit");
  // Refused like every admin page (People too): a 404, which says nothing about what is there.
  if (!can(actor, "audit.view")) notFound();
  const filters = readFilters(await searchParams);
  const { timeZone } = await getSiteSettings();
  const [log, options] = await Promise.all([listAuditEvents(actor, filters, timeZone), listAuditFilterOptions(actor)]);

  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-8">
      <h1 className="font-serif text-3xl font-bold">Audit log</h1>
      <p className="mt-2 text-sm text-muted">
        Every change to stories, the public record, sections, tags and settings, and every sign-in, newest first. Entries cannot be edited or deleted. Times are
        in the newsroom&rsquo;s zone ({timeZone}).
      </p>

      <FilterForm action="/desk/audit" label="Filter the audit log" className="mt-6 grid gap-3 sm:grid-cols-[1fr_1fr_1fr_auto_auto_auto] sm:items-end">
        <FilterSelect
          id="audit-actor"
          name="actor"
          label="Person"
          value={filters.actor}
          anyLabel="Anyone"
          options={options.people.map((person) => ({ value: person.id, label: person.name }))}
        />
        <FilterSelect
          id="audit-action"
          name="action"
          label="Action"
          value={filters.action}
          anyLabel="Any action"
          options={options.actions.map((action) => ({ value: action, label: describeAuditAction(action) }))}
        />
        <FilterInput id="audit-record" name="record" label="Story or record" value={filters.record} maxLength={200} placeholder="slug or id" />
        <FilterInput id="audit-from" name="from" label="From" type="date" value={filters.from} />
        <FilterInput id="audit-to" name="to" label="To" type="date" value={filters.to} />
      </FilterForm>

      <ResultCount total={log.total} one="entry" many="entries" />

      <ListTable caption="Audit log, newest first" columns={COLUMNS} rowCount={log.rows.length} empty="No entries match." className="mt-2">
        {log.rows.map((row) => (
          <tr key={row.id} className="border-b border-rule align-top">
            <td className="py-2 pr-4 whitespace-nowrap">
              <time dateTime={row.createdAt.toISOString()}>{formatApDateTime(row.createdAt, timeZone)}</time>
            </td>
            <td className="pr-4">
              {row.actorName ?? (row.actorEmail ? <span>Unknown account ({row.actorEmail})</span> : <span className="text-muted">System</span>)}
            </td>
            <td className="pr-4">{row.actionLabel}</td>
            <td className="pr-4">
              <span className="text-muted">{row.entityLabel}: </span>
              {row.recordHref ? (
                <Link href={row.recordHref} className="underline underline-offset-4">
                  {row.recordName ?? row.entityId}
                </Link>
              ) : (
                <span>
                  {row.recordName ?? row.entityId ?? "—"}
                  {row.entityType === "story" && row.entityId ? <span className="text-muted"> (deleted)</span> : null}
                </span>
              )}
            </td>
            <td className="font-mono text-xs">{row.ip ?? "—"}</td>
          </tr>
        ))}
      </ListTable>

      <Pager
        page={log.page}
        pageCount={log.pageCount}
        href={pageHref("/desk/audit", { actor: filters.actor, action: filters.action, record: filters.record, from: filters.from, to: filters.to })}
        previous="Newer entries"
        next="Older entries"
      />
    </main>
  );
}
