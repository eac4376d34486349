import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireActorOrRedirect } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { findPublishedVersions } from "@/lib/history/queries";
import { TakedownForm } from "./takedown-form";
import { getRevisionPair, getStoryForHistory, listRevisions, type RevisionListItem } from "@/lib/revisions/queries";
import { diffRevisions } from "@/lib/revisions/diff";
import { canEditStory } from "@/lib/stories/mutations";
import { getSiteSettings } from "@/lib/settings/site";
import { NotFoundError } from "@/lib/errors";
import { formatApDateTime } from "@/lib/time/ap-style";
import type { RevisionKind } from "@/lib/generated/prisma/enums";
import { RestoreRevisionButton } from "./restore-revision-button";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { WordDiff } from "@/components/ui/word-diff";

export const metadata: Metadata = { title: "History · Newsroom" };

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ from?: string | string[]; to?: string | string[] }>;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const KIND_LABELS: Record<RevisionKind, string> = {
  CREATE: "Created",
  SAVE: "Saved",
  AUTOSAVE: "Autosaved",
  PUBLISH: "Published",
  UNPUBLISH: "Unpublished",
  RESTORE: "Restored",
};

export default async function StoryHistoryPage({ params, searchParams }: Props) {
  const { id } = await params;
  const actor = await requireActorOrRedirect(`/desk/stories/${id}/history`);
  if (!UUID.test(id)) notFound();
  const [story, revisions, { timeZone }] = await Promise.all([getStoryForHistory(actor, id), listRevisions(actor, id), getSiteSettings()]).catch(
    notFoundOnMissing,
  );
  const editable = canEditStory(actor, story);
  // Uncached on purpose: the newsroom sees takedowns the moment they are made.
  const published = await findPublishedVersions(story.slug);
  const mayTakeDown = can(actor, "history.takedown");
  const describe = (revision: RevisionListItem) =>
    `${KIND_LABELS[revision.kind]} ${formatApDateTime(new Date(revision.createdAt), timeZone)}${revision.author ? ` by ${revision.author}` : ""} (version ${revision.version})`;

  // Ids from the address that are not this story's revisions fall back to the default comparison:
  // the previous revision against the newest.
  const query = await searchParams;
  const chosen = (value: string | string[] | undefined) => revisions.find((r) => r.id === value);
  const to = chosen(query.to) ?? revisions[0];
  const from = chosen(query.from) ?? revisions[1];
  const pair = from && to ? await getRevisionPair(actor, id, from.id, to.id).catch(notFoundOnMissing) : null;
  const fields = pair ? diffRevisions(pair.from, pair.to) : [];
  const changed = fields.filter((f) => f.changed);
  const unchanged = fields.filter((f) => !f.changed);

  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-8">
      <p className="mb-4 text-sm">
        <Link href={`/desk/stories/${id}`} className="font-semibold underline underline-offset-4">
          Back to the story
        </Link>
      </p>
      <h1 className="font-serif text-3xl font-bold">History</h1>
      <p className="mt-1 font-serif text-lg text-muted">{story.headline}</p>

      <div className="mt-8 grid gap-10 lg:grid-cols-[1fr_22rem]">
        <section aria-labelledby="compare-heading" className="space-y-6">
          <h2 id="compare-heading" className="font-serif text-xl font-bold">
            Compare revisions
          </h2>
          {from && to ? (
            <>
              <form method="get" action={`/desk/stories/${id}/history`} className="flex flex-wrap items-end gap-3">
                <RevisionSelect id="compare-from" name="from" label="Compare from" revisions={revisions} selected={from.id} describe={describe} />
                <RevisionSelect id="compare-to" name="to" label="Compare to" revisions={revisions} selected={to.id} describe={describe} />
                <Button type="submit" variant="primary">
                  Compare
                </Button>
              </form>
              <p className="text-sm text-muted">
                From: {describe(from)}. To: {describe(to)}.
              </p>
              {changed.length === 0 ? <p>These revisions have the same content.</p> : null}
              {changed.map((field) => (
                <section key={field.field} aria-labelledby={`field-${field.field}`} className="space-y-1 border-b border-rule pb-4">
                  <h3 id={`field-${field.field}`} className="text-sm font-semibold">
                    {field.label}
                  </h3>
                  <WordDiff segments={field.segments} />
                </section>
              ))}
              {unchanged.length ? (
                <div className="text-sm">
                  <h3 className="font-semibold">Unchanged</h3>
                  <ul className="mt-1 flex flex-wrap gap-x-4 text-muted">
                    {unchanged.map((field) => (
                      <li key={field.field}>{field.label}</li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </>
          ) : (
            <p className="text-muted">This story has only one revision so far, so there is nothing to compare yet.</p>
          )}
        </section>

        <section aria-labelledby="revisions-heading" className="space-y-4">
          <h2 id="revisions-heading" className="font-serif text-xl font-bold">
            Revisions
          </h2>
          <ol className="space-y-4 text-sm">
            {revisions.map((revision, index) => (
              <li key={revision.id} className="space-y-2 border-b border-rule pb-4">
                <p>
                  <span className="font-semibold">{KIND_LABELS[revision.kind]}</span>{" "}
                  <time dateTime={revision.createdAt}>{formatApDateTime(new Date(revision.createdAt), timeZone)}</time>
                  {revision.author ? ` by ${revision.author}` : null}
                </p>
                <p className="text-xs text-muted">
                  Version {revision.version}
                  {index === 0 ? " · current" : null}
                </p>
                {editable && index > 0 ? (
                  <RestoreRevisionButton storyId={story.id} revisionId={revision.id} baseVersion={story.version} revisionLabel={describe(revision)} />
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      </div>
      {published?.versions.length ? (
        <section aria-labelledby="published-heading" className="mt-10 space-y-4 border-t border-rule pt-6">
          <h2 id="published-heading" className="font-serif text-xl font-bold">
            Published versions
          </h2>
          <p className="text-sm text-muted">
            What readers have seen, as listed on the story&apos;s public{" "}
            <a href={`/stories/${story.slug}/history`} className="underline">
              History
            </a>{" "}
            page.
          </p>
          <ol className="space-y-3 text-sm">
            {published.versions.map((version) => (
              <li key={version.sequence} className="space-y-2 border-b border-rule pb-3">
                <p>
                  <strong>Version {version.sequence}</strong>,{" "}
                  <time dateTime={version.publishedAt}>{formatApDateTime(new Date(version.publishedAt), timeZone)}</time>
                  {version.takenDown ? ` · taken down: ${version.takenDown.reason}` : null}
                </p>
                {mayTakeDown && !version.takenDown ? <TakedownForm storyId={story.id} sequence={version.sequence} /> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </main>
  );
}

function notFoundOnMissing(error: unknown): never {
  if (error instanceof NotFoundError) notFound();
  throw error;
}

function RevisionSelect({
  id,
  name,
  label,
  revisions,
  selected,
  describe,
}: {
  id: string;
  name: string;
  label: string;
  revisions: RevisionListItem[];
  selected: string;
  describe: (revision: RevisionListItem) => string;
}) {
  return (
    <div className="min-w-64 flex-1 space-y-1">
      <label htmlFor={id} className="block text-sm font-semibold">
        {label}
      </label>
      <select id={id} name={name} defaultValue={selected} className={inputClass}>
        {revisions.map((revision) => (
          <option key={revision.id} value={revision.id}>
            {describe(revision)}
          </option>
        ))}
      </select>
    </div>
  );
}
