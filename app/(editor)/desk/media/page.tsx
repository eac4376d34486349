import Link from "next/link";
import type { Metadata } from "next";
import { requireActorOrRedirect } from "@/lib/auth/actor";
import { listMediaForDesk } from "@/lib/media/queries";
import { mediaFiltersSchema } from "@/lib/media/schemas";
import { mediaUrl } from "@/lib/media/urls";
import { getSiteSettings } from "@/lib/settings/site";
import { formatApDateTime } from "@/lib/time/ap-style";
import { FilterForm, FilterInput, FilterSelect, ListTable, Pager, ResultCount, pageHref, type Column } from "@/components/ui/list-page";
import { LibraryUploader } from "./library-uploader";

export const metadata: Metadata = { title: "Media · Newsroom" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const COLUMNS: Column[] = [{ label: "Photo" }, { label: "Caption and credit" }, { label: "Status" }, { label: "Used" }, { label: "Uploaded" }];
const STATUS_LABELS = { PROCESSING: "Processing", READY: "Ready", FAILED: "Failed" } as const;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

export default async function MediaLibraryPage({ searchParams }: Props) {
  const actor = await requireActorOrRedirect("/desk/media");
  const params = await searchParams;
  const filters = mediaFiltersSchema.parse({
    q: one(params.q) ?? "",
    status: one(params.status),
    uploader: one(params.uploader),
    use: one(params.use),
    page: one(params.page) ?? 1,
  });
  const [library, { timeZone }] = await Promise.all([listMediaForDesk(actor, filters), getSiteSettings()]);

  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-8">
      <h1 className="font-serif text-3xl font-bold">Media</h1>
      <div className="mt-6">
        <LibraryUploader />
      </div>

      <FilterForm action="/desk/media" label="Filter photos" className="mt-8 grid gap-3 sm:grid-cols-[2fr_1fr_1fr_1fr_auto] sm:items-end">
        <FilterInput id="media-q" name="q" label="Search caption, credit, photographer, alt text" type="search" value={filters.q} maxLength={200} />
        <FilterSelect
          id="media-status"
          name="status"
          label="Status"
          value={filters.status}
          anyLabel="Any status"
          options={Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <FilterSelect
          id="media-uploader"
          name="uploader"
          label="Uploaded by"
          value={filters.uploader}
          anyLabel="Anyone"
          options={library.uploaders.map((u) => ({ value: u.id, label: u.name }))}
        />
        <FilterSelect
          id="media-use"
          name="use"
          label="Use"
          value={filters.use}
          anyLabel="Used or not"
          options={[
            { value: "used", label: "Used in a story" },
            { value: "unused", label: "Not used" },
          ]}
        />
      </FilterForm>

      <ResultCount total={library.total} one="photo" many="photos" />

      <ListTable caption="Photos, newest first" columns={COLUMNS} rowCount={library.rows.length} empty="No photos match." className="mt-2">
        {library.rows.map((row) => (
          <tr key={row.id} className="border-b border-rule align-top">
            <td className="py-2 pr-4">
              <Link href={`/desk/media/${row.id}`} className="block w-32">
                {row.thumbnail ? (
                  // eslint-disable-next-line @next/next/no-img-element -- prebuilt renditions are served as they are, never through Next's image optimizer
                  <img
                    src={mediaUrl(row.thumbnail.file)}
                    alt={row.altText || `Photo ${row.originalName}`}
                    width={row.thumbnail.width}
                    height={row.thumbnail.height}
                    className="h-auto w-32"
                    loading="lazy"
                  />
                ) : (
                  <span className="text-xs underline">{row.originalName}</span>
                )}
              </Link>
            </td>
            <td className="py-2 pr-4">
              <Link href={`/desk/media/${row.id}`} className="font-semibold underline-offset-4 hover:underline">
                {row.caption || row.originalName}
              </Link>
              <span className="block text-xs text-muted">{[row.photographer, row.creditLine].filter(Boolean).join(" / ") || "No credit yet"}</span>
              {row.altText ? null : <span className="block text-xs text-accent">No alt text yet</span>}
            </td>
            <td className="pr-4">
              {STATUS_LABELS[row.status]}
              {row.status === "FAILED" ? <span className="block text-xs text-accent">{row.failure}</span> : null}
            </td>
            <td className="pr-4">{row.usedBy ? `${row.usedBy} ${row.usedBy === 1 ? "story" : "stories"}` : "Not used"}</td>
            <td>
              {row.uploader || "—"}
              <time dateTime={row.createdAt.toISOString()} className="block text-xs text-muted">
                {formatApDateTime(row.createdAt, timeZone)}
              </time>
            </td>
          </tr>
        ))}
      </ListTable>

      <Pager
        page={filters.page}
        pageCount={library.pageCount}
        href={pageHref("/desk/media", { q: filters.q, status: filters.status, uploader: filters.uploader, use: filters.use })}
        previous="Previous page"
        next="Next page"
      />
    </main>
  );
}
