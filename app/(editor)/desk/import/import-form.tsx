"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import type { FieldErrors } from "@/lib/errors";

const UNREACHABLE = "The newsroom could not be reached, so nothing was uploaded. Your choices are still here; try again in a moment.";

/** Uploads the export (the file itself is the request body, streamed) and opens the run's progress. */
export function ImportForm() {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(false);
  const [pages, setPages] = useState(true);
  const [authors, setAuthors] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setError(null);
    if (!file) {
      setErrors({ fileName: ["Choose the WordPress export file (.xml)."] });
      return;
    }
    setPending(true);
    try {
      const query = new URLSearchParams({ fileName: file.name, dryRun: dryRun ? "on" : "", pages: pages ? "on" : "", authors });
      const response = await fetch(`/desk/import/upload?${query}`, { method: "POST", body: file, headers: { "Content-Type": "application/xml" } });
      const result = (await response.json().catch(() => null)) as { ok: boolean; runId?: string; message?: string; fieldErrors?: FieldErrors } | null;
      if (result?.ok && result.runId) {
        router.push(`/desk/import?run=${result.runId}`);
        return;
      }
      setError(result?.message ?? UNREACHABLE);
      setErrors(result?.fieldErrors ?? {});
    } catch {
      setError(UNREACHABLE);
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
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
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
            onChange={(e) => setAuthors(e.target.value)}
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
          <input type="checkbox" checked={pages} onChange={(e) => setPages(e.target.checked)} /> Import pages
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} /> Dry run (write nothing, report what would happen)
        </label>
      </div>
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? "Uploading…" : "Import"}
      </Button>
    </form>
  );
}
