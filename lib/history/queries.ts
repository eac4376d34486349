import "server-only";
import { unstable_cache } from "next/cache";
import { z } from "zod";
import { db } from "@/lib/db";
import { cacheTags } from "@/lib/cache/tags";
import { bodyToText, readBody } from "@/lib/body/story-body";
import { isSlugShaped } from "@/lib/slugs";
import { diffText, type DiffSegment } from "@/lib/revisions/diff";
import { canonicalJson, type VersionContent } from "@/lib/history/chain";
import { publiclyVisible } from "@/lib/stories/visibility";
import type { UpdateKind } from "@/lib/generated/prisma/enums";

// A published story's public change history: every version readers saw, with its place in the hash
// chain. Like lib/stories/public.ts, only stories readers may see are read, and results are cached under
// the story's own tag, which every public change to the story (and every takedown) expires.
// Cached values are serialized, so times travel as ISO strings.

export type PublicVersion = {
  sequence: number;
  publishedAt: string;
  digest: string;
  previousDigest: string | null;
  /** The update-log entry that went with this version, if any. */
  entry: { kind: UpdateKind; note: string; occurredAt: string; withdrawn: { at: string; reason: string } | null } | null;
  takenDown: { at: string; reason: string } | null;
  /** On the first version of an archive story: when it was originally published, before it went online at `publishedAt`. */
  originallyPublishedAt: string | null;
  /** The canonical content that was hashed (lib/history/chain.ts), or null when it was taken down. */
  content: string | null;
};

export type PublicHistory = { slug: string; headline: string; versions: PublicVersion[] };

/** The published story's versions, oldest first; null for an unknown or unpublished story. */
export async function findPublishedVersions(slug: string): Promise<PublicHistory | null> {
  if (!isSlugShaped(slug)) return null;
  const story = await db().story.findFirst({
    where: await publiclyVisible({ slug }),
    select: {
      slug: true,
      headline: true,
      publishedVersions: {
        orderBy: { sequence: "asc" },
        select: {
          sequence: true,
          publishedAt: true,
          digest: true,
          previousDigest: true,
          snapshot: true,
          takenDownAt: true,
          takedownReason: true,
          originallyPublishedAt: true,
          update: { select: { kind: true, note: true, occurredAt: true, withdrawnAt: true, withdrawnReason: true } },
        },
      },
    },
  });
  if (!story) return null;
  return {
    slug: story.slug,
    headline: story.headline,
    versions: story.publishedVersions.map((v) => ({
      sequence: v.sequence,
      publishedAt: v.publishedAt.toISOString(),
      digest: v.digest,
      previousDigest: v.previousDigest,
      entry: v.update
        ? {
            kind: v.update.kind,
            note: v.update.note,
            occurredAt: v.update.occurredAt.toISOString(),
            withdrawn: v.update.withdrawnAt ? { at: v.update.withdrawnAt.toISOString(), reason: v.update.withdrawnReason ?? "" } : null,
          }
        : null,
      takenDown: v.takenDownAt ? { at: v.takenDownAt.toISOString(), reason: v.takedownReason ?? "" } : null,
      originallyPublishedAt: v.originallyPublishedAt?.toISOString() ?? null,
      // Stored as the canonical text parsed back (lib/history/record.ts), so this re-serializes to it.
      content: v.snapshot === null ? null : canonicalJson(v.snapshot),
    })),
  };
}

export function listPublishedVersions(slug: string): Promise<PublicHistory | null> {
  if (!isSlugShaped(slug)) return Promise.resolve(null);
  return unstable_cache(() => findPublishedVersions(slug), ["story-history", slug], { tags: [cacheTags.story(slug)] })();
}

// ---------------------------------------------------------------------------------------------
// Word-level changes between a version and the one before, as readers compare them: text, not JSON.

export type VersionFieldDiff = { label: string; changed: boolean; segments: DiffSegment[] };

export type VersionChanges =
  { kind: "first" } | { kind: "taken-down"; reason: string } | { kind: "previous-taken-down" } | { kind: "changes"; fields: VersionFieldDiff[] };

const contentSchema = z.object({
  headline: z.string(),
  dek: z.string(),
  body: z.unknown(),
  bylines: z.array(z.object({ name: z.string(), title: z.string() })),
  creditLine: z.string(),
  section: z.string().nullable(),
  tags: z.array(z.string()),
  related: z.array(z.string()),
  images: z.array(z.object({ id: z.string(), role: z.enum(["lead", "inline"]), alt: z.string(), caption: z.string(), credit: z.string() })).optional(),
});

/** A version's photos as text readers can compare: which photo, and what it said. */
function photosText(images: VersionContent["images"]): string {
  return (images ?? [])
    .map((image) => {
      const place = image.role === "lead" ? "Lead photo" : "Photo";
      const parts = [image.caption, image.credit && `Credit: ${image.credit}`, image.alt ? `Alt text: ${image.alt}` : "Decorative or no alt text"];
      return `${place} ${image.id.slice(0, 8)}: ${parts.filter(Boolean).join(" · ")}`;
    })
    .join("\n");
}

function readableFields(canonical: string): Record<string, string> {
  const content: VersionContent = contentSchema.parse(JSON.parse(canonical));
  return {
    Headline: content.headline,
    Dek: content.dek,
    Section: content.section ?? "",
    Bylines: content.bylines.map((b) => (b.title ? `${b.name}, ${b.title}` : b.name)).join("\n"),
    Body: bodyToText(readBody(content.body)),
    "Credit line": content.creditLine,
    Tags: content.tags.join("\n"),
    "Related stories": content.related.join("\n"),
    Photos: photosText(content.images),
  };
}

/** What changed from `before` to `version`, field by field in the order readers see them. */
export function versionChanges(before: PublicVersion | undefined, version: PublicVersion): VersionChanges {
  if (version.takenDown || version.content === null) return { kind: "taken-down", reason: version.takenDown?.reason ?? "" };
  if (!before) return { kind: "first" };
  if (before.content === null) return { kind: "previous-taken-down" };
  const from = readableFields(before.content);
  const to = readableFields(version.content);
  return {
    kind: "changes",
    fields: Object.keys(to).map((label) => ({ label, changed: from[label] !== to[label], segments: diffText(from[label] ?? "", to[label]) })),
  };
}

/** The changes a version made to the one before; null for an unknown or unpublished story or version. */
export async function findVersionDiff(slug: string, sequence: number): Promise<VersionChanges | null> {
  const history = await findPublishedVersions(slug);
  const index = history?.versions.findIndex((v) => v.sequence === sequence) ?? -1;
  if (!history || index < 0) return null;
  return versionChanges(history.versions[index - 1], history.versions[index]);
}

export function getVersionDiff(slug: string, sequence: number): Promise<VersionChanges | null> {
  if (!isSlugShaped(slug)) return Promise.resolve(null);
  return unstable_cache(() => findVersionDiff(slug, sequence), ["story-history-diff", slug, String(sequence)], { tags: [cacheTags.story(slug)] })();
}
