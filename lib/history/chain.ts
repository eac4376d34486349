import { createHash } from "node:crypto";

// The public change history of a story is a hash chain that anyone can recompute. Pure: no database,
// so the pages, the JSON export and the tests share one definition of the canonical form.
//
// Canonical content (format v1) is the JSON text of this object, keys sorted, no whitespace:
//
//   { "body":       the story body as stored (ProseMirror-style JSON document),
//     "bylines":    [{ "name": displayed name, "title": displayed title or "" }, ...] in byline order,
//     "creditLine": string ("" when none),
//     "dek":        string ("" when none),
//     "headline":   string,
//     "related":    [headline of each related story readers see, in order],
//     "section":    section name, or null,
//     "tags":       [tag name, ...] in the story's order,
//     "images":     [{ "id": media id, "role": "lead" or "inline", "alt": alt text readers got ("" when
//                     decorative), "caption": string, "credit": string }, ...] lead first, then the
//                     body's photos in order; left out when the version shows no photo, so a version
//                     from before photos (or without any) hashes exactly as it always did }
//
// Serialization: objects have their keys sorted by UTF-16 code unit (JavaScript's default sort; all
// keys are ASCII), at every depth; arrays keep their order; strings and numbers are written as
// JSON.stringify writes them; no spaces or newlines between tokens; object members whose value is
// undefined are left out. The text is hashed as UTF-8.
//
// Digest: hex SHA-256 of  "newsroom-version-v1\n" + (previous digest, or "" for the first version)
// + "\n" + canonical content.

export const CHAIN_FORMAT = "newsroom-version-v1";

export type VersionContent = {
  headline: string;
  dek: string;
  body: unknown;
  bylines: { name: string; title: string }[];
  creditLine: string;
  section: string | null;
  tags: string[];
  related: string[];
  images?: VersionImage[];
};

export type VersionImage = { id: string; role: "lead" | "inline"; alt: string; caption: string; credit: string };

/** JSON with sorted keys at every depth and no whitespace: equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError("Canonical JSON has no representation for a non-finite number.");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? "null" : canonicalJson(item))).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  throw new TypeError(`Canonical JSON cannot represent a ${typeof value}.`);
}

/** The canonical text of what readers saw in one version: only the fields listed above, nothing else. */
export function canonicalContent(content: VersionContent): string {
  return canonicalJson({
    body: content.body,
    bylines: content.bylines.map((b) => ({ name: b.name, title: b.title })),
    creditLine: content.creditLine,
    dek: content.dek,
    headline: content.headline,
    related: content.related,
    section: content.section,
    tags: content.tags,
    images: content.images?.length ? content.images.map((i) => ({ id: i.id, role: i.role, alt: i.alt, caption: i.caption, credit: i.credit })) : undefined,
  });
}

const HEX_DIGEST = /^[0-9a-f]{64}$/;

export function versionDigest(previousDigest: string | null, canonical: string): string {
  return createHash("sha256")
    .update(`${CHAIN_FORMAT}\n${previousDigest ?? ""}\n${canonical}`, "utf8")
    .digest("hex");
}

export type ChainLink = {
  sequence: number;
  digest: string;
  previousDigest: string | null;
  /** The canonical content, or null when it was withheld by a takedown. */
  content: string | null;
  takenDown: boolean;
};

export type ChainVerdict = { ok: true } | { ok: false; brokenAt: number; reason: string };

/**
 * Checks a story's versions, in the order given, as a chain: sequences run 1, 2, 3 … with none
 * missing; each version names the digest before it (the first names none); and each digest is the
 * hash of that previous digest and the version's content. A taken-down version's content is
 * withheld, so its digest is trusted as recorded; the next version's link still pins it, so a
 * rewritten tombstone breaks the chain one version later. `brokenAt` is the sequence number at
 * which the chain stops verifying (the position where a missing or misplaced version was expected).
 */
export function verifyChain(versions: ChainLink[]): ChainVerdict {
  let previous: string | null = null;
  for (const [index, version] of versions.entries()) {
    const expected = index + 1;
    const broken = (reason: string): ChainVerdict => ({ ok: false, brokenAt: expected, reason });
    if (version.sequence !== expected) {
      return broken(`Version ${expected} is missing or out of place: version ${version.sequence} is where it should be.`);
    }
    if (!HEX_DIGEST.test(version.digest)) return broken(`Version ${expected} has a malformed digest.`);
    if (version.previousDigest !== previous) {
      return broken(
        previous === null
          ? `Version ${expected} is the first but names a previous digest.`
          : `Version ${expected} does not name the digest of version ${expected - 1} as its previous digest.`,
      );
    }
    if (version.content === null) {
      if (!version.takenDown) return broken(`Version ${expected} has no content but was not taken down.`);
    } else if (versionDigest(previous, version.content) !== version.digest) {
      return broken(`Version ${expected}'s digest does not match its content and the previous digest.`);
    }
    previous = version.digest;
  }
  return { ok: true };
}
