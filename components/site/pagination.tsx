/** The address of page `n` of a listing whose first page lives at `basePath`. */
export function listingPagePath(basePath: string, n: number): string {
  return n <= 1 ? basePath : `${basePath}/page/${n}`;
}

/** "Newer" and "Older" links between a listing's pages, with where the reader is. */
export function Pagination({ basePath, page, hasOlder }: { basePath: string; page: number; hasOlder: boolean }) {
  if (page === 1 && !hasOlder) return null;
  return (
    <nav aria-label="Pages" className="mt-8 flex items-center justify-between gap-4 text-sm font-semibold">
      {page > 1 ? (
        <a href={listingPagePath(basePath, page - 1)} rel="prev" className="rounded border border-rule px-4 py-2 hover:border-ink">
          <span aria-hidden="true">← </span>Newer
        </a>
      ) : (
        <span />
      )}
      <p className="font-normal text-muted">Page {page}</p>
      {hasOlder ? (
        <a href={listingPagePath(basePath, page + 1)} rel="next" className="rounded border border-rule px-4 py-2 hover:border-ink">
          Older<span aria-hidden="true"> →</span>
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
