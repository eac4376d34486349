import type { ImportRunView } from "@/lib/import/runs";

// A run's progress and, once it ends, its report: what a web producer reads to trust the import.

function eta(run: ImportRunView): string {
  if (run.status !== "RUNNING" || run.done === 0 || run.total === 0) return "";
  const elapsed = (Date.now() - run.createdAt.getTime()) / 1000;
  const left = Math.max(0, ((run.total - run.done) * elapsed) / run.done);
  return left < 60 ? `about ${Math.ceil(left)} s left` : `about ${Math.ceil(left / 60)} min left`;
}

export function ImportRunReport({ run }: { run: ImportRunView }) {
  const report = run.report;
  return (
    <section aria-labelledby="import-run-heading" className="mt-6 space-y-4">
      <h2 id="import-run-heading" className="font-serif text-2xl font-bold">
        {run.dryRun ? "Dry run of " : "Import of "}
        {run.fileName}
      </h2>
      {run.uploadsFileName ? <p className="text-sm">With the uploads folder {run.uploadsFileName}</p> : null}
      {run.status === "UPLOADING" ? (
        <p role="status" className="text-sm">
          Waiting for the uploads folder to arrive; the import starts once it is stored.
        </p>
      ) : null}
      {run.status === "QUEUED" || run.status === "RUNNING" ? (
        <div className="space-y-1">
          <label htmlFor="import-progress" className="block text-sm font-semibold">
            Import progress
          </label>
          <progress id="import-progress" max={run.total || 1} value={run.done} className="w-full" />
          <p role="status" className="text-sm">
            {run.status === "QUEUED"
              ? "Waiting to start…"
              : run.total === 0 && run.uploadsFileName
                ? "Unpacking the uploads folder and reading the export…"
                : `${run.done} of ${run.total || "?"} items. ${eta(run)}`}
          </p>
        </div>
      ) : null}
      {run.status === "FAILED" ? (
        <p role="alert" className="rounded border-l-4 border-accent px-4 py-3 text-sm font-semibold text-accent">
          {run.failure}
        </p>
      ) : null}
      {report ? (
        <div className="space-y-4" aria-label="Import report" role="region">
          <p role="status" className="font-semibold">
            {report.dryRun ? "Nothing was written. " : ""}
            {report.stopped ? "The import stopped before the end; upload the file again to continue. " : ""}
            Stories {report.dryRun ? "that would be " : ""}created: {report.created}, updated: {report.updated}, unchanged: {report.unchanged}, skipped:{" "}
            {report.skipped}, failed: {report.failed}.
          </p>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="font-semibold">Source</dt>
            <dd>
              {report.source.title} ({report.source.site})
            </dd>
            <dt className="font-semibold">Comments not imported</dt>
            <dd>{report.commentsLeft}</dd>
            <dt className="font-semibold">New sections, tags, people</dt>
            <dd>
              {report.sectionsCreated}, {report.tagsCreated}, {report.people.created.length} (inactive until invited)
            </dd>
            {report.photosFrom ? (
              <>
                <dt className="font-semibold">Photos {report.dryRun ? "that would be " : ""}imported</dt>
                <dd>
                  {report.photosFrom.uploads} from the uploads folder, {report.photosFrom.fetched} fetched from their addresses
                </dd>
              </>
            ) : null}
            <dt className="font-semibold">Photos not imported</dt>
            <dd>{report.missingPhotoCount}</dd>
          </dl>
          {Object.keys(report.skippedBecause).length ? (
            <>
              <h3 className="font-semibold">Skipped</h3>
              <ul className="list-disc pl-6 text-sm">
                {Object.entries(report.skippedBecause).map(([reason, count]) => (
                  <li key={reason}>
                    {count}: {reason}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {Object.keys(report.placeholders).length ? (
            <>
              <h3 className="font-semibold">Placeholders left in bodies</h3>
              <ul className="list-disc pl-6 text-sm">
                {Object.entries(report.placeholders).map(([name, count]) => (
                  <li key={name}>
                    [{name}]: {count}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {report.failures.length ? (
            <>
              <h3 className="font-semibold">Failed</h3>
              <ul className="list-disc pl-6 text-sm">
                {report.failures.map((f) => (
                  <li key={`${f.sourceId}-${f.line}`}>
                    Post {f.sourceId} “{f.title}” (line {f.line}): {f.reason}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {report.missingPhotos.length ? (
            <details>
              <summary className="cursor-pointer font-semibold">Photos that could not be imported ({report.missingPhotoCount})</summary>
              <ul className="list-disc pl-6 text-sm">
                {report.missingPhotos.map((p, index) => (
                  <li key={index}>
                    “{p.title}”: {p.url || "(no address)"}: {p.reason}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          {report.warnings.length ? (
            <details>
              <summary className="cursor-pointer font-semibold">Warnings ({report.warnings.length})</summary>
              <ul className="list-disc pl-6 text-sm">
                {report.warnings.map((w) => (
                  <li key={`${w.sourceId}-${w.line}`}>
                    Post {w.sourceId} “{w.title}”: {w.messages.join(" ")}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          {report.listsCut ? <p className="text-sm">{report.listsCut} more entries are not listed.</p> : null}
        </div>
      ) : null}
    </section>
  );
}
