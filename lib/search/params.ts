import { zonedTimeToUtc } from "@/lib/time/zoned";
import { parseSearchQuery, type ParsedQuery } from "@/lib/search/query";

// The search page's address (/search?q=…&section=…&from=…&to=…&page=…) read into a request.
// Pure: whatever is in the address, the result is a request the page can show, with a message for
// each part it could not use.

export const SEARCH_PAGE_SIZE = 10;
/** Deeper pages are not offered: results are ranked among the newest SEARCH_RANK_WINDOW matches (lib/search/search.ts), which fill this many pages. */
export const MAX_SEARCH_PAGE = 50;

export type SearchRequest = {
  query: ParsedQuery;
  /** A section slug; only the well-formed ones are kept (an unknown one finds nothing, and says so). */
  section: string | null;
  /** The dates as typed (YYYY-MM-DD), for the form, and the instants they mean in the newsroom zone. */
  from: string | null;
  to: string | null;
  range: { start: Date | null; end: Date | null };
  page: number;
  /** Messages about filters that could not be used. */
  notes: string[];
};

type Raw = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined): string => (typeof value === "string" ? value : Array.isArray(value) ? (value[0] ?? "") : "");

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date typed in a date field, or null when it is not a real one. */
export function readDate(value: string): { year: number; month: number; day: number } | null {
  const match = ISO_DATE.exec(value.trim());
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  return { year, month, day };
}

function startOfDay(date: { year: number; month: number; day: number }, timeZone: string): Date {
  return zonedTimeToUtc({ ...date, hour: 0, minute: 0 }, timeZone);
}

function nextDay(date: { year: number; month: number; day: number }) {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function readSearchRequest(raw: Raw, timeZone: string): SearchRequest {
  const notes: string[] = [];
  const query = parseSearchQuery(first(raw.q));

  const sectionRaw = first(raw.section).trim();
  const section = /^[a-z0-9][a-z0-9-]{0,99}$/.test(sectionRaw) ? sectionRaw : null;
  if (sectionRaw && !section) notes.push("That section is not one of ours; showing all sections.");

  const fromRaw = first(raw.from).trim();
  const toRaw = first(raw.to).trim();
  let fromDate = fromRaw ? readDate(fromRaw) : null;
  let toDate = toRaw ? readDate(toRaw) : null;
  if (fromRaw && !fromDate) notes.push(`“From” must be a date like 2016-12-13; it was ignored.`);
  if (toRaw && !toDate) notes.push(`“To” must be a date like 2016-12-13; it was ignored.`);
  let from = fromDate ? fromRaw : null;
  let to = toDate ? toRaw : null;
  if (fromDate && toDate && startOfDay(fromDate, "UTC") > startOfDay(toDate, "UTC")) {
    // Readers mean the days between them either way.
    [fromDate, toDate, from, to] = [toDate, fromDate, to, from];
    notes.push("“From” was after “To”; the dates were swapped.");
  }
  const range = {
    start: fromDate ? startOfDay(fromDate, timeZone) : null,
    // "To" is inclusive: up to the start of the next day in the newsroom's zone.
    end: toDate ? startOfDay(nextDay(toDate), timeZone) : null,
  };

  const pageRaw = first(raw.page).trim();
  let page = 1;
  if (pageRaw) {
    if (/^\d{1,6}$/.test(pageRaw) && Number(pageRaw) >= 1) page = Math.min(Number(pageRaw), MAX_SEARCH_PAGE);
    else notes.push("That page number is not one we have; showing the first page.");
  }
  return { query, section, from, to, range, page, notes };
}

/** The address of a search with some of its parts changed: for pagination links. */
export function searchHref(request: Pick<SearchRequest, "query" | "section" | "from" | "to">, page: number): string {
  const params = new URLSearchParams();
  if (request.query.text) params.set("q", request.query.text);
  if (request.section) params.set("section", request.section);
  if (request.from) params.set("from", request.from);
  if (request.to) params.set("to", request.to);
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `/search?${search}` : "/search";
}
