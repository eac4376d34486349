import { getActor } from "@/lib/auth/actor";
import { fieldErrorsOf } from "@/lib/actions";
import { ExpectedError, ForbiddenError } from "@/lib/errors";
import { handleErrors } from "@/lib/http/json-route";
import { importSettingsSchema, startImportRun } from "@/lib/import/runs";

// The import screen's upload: the file is the request body (streamed to disk, never held in memory,
// which a server action's form data would be), the settings are in the query. Answers JSON:
// { ok: true, runId } or { ok: false, message, fieldErrors }.

const NO_STORE = { "Cache-Control": "no-store" };

export const POST = handleErrors("import upload", async (request: Request) => {
  const actor = await getActor();
  if (!actor) return Response.json({ ok: false, message: "Your session has ended. Sign in again." }, { status: 401, headers: NO_STORE });
  const query = new URL(request.url).searchParams;
  const parsed = importSettingsSchema.safeParse({
    fileName: query.get("fileName") ?? "",
    dryRun: query.get("dryRun") ?? "",
    pages: query.get("pages") ?? "",
    authors: query.get("authors") ?? "",
  });
  if (!parsed.success) {
    return Response.json({ ok: false, message: "Some fields need attention.", fieldErrors: fieldErrorsOf(parsed.error) }, { status: 400, headers: NO_STORE });
  }
  try {
    const { runId } = await startImportRun(actor, parsed.data, request.body);
    return Response.json({ ok: true, runId }, { headers: NO_STORE });
  } catch (error) {
    if (error instanceof ForbiddenError) return Response.json({ ok: false, message: error.message }, { status: 403, headers: NO_STORE });
    if (error instanceof ExpectedError)
      return Response.json({ ok: false, message: error.message, fieldErrors: error.fieldErrors }, { status: 400, headers: NO_STORE });
    throw error;
  }
});
