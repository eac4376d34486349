import { getActor } from "@/lib/auth/actor";
import { fieldErrorsOf } from "@/lib/actions";
import { ExpectedError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { handleErrors } from "@/lib/http/json-route";
import { attachUploadsArchive, importSettingsSchema, startImportRun } from "@/lib/import/runs";

// The import screen's uploads: each file is the request body (streamed to disk, never held in memory,
// which a server action's form data would be), the settings are in the query. The export comes first
// and makes the run; with `uploadsFileName` set the run waits, and the zipped uploads folder follows
// as `?kind=uploads&run=ID`, which queues it. Answers JSON: { ok: true, runId } or
// { ok: false, message, fieldErrors }.

const NO_STORE = { "Cache-Control": "no-store" };

export const POST = handleErrors("import upload", async (request: Request) => {
  const actor = await getActor();
  if (!actor) return Response.json({ ok: false, message: "Your session has ended. Sign in again." }, { status: 401, headers: NO_STORE });
  const query = new URL(request.url).searchParams;
  const kind = query.get("kind") ?? "export";
  if (kind !== "export" && kind !== "uploads")
    return Response.json(
      { ok: false, message: "Send the WordPress export (kind=export) or the uploads folder (kind=uploads)." },
      { status: 400, headers: NO_STORE },
    );
  try {
    if (kind === "uploads") {
      const { runId } = await attachUploadsArchive(actor, query.get("run") ?? "", request.body);
      return Response.json({ ok: true, runId }, { headers: NO_STORE });
    }
    const parsed = importSettingsSchema.safeParse({
      fileName: query.get("fileName") ?? "",
      uploadsFileName: query.get("uploadsFileName") ?? "",
      dryRun: query.get("dryRun") ?? "",
      pages: query.get("pages") ?? "",
      authors: query.get("authors") ?? "",
    });
    if (!parsed.success) {
      return Response.json({ ok: false, message: "Some fields need attention.", fieldErrors: fieldErrorsOf(parsed.error) }, { status: 400, headers: NO_STORE });
    }
    const { runId } = await startImportRun(actor, parsed.data, request.body);
    return Response.json({ ok: true, runId }, { headers: NO_STORE });
  } catch (error) {
    if (error instanceof ForbiddenError) return Response.json({ ok: false, message: error.message }, { status: 403, headers: NO_STORE });
    if (error instanceof NotFoundError) return Response.json({ ok: false, message: error.message }, { status: 404, headers: NO_STORE });
    if (error instanceof ExpectedError)
      return Response.json({ ok: false, message: error.message, fieldErrors: error.fieldErrors }, { status: 400, headers: NO_STORE });
    throw error;
  }
});
