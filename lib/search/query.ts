// What a reader typed into the search box, turned into a PostgreSQL tsquery. Pure (no database), so
// that every hostile input can be tested quickly.
//
// The tsquery text is built here from words that contain only letters, digits and combining marks,
// each wrapped in single quotes, joined with operators chosen here: nothing the reader typed can act
// as tsquery syntax, and the text reaches SQL only as a bound parameter (lib/search/search.ts).
// What readers may write, as on the big search engines:
//   storm bridge        both words (stemmed: "closed" finds "closing")
//   "city council"      the words next to each other, in order
//   -traffic            without the word
//   storm or flood      either
//   bridg*              words that start with "bridg"; the last word is always a prefix, so a
//                       half-typed word still finds something

/** The text search configuration; the migration's trigger builds the stored vectors with the same one. */
export const SEARCH_CONFIG = "english";
/** Longer queries are cut here (and the page says so): no one types more, and it bounds the work. */
export const MAX_QUERY_LENGTH = 200;
/** At most this many words count; the rest are ignored (and the page says so). */
export const MAX_TERMS = 12;
/** A prefix shorter than this matches too much of the archive to mean anything. */
const MIN_PREFIX_LENGTH = 3;

export type ParsedQuery = {
  /** The query as it will be shown back to the reader (cleaned and cut to length). */
  text: string;
  /** The tsquery source for to_tsquery, or null when there is nothing to search for. */
  tsquery: string | null;
  /** Why there is nothing to search for: nothing typed, or too little (one letter, only "-word"). */
  problem: "empty" | "too-short" | "only-exclusions" | null;
  /** The query was longer than MAX_QUERY_LENGTH or had more than MAX_TERMS words. */
  truncated: boolean;
};

type Term = { pieces: string[]; phrase: boolean; negated: boolean; prefix: boolean };

// Control characters (NUL included), lone surrogates (the u flag keeps real pairs, such as emoji,
// whole), private-use characters (the snippet markers use two of them) and non-characters: none of
// them is ever part of a word.
// eslint-disable-next-line no-control-regex -- control characters are what this pattern removes
const UNWANTED = /[\u0000-\u001F\u007F-\u009F\uD800-\uDFFF\uE000-\uF8FF\uFDD0-\uFDEF\uFFFE\uFFFF]/gu;
const WORD_PIECE = /[\p{L}\p{N}\p{M}]+/gu;

/** Cleans what was typed: Unicode-normalized, no invisible characters, single spaces. */
export function cleanQueryText(raw: unknown): { text: string; truncated: boolean } {
  const value = typeof raw === "string" ? raw : Array.isArray(raw) && typeof raw[0] === "string" ? raw[0] : "";
  // Normalize a bounded slice only: a megabyte of input costs no more than a long query.
  const text = value
    .slice(0, MAX_QUERY_LENGTH * 4)
    .normalize("NFKC")
    .replace(UNWANTED, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (text.length <= MAX_QUERY_LENGTH) return { text, truncated: value.length > MAX_QUERY_LENGTH * 4 };
  // Cut at a word boundary where there is one, and never through a surrogate pair.
  let cut = text.slice(0, MAX_QUERY_LENGTH);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const lastSpace = cut.lastIndexOf(" ");
  return { text: (lastSpace > MAX_QUERY_LENGTH / 2 ? cut.slice(0, lastSpace) : cut).trim(), truncated: true };
}

function piecesOf(word: string): string[] {
  return (word.match(WORD_PIECE) ?? []).map((piece) => piece.toLowerCase());
}

/** Splits the query into quoted phrases and words; an unclosed quote runs to the end. */
function termsOf(text: string): (Term | "or")[] {
  const out: (Term | "or")[] = [];
  const pattern = /(-?)"([^"]*)"?|(\S+)/g;
  for (const match of text.matchAll(pattern)) {
    if (match[3] !== undefined) {
      const raw = match[3];
      if (/^or$/i.test(raw)) {
        out.push("or");
        continue;
      }
      const negated = raw.startsWith("-") && raw.length > 1;
      const pieces = piecesOf(raw);
      // A word with inner punctuation ("Marsh-Okafor", "O'Brien", "9/11") is a phrase of its parts.
      if (pieces.length) out.push({ pieces, phrase: pieces.length > 1, negated, prefix: raw.endsWith("*") });
    } else {
      const pieces = piecesOf(match[2]);
      if (pieces.length) out.push({ pieces, phrase: true, negated: match[1] === "-", prefix: false });
    }
  }
  return out;
}

const quoted = (piece: string) => `'${piece.replace(/'/g, "''")}'`;

function termQuery(term: Term): string {
  const last = term.pieces.length - 1;
  const parts = term.pieces.map((piece, i) => (term.prefix && i === last && piece.length >= MIN_PREFIX_LENGTH ? `${quoted(piece)}:*` : quoted(piece)));
  const joined = parts.length > 1 ? `(${parts.join(" <-> ")})` : parts[0];
  return term.negated ? `!${joined}` : joined;
}

/** Reads a search box query into a tsquery, or says why there is nothing to search for. */
export function parseSearchQuery(raw: unknown): ParsedQuery {
  const { text, truncated: cut } = cleanQueryText(raw);
  if (!text) return { text, tsquery: null, problem: "empty", truncated: cut };

  const all = termsOf(text);
  let terms = all.filter((t): t is Term => t !== "or");
  const truncated = cut || terms.length > MAX_TERMS;
  terms = terms.slice(0, MAX_TERMS);
  const letters = terms.reduce((sum, t) => sum + t.pieces.join("").length, 0);
  if (letters < 2) return { text, tsquery: null, problem: terms.length ? "too-short" : "empty", truncated };
  if (terms.every((t) => t.negated)) return { text, tsquery: null, problem: "only-exclusions", truncated };

  // The last plain word is a prefix: the reader may not have finished typing it.
  const lastPlain = [...terms].reverse().find((t) => !t.negated && !t.phrase);
  if (lastPlain && lastPlain === terms.at(-1)) lastPlain.prefix = true;

  // Groups of words joined by "or"; within a group every word must match. "a b or c" is (a & b) | c.
  const kept = new Set(terms);
  const groups: Term[][] = [[]];
  for (const item of all) {
    if (item === "or") {
      if (groups.at(-1)!.length) groups.push([]);
    } else if (kept.has(item)) groups.at(-1)!.push(item);
  }
  const clauses = groups
    .filter((group) => group.some((t) => !t.negated)) // a group of exclusions alone would match almost everything
    .map((group) => group.map(termQuery).join(" & "));
  if (clauses.length === 0) return { text, tsquery: null, problem: "only-exclusions", truncated };
  const tsquery = clauses.length === 1 ? clauses[0] : clauses.map((c) => `(${c})`).join(" | ");
  return { text, tsquery, problem: null, truncated };
}
