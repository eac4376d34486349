import type { Metadata } from "next";
import { publicPageMetadata } from "@/lib/site/page-metadata";
import { notFound, permanentRedirect } from "next/navigation";
import { listPublishedVersions, versionChanges, type PublicVersion, type VersionChanges } from "@/lib/history/queries";
import { getRedirectTarget } from "@/lib/stories/public";
import { getSiteSettings } from "@/lib/settings/site";
import { formatApDateTime } from "@/lib/time/ap-style";
import { kindPrefix } from "@/lib/updates/kinds";
import { WordDiff } from "@/components/ui/word-diff";

// Like the story page: rendered on first request, then served from Next's cache until the story's
// tag expires (every public change to the story and every takedown expire it).
export const dynamicParams = true;
export const revalidate = false;

export function generateStaticParams(): { slug: string }[] {
  return [];
}

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const [history, { siteName }] = await Promise.all([listPublishedVersions(slug), getSiteSettings()]);
  if (!history) return { title: `Page not found · ${siteName}` };
  return publicPageMetadata({
    siteName,
    title: `History of ${history.headline}`,
    description: `Every version of “${history.headline}” that readers saw, with what changed and a hash chain anyone can check.`,
    path: `/stories/${history.slug}/history`,
  });
}

export default async function StoryHistoryPage({ params }: Props) {
  const { slug } = await params;
  const [history, { timeZone }] = await Promise.all([listPublishedVersions(slug), getSiteSettings()]);
  if (!history) {
    const target = await getRedirectTarget(slug);
    if (target) permanentRedirect(`/stories/${target}/history`);
    notFound();
  }
  const { versions } = history;

  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8">
      <p className="mb-4 text-sm">
        <a href={`/stories/${history.slug}`} className="font-semibold underline underline-offset-4">
          Back to the story
        </a>
      </p>
      <h1 className="font-serif text-3xl font-bold">History of {history.headline}</h1>

      <section aria-labelledby="verify-heading" className="mt-6 space-y-2 border-y border-rule py-4 text-sm">
        <h2 id="verify-heading" className="font-semibold">
          How to check this history
        </h2>
        <p>
          Every version readers saw is listed here, oldest first, with a digest: the SHA-256 hash of the digest of the version before it and the version&apos;s
          canonical content (its headline, dek, body, bylines, credit line, section, tags and related headlines, written as JSON with sorted keys). Precisely,
          each digest is the hexadecimal SHA-256 of the text &ldquo;newsroom-version-v1&rdquo;, a line break, the previous digest (nothing for the first
          version), a line break, and the canonical content. Because each digest covers the one before, no earlier version can be changed, removed or reordered
          without changing every digest after it.
        </p>
        <p>
          Save this page, or note its latest digest: anyone can later compare it with this page to prove whether the history was rewritten. The{" "}
          <a href={`/stories/${history.slug}/history/verify.json`} className="underline underline-offset-4">
            chain as data
          </a>{" "}
          has every digest and canonical content, so that anyone can recompute them. A version removed for legal reasons keeps its digest and its place, with
          the reason shown instead of its content.
        </p>
      </section>

      {versions.length === 0 ? (
        <p className="mt-8 text-muted">No versions have been recorded for this story yet.</p>
      ) : (
        <ol className="mt-8 space-y-10">
          {versions.map((version, index) => (
            <VersionItem key={version.sequence} version={version} changes={versionChanges(versions[index - 1], version)} timeZone={timeZone} />
          ))}
        </ol>
      )}
    </main>
  );
}

function VersionItem({ version, changes, timeZone }: { version: PublicVersion; changes: VersionChanges; timeZone: string }) {
  const headingId = `version-${version.sequence}`;
  return (
    <li className="space-y-3 border-b border-rule pb-8">
      <h2 id={headingId} className="font-serif text-xl font-bold">
        Version {version.sequence}
      </h2>
      {version.originallyPublishedAt ? (
        <p className="text-sm">
          Originally published <time dateTime={version.originallyPublishedAt}>{formatApDateTime(new Date(version.originallyPublishedAt), timeZone)}</time>;
          first online <time dateTime={version.publishedAt}>{formatApDateTime(new Date(version.publishedAt), timeZone)}</time>
        </p>
      ) : (
        <p className="text-sm">
          Published <time dateTime={version.publishedAt}>{formatApDateTime(new Date(version.publishedAt), timeZone)}</time>
        </p>
      )}
      {version.entry ? (
        <p className="text-sm">
          {version.entry.withdrawn ? (
            <>
              <del className="line-through">
                <span className="sr-only">withdrawn: </span>
                {kindPrefix(version.entry.kind)}
                {version.entry.note}
              </del>{" "}
              (Withdrawn: {version.entry.withdrawn.reason})
            </>
          ) : (
            <>
              {kindPrefix(version.entry.kind)}
              {version.entry.note}
            </>
          )}
        </p>
      ) : null}
      <dl className="space-y-1 text-xs">
        <div>
          <dt className="inline font-semibold">Digest: </dt>
          <dd className="inline">
            <code className="break-all">{version.digest}</code>
          </dd>
        </div>
        <div>
          <dt className="inline font-semibold">Previous digest: </dt>
          <dd className="inline">{version.previousDigest ? <code className="break-all">{version.previousDigest}</code> : "none (first version)"}</dd>
        </div>
      </dl>
      <Changes changes={changes} sequence={version.sequence} />
    </li>
  );
}

function Changes({ changes, sequence }: { changes: VersionChanges; sequence: number }) {
  if (changes.kind === "taken-down") {
    return <p className="border-l-4 border-rule pl-3 font-semibold">This version was removed: {changes.reason}</p>;
  }
  if (changes.kind === "first") return <p className="text-sm text-muted">The first published version.</p>;
  const headingId = `changes-${sequence}`;
  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <h3 id={headingId} className="font-semibold">
        Changes from the version before
      </h3>
      {changes.kind === "previous-taken-down" ? (
        <p className="text-sm text-muted">The version before was removed, so the changes from it cannot be shown.</p>
      ) : changes.fields.some((f) => f.changed) ? (
        changes.fields
          .filter((f) => f.changed)
          .map((field) => (
            <div key={field.label} className="space-y-1">
              <h4 className="text-sm font-semibold">{field.label}</h4>
              <WordDiff segments={field.segments} />
            </div>
          ))
      ) : (
        <p className="text-sm text-muted">No changes to the text.</p>
      )}
    </section>
  );
}
