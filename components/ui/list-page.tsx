import Link from "next/link";
import type { ReactNode } from "react";
import { inputClass } from "@/components/ui/field";

// The pieces of a filtered list page: a GET form of filters (it works without JavaScript and its
// address can be shared), the count of what matched, the table or a line saying nothing did, and
// the links between pages. Each page brings its own words and columns.

/** A GET form of filters; `className` lays out its columns. */
export function FilterForm({
  action,
  label,
  className,
  submitLabel = "Filter",
  children,
}: {
  action: string;
  label: string;
  className: string;
  submitLabel?: string;
  children: ReactNode;
}) {
  return (
    <form method="get" action={action} role="search" aria-label={label} className={className}>
      {children}
      <button type="submit" className="rounded border border-rule px-4 py-2 text-sm font-semibold">
        {submitLabel}
      </button>
    </form>
  );
}

type FilterInputProps = {
  id: string;
  name: string;
  label: string;
  value: string | undefined;
  type?: "search" | "date";
  maxLength?: number;
  placeholder?: string;
  className?: string;
};

/** A labelled text, search or date filter, showing the value in force. */
export function FilterInput({ id, name, label, value, type, maxLength, placeholder, className }: FilterInputProps) {
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-xs font-semibold">
        {label}
      </label>
      <input id={id} name={name} type={type} defaultValue={value ?? ""} maxLength={maxLength} placeholder={placeholder} className={inputClass} />
    </div>
  );
}

/** A labelled choice among `options`, the first one (value "") meaning "no filter". */
export function FilterSelect({
  id,
  name,
  label,
  value,
  anyLabel,
  options,
}: {
  id: string;
  name: string;
  label: string;
  value: string | undefined;
  anyLabel: string;
  options: { value: string; label: string }[];
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-xs font-semibold">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? ""} className={inputClass}>
        <option value="">{anyLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** "1 story", "1,204 stories", announced when a filter changes it; `children` adds to the sentence. */
export function ResultCount({
  total,
  one,
  many,
  className = "mt-4",
  children,
}: {
  total: number;
  one: string;
  many: string;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <p className={`${className} text-sm text-muted`} aria-live="polite">
      {total === 1 ? `1 ${one}` : `${total.toLocaleString("en-US")} ${many}`}
      {children}
    </p>
  );
}

export type Column = { label: string; align?: "right" };

/**
 * The list's table, or `empty` when there are no rows. `caption` names the table for screen readers
 * and says its order; the rows are the page's own.
 */
export function ListTable({
  caption,
  columns,
  rowCount,
  empty,
  className = "",
  children,
}: {
  caption?: string;
  columns: Column[];
  rowCount: number;
  empty?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  if (rowCount === 0 && empty !== undefined) return <p className={`${className} text-muted`}>{empty}</p>;
  return (
    <table className={`${className} w-full text-left text-sm`}>
      {caption ? <caption className="sr-only">{caption}</caption> : null}
      <thead className="border-b border-rule">
        <tr>
          {columns.map((column, index) => (
            <th key={column.label} scope="col" className={`${index === 0 ? "py-2 " : ""}pr-4${column.align === "right" ? " text-right" : ""}`}>
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** The address of one page of a filtered list: the filters in force, then the page. */
export function pageHref(path: string, filters: Record<string, string | undefined>): (page: number) => string {
  return (page) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
    params.set("page", String(page));
    return `${path}?${params}`;
  };
}

/** "Page 2 of 7" between links to the pages either side; nothing when everything fits on one. */
export function Pager({
  page,
  pageCount,
  href,
  previous,
  next,
}: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
  previous: string;
  next: string;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label="Pages" className="mt-6 flex gap-4 text-sm">
      {page > 1 ? <Link href={href(page - 1)}>{previous}</Link> : null}
      <span>
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? <Link href={href(page + 1)}>{next}</Link> : null}
    </nav>
  );
}
