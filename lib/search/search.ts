import "server-only";
import { unstable_cache } from "next/cache";
import { db } from "@/lib/db";
import { cacheTags } from "@/lib/cache/tags";
import { Prisma } from "@/lib/generated/prisma/client";
import { SEARCH_CONFIG } from "@/lib/search/query";
import { PUBLICLY_VISIBLE_SQL } from "@/lib/stories/visibility";
import { MATCH_END, MATCH_START, splitHighlights, type HighlightPart } from "@/lib/search/highlight";
import { SEARCH_PAGE_SIZE, type SearchRequest } from "@/lib/search/params";
import { leadPhotosOf, type PublicPhoto } from "@/lib/media/story-photos";

// Full-text search over published stories, in PostgreSQL: the stored vector (headline A, dek and
// bylines B, body C; see the search migration) matched through its GIN index, ranked by ts_rank_cd
// over a compact vector (the same headline, dek and bylines, and the opening of the body: see the
// search_rank_vector migration) with the newer story first on a tie, and highlighted with ts_headline. Drafts, scheduled and
// unpublished stories never match: the public rule (lib/stories/visibility.ts) is part of the one query.

export type SearchHit = {
  slug: string;
  headline: HighlightPart[];
  dek: HighlightPart[];
  /** Up to two passages of the body around the matches, or its opening when only the headline matched. */
  snippet: HighlightPart[];
  section: { slug: string; name: string } | null;
  bylines: string[];
  firstPublishedAt: string;
  /** The lead photo's 4:3 crop, or null. */
  photo: PublicPhoto | null;
};

export type SearchResults = {
  /** Matches, counted up to SEARCH_RANK_WINDOW. */
  total: number;
  /** There are at least SEARCH_RANK_WINDOW matches; the results are the best of the newest that many. */
  capped: boolean;
  hits: SearchHit[];
  /** The section filter named a section that does not exist. */
  unknownSection: boolean;
};

const EMPTY: SearchResults = { total: 0, capped: false, hits: [], unknownSection: false };

const markers = `StartSel="${MATCH_START}", StopSel="${MATCH_END}"`;
const WHOLE_FIELD = `${markers}, HighlightAll=true`;
const BODY_PASSAGES = `${markers}, MaxWords=30, MinWords=12, ShortWord=3, MaxFragments=2, FragmentDelimiter=" … "`;
const MARKER_CHARS = `${MATCH_START}${MATCH_END}`;

type Row = {
  total: number;
  section_known: boolean;
  slug: string | null;
  headline: string | null;
  dek: string | null;
  snippet: string | null;
  section_slug: string | null;
  section_name: string | null;
  bylines: string[] | null;
  first_published_at: Date | null;
  lead_media_id: string | null;
  lead_alt: string | null;
  lead_caption: string | null;
  lead_credit: string | null;
  lead_decorative: boolean | null;
};

/**
 * Relevance is ranked among the newest SEARCH_RANK_WINDOW matches. Ranking reads each candidate's
 * compact vector, kept in the row (the full one is several kilobytes, out of line: reading 500 of
 * those was most of a search's database time), but ranking every match of a common word ("council"
 * is in most local stories) would still read tens of thousands of rows at 100,000 stories; the newest
 * matches are found cheaply, through the GIN index for rarer words and the publication-time index
 * for common ones (the planner picks by the words' statistics). A newsroom's readers want recent
 * stories first among equals anyway. The count is exact up to the window, "or more" past it.
 */
export const SEARCH_RANK_WINDOW = 500;

