"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import type { FieldErrors } from "@/lib/errors";

const UNREACHABLE = "The newsroom could not be reached, so nothing was uploaded. Your choices are still here; try again in a moment.";
const UPLOAD_ENDPOINT = "/desk/import/upload";

type UploadAnswer = { ok: boolean; runId?: string; message?: string; fieldErrors?: FieldErrors };

/** POSTs one file as the request body; resolves with the route's JSON, or null when the newsroom could not be reached. */
function send(query: URLSearchParams, file: File, onProgress: (fraction: number) => void): Promise<UploadAnswer | null> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open("POST", `${UPLOAD_ENDPOINT}?${query}`);
    request.setRequestHeader("Content-Type", "application/octet-stream");
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onload = () => {
      try {
        const answer = JSON.parse(request.responseText) as UploadAnswer;
        if (typeof answer?.ok === "boolean") return resolve(answer);
      } catch {
        // A proxy's error page, say: not our JSON.
      }
      resolve({ ok: false, message: `The upload failed (the server answered ${request.status}). Your choices are still here; try again.` });
    };
    request.onerror = () => resolve(null);
    request.send(file);
  });
}

type Progress = { label: string; percent: number };

/**
 * Uploads the export and, when chosen, the zipped uploads folder (each file is its own request body,
 * streamed, with its progress shown), then opens the run's progress. The run starts only once both are
 * stored; when the second upload fails, sending again re-sends only that file to the run waiting for it.
 */
export function ImportForm() {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [uploads, setUploads] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(false);
  const [pages, setPages] = useState(true);
  const [authors, setAuthors] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  // The run whose export is stored and which waits for its uploads folder, for as long as nothing else changes.
  const [waitingRun, setWaitingRun] = useState<string | null>(null);
  const changed =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      setWaitingRun(null);
      set(value);
    };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setError(null);
    if (!file) {
      setErrors({ fileName: ["Choose the WordPress export file (.xml)."] });
      return;
    }
    if (uploads && !/\.zip$/i.test(uploads.name)) {
      setErrors({ uploadsFileName: ["Choose the uploads folder as a .zip file (zip wp-content/uploads)."] });
      return;
    }
    setPending(true);
    const fail = (answer: UploadAnswer | null) => {
      setError(answer?.message ?? UNREACHABLE);
      setErrors(answer?.fieldErrors ?? {});
      setProgress(null);
    };
    try {
      let runId = waitingRun;
      if (!runId) {
        const query = new URLSearchParams({
          fileName: file.name,
          uploadsFileName: uploads?.name ?? "",
          dryRun: dryRun ? "on" : "",
          pages: pages ? "on" : "",
          authors,
        });
        const label = "Uploading the export";
        setProgress({ label, percent: 0 });
        const answer = await send(query, file, (fraction) => setProgress({ label, percent: Math.round(fraction * 100) }));
        if (!answer?.ok || !answer.runId) return fail(answer);
        runId = answer.runId;
      }
      if (uploads) {
        setWaitingRun(runId);
        const label = "Uploading the uploads folder";
        setProgress({ label, percent: 0 });
        const answer = await send(new URLSearchParams({ kind: "uploads", run: runId }), uploads, (fraction) =>
          setProgress({ label, percent: Math.round(fraction * 100) }),
        );
        if (!answer?.ok) {
          // Refused for the file itself (too large, cut off): the run still waits for one. Refused otherwise: start afresh.
          if (answer && !answer.fieldErrors?.uploads) setWaitingRun(null);
          return fail(answer);
        }
      }
      router.push(`/desk/import?run=${runId}`);
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="mt-4 max-w-xl space-y-5" aria-label="Import a WordPress export">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Field
        id="import-file"
        label="WordPress export file"
        hint="The .xml file from WordPress's Tools > Export (WXR 1.0 to 1.2)."
        errors={errors.fileName ?? errors.file}
      >
        {(describedBy, invalid) => (
          <input
            id="import-file"
            type="file"
            accept=".xml,application/xml,text/xml"
            onChange={(e) => changed(setFile)(e.target.files?.[0] ?? null)}
            className={inputClass}
            aria-describedby={describedBy}
            aria-invalid={invalid}
          />
        )}
      </Field>
      <Field
        id="import-uploads"
        label="Uploads folder (.zip)"
        hint="Optional: the site's wp-content/uploads folder, zipped. Photos are taken from it; those not in it are fetched from their addresses when those answer."
        errors={errors.uploadsFileName ?? errors.uploads}
      >
        {(describedBy, invalid) => (
          <input
            id="import-uploads"
            type="file"
            accept=".zip,application/zip"
            onChange={(e) => {
              // Another zip may still go to the run waiting for one; no zip at all means a run without it.
              const next = e.target.files?.[0] ?? null;
              if (!next) setWaitingRun(null);
              setUploads(next);
            }}
            className={inputClass}
            aria-describedby={describedBy}
            aria-invalid={invalid}
          />
        )}
      </Field>
      <Field
        id="import-authors"
        label="Authors"
        hint="One per line: login=email@existing.person, login=new (an inactive person, invited later) or login=outside (the default: an outside byline with their name)."
        errors={errors.authors}
      >
        {(describedBy, invalid) => (
          <textarea
            id="import-authors"
            value={authors}
            onChange={(e) => changed(setAuthors)(e.target.value)}
            rows={3}
            maxLength={20000}
            className={inputClass}
            aria-describedby={describedBy}
            aria-invalid={invalid}
          />
        )}
      </Field>
      <div className="flex flex-wrap gap-6 text-sm">
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={pages} onChange={(e) => changed(setPages)(e.target.checked)} /> Import pages
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={dryRun} onChange={(e) => changed(setDryRun)(e.target.checked)} /> Dry run (write nothing, report what would happen)
        </label>
      </div>
      {progress ? (
        <div className="space-y-1">
          <label htmlFor="import-upload-progress" className="block text-sm font-semibold">
            Upload progress
          </label>
          <progress id="import-upload-progress" max={100} value={progress.percent} className="w-full" />
          <p role="status" className="text-sm">
            {progress.label}… {progress.percent}%
          </p>
        </div>
      ) : null}
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? "Uploading…" : "Import"}
      </Button>
    </form>
  );
}
