import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireActorOrRedirect } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { getImportRun, listImportRuns } from "@/lib/import/runs";
import { NotFoundError } from "@/lib/errors";
import { ImportForm } from "./import-form";
import { ImportRunReport } from "./import-report";
import { RefreshWhileRunning } from "./refresh-while-running";

export const metadata: Metadata = { title: "Import and export · Newsroom" };

export default async function ImportPage({ searchParams }: { searchParams: Promise<{ run?: string }> }) {
  const actor = await requireActorOrRedirect("/desk/import");
  // Refused like every admin page: a 404, which says nothing about what is there.
  if (!can(actor, "archive.import")) notFound();
  const { run: runId } = await searchParams;
  const run = runId
    ? await getImportRun(actor, runId).catch((error: unknown) => {
        if (error instanceof NotFoundError) notFound();
        throw error;
      })
    : null;
  const runs = await listImportRuns(actor);
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="font-serif text-3xl font-bold">Import and export</h1>
      {run ? (
        <>
          <RefreshWhileRunning running={run.status === "UPLOADING" || run.status === "QUEUED" || run.status === "RUNNING"} />
          <ImportRunReport run={run} />
          <p className="mt-4">
            <Link href="/desk/import" className="underline">
              Import another file
            </Link>
          </p>
        </>
      ) : (
        <section aria-labelledby="import-heading" className="mt-6">
          <h2 id="import-heading" className="font-serif text-2xl font-bold">
            Import a WordPress export
          </h2>
          <p className="mt-2 text-sm">
            Safe to run again: a second import of the same site updates what changed and creates no duplicates. Photos come from the uploads folder when you
            send it too, else they are fetched from their addresses.
          </p>
          <ImportForm />
        </section>
      )}
      <section aria-labelledby="export-heading" className="mt-10">
        <h2 id="export-heading" className="font-serif text-2xl font-bold">
          Export the archive
        </h2>
        <ul className="mt-2 list-disc pl-6">
          <li>
            <a href="/desk/export/archive.wxr" download className="underline">
              Download the archive as WXR (for WordPress)
            </a>
          </li>
          <li>
            <a href="/desk/export/archive.ndjson" download className="underline">
              Download the archive as ninjs (JSON Lines)
            </a>
          </li>
        </ul>
      </section>
      {runs.length ? (
        <section aria-labelledby="runs-heading" className="mt-10">
          <h2 id="runs-heading" className="font-serif text-2xl font-bold">
            Recent imports
          </h2>
          <ul className="mt-2 space-y-1 text-sm">
            {runs.map((r) => (
              <li key={r.id}>
                <Link href={`/desk/import?run=${r.id}`} className="underline">
                  {r.fileName}
                </Link>{" "}
                — {r.dryRun ? "dry run, " : ""}
                {r.status.toLowerCase()}
                {r.report ? `: ${r.report.created} created, ${r.report.updated} updated` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </main>
  );
}