/** One page of results for a request whose query parsed (query.tsquery is set). Uncached. */
export async function findSearchResults(request: SearchRequest, window = SEARCH_RANK_WINDOW): Promise<SearchResults> {
  const tsquery = request.query.tsquery;
  if (!tsquery) return EMPTY;
  const offset = (request.page - 1) * SEARCH_PAGE_SIZE;
  // to_tsquery stays in the WHERE clause (not a CTE) so that the planner sees the words and can
  // estimate how many stories match from the column's statistics.
  const query = Prisma.sql`to_tsquery(${SEARCH_CONFIG}::regconfig, ${tsquery})`;
  const filters = [
    request.section ? Prisma.sql`AND s."sectionId" = (SELECT "id" FROM "Section" WHERE "slug" = ${request.section})` : Prisma.empty,
    request.range.start ? Prisma.sql`AND s."firstPublishedAt" >= ${request.range.start}` : Prisma.empty,
    request.range.end ? Prisma.sql`AND s."firstPublishedAt" < ${request.range.end}` : Prisma.empty,
  ];
  // The candidates stay narrow (id and time): the newest SEARCH_RANK_WINDOW of thousands of matches
  // are sorted, and only those are looked up again for their ranking vector.
  // ts_headline re-reads a whole document and is the costly part per row: only the page shown gets it.
  const rows = await db().$queryRaw<Row[]>`
    WITH candidates AS (
      SELECT s."id", s."firstPublishedAt"
      FROM "Story" s
      WHERE s."searchVector" @@ ${query}
        AND ${Prisma.raw(PUBLICLY_VISIBLE_SQL)}
        ${filters[0]} ${filters[1]} ${filters[2]}
      ORDER BY s."firstPublishedAt" DESC, s."id" DESC
      LIMIT ${window}
    ),
    counted AS (SELECT count(*)::int AS total FROM candidates),
    top AS (
      SELECT c."id", ts_rank_cd(r."searchRankVector", ${query}) AS rank, c."firstPublishedAt"
      FROM candidates c JOIN "Story" r ON r."id" = c."id"
      ORDER BY rank DESC, c."firstPublishedAt" DESC, c."id" DESC
      LIMIT ${SEARCH_PAGE_SIZE} OFFSET ${offset}
    )
    SELECT counted.total,
      ${request.section ? Prisma.sql`EXISTS (SELECT 1 FROM "Section" WHERE "slug" = ${request.section})` : Prisma.sql`true`} AS section_known,
      s."slug",
      ts_headline(${SEARCH_CONFIG}::regconfig, translate(s."headline", ${MARKER_CHARS}, ''), ${query}, ${WHOLE_FIELD}) AS headline,
      ts_headline(${SEARCH_CONFIG}::regconfig, translate(s."dek", ${MARKER_CHARS}, ''), ${query}, ${WHOLE_FIELD}) AS dek,
      ts_headline(${SEARCH_CONFIG}::regconfig, translate(story_search_body_text(s."body"), ${MARKER_CHARS}, ''), ${query}, ${BODY_PASSAGES}) AS snippet,
      sec."slug" AS section_slug, sec."name" AS section_name,
      ARRAY(
        SELECT coalesce(u."name", b."name", '') FROM "Byline" b LEFT JOIN "User" u ON u."id" = b."userId"
        WHERE b."storyId" = s."id" ORDER BY b."position"
      ) AS bylines,
      s."firstPublishedAt" AS first_published_at,
      s."leadMediaId" AS lead_media_id, s."leadAlt" AS lead_alt, s."leadCaption" AS lead_caption,
      s."leadCredit" AS lead_credit, s."leadDecorative" AS lead_decorative
    FROM counted
    LEFT JOIN top ON true
    LEFT JOIN "Story" s ON s."id" = top."id"
    LEFT JOIN "Section" sec ON sec."id" = s."sectionId"
    ORDER BY top.rank DESC, top."firstPublishedAt" DESC, top."id" DESC`;

  const total = rows[0]?.total ?? 0;
  const found = rows.filter((row) => row.slug !== null);
  const photos = await leadPhotosOf(
    db(),
    found.map((row) => ({
      leadMediaId: row.lead_media_id,
      leadAlt: row.lead_alt ?? "",
      leadCaption: row.lead_caption ?? "",
      leadCredit: row.lead_credit ?? "",
      leadDecorative: row.lead_decorative ?? false,
    })),
    ["4x3"],
  );
  return {
    total,
    capped: total >= window,
    unknownSection: rows[0] ? !rows[0].section_known : false,
    hits: found.map((row, index) => ({
      slug: row.slug!,
      headline: splitHighlights(row.headline ?? ""),
      dek: splitHighlights(row.dek ?? ""),
      snippet: splitHighlights(row.snippet ?? ""),
      section: row.section_slug ? { slug: row.section_slug, name: row.section_name ?? "" } : null,
      bylines: (row.bylines ?? []).filter(Boolean),
      firstPublishedAt: (row.first_published_at as Date).toISOString(),
      photo: photos[index],
    })),
  };
}

/**
 * The results behind the search page. On one server they are not kept in Next's data cache: that
 * cache writes every entry to disk, each new query string would be a new file (a way to fill the
 * disk), and each write empties the server's copy of finished pages. The server keeps finished
 * search pages instead, in memory and within a byte budget (server/server-page-cache.ts), emptied
 * by every write readers can see. With a cache shared by several servers (REDIS_URL) there is no
 * such copy, so the results are cached there per request (the parsed query, the filters and the
 * page), tagged cacheTags.search, which every publish, edit and unpublish expires
 * (lib/stories/public-tags.ts).
 */
export function getSearchResults(request: SearchRequest): Promise<SearchResults> {
  if (!request.query.tsquery) return Promise.resolve(EMPTY);
  if (!process.env.REDIS_URL) return findSearchResults(request);
  const key = JSON.stringify([
    request.query.tsquery,
    request.section,
    request.range.start?.toISOString() ?? null,
    request.range.end?.toISOString() ?? null,
    request.page,
  ]);
  return unstable_cache(() => findSearchResults(request), ["search-results", key], { tags: [cacheTags.search] })();
}

export type SearchSection = { slug: string; name: string };

/** Sections for the search form's filter, cached with the other section listings. */
export const getSearchSections = unstable_cache(
  async (): Promise<SearchSection[]> =>
    db().section.findMany({ orderBy: [{ position: "asc" }, { name: "asc" }, { id: "asc" }], select: { slug: true, name: true } }),
  ["search-sections"],
  { tags: [cacheTags.search, cacheTags.frontPage] },
);
