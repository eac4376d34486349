/**
 * A plain GET form to the search page: it works without any script. A page may draw two (the
 * masthead's and the not-found page's), so `id` keeps each label's target unique and `name` tells
 * the two search landmarks apart.
 */
export function SearchForm({ id, name, size = "small", defaultValue }: { id: string; name: string; size?: "small" | "large"; defaultValue?: string }) {
  const large = size === "large";
  return (
    <form role="search" aria-label={name} action="/search" method="get" className={`flex items-end gap-2 ${large ? "w-full max-w-xl" : ""}`}>
      <div className="flex min-w-0 flex-1 flex-col">
        <label htmlFor={id} className={large ? "text-sm font-semibold" : "text-xs font-semibold uppercase tracking-wide text-muted"}>
          Search
        </label>
        <input
          id={id}
          name="q"
          type="search"
          defaultValue={defaultValue}
          required
          maxLength={200}
          autoComplete="off"
          className={`mt-1 min-w-0 rounded border border-muted bg-paper px-3 text-ink placeholder:text-muted ${large ? "py-2 text-base" : "w-44 py-1.5 text-sm"}`}
        />
      </div>
      <button
        type="submit"
        className={`rounded border border-ink bg-ink font-semibold text-paper hover:bg-accent hover:border-accent ${large ? "px-4 py-2 text-base" : "px-3 py-1.5 text-sm"}`}
      >
        Search
      </button>
    </form>
  );
}
