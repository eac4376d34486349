import { getActor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { handleErrors } from "@/lib/http/json-route";
import { ninjsDownload } from "@/lib/export/download";

// The admin download of the whole archive as ninjs, streamed (see lib/export/download.ts).
export const GET = handleErrors("ninjs export", async () => {
  const actor = await getActor();
  if (!actor || !can(actor, "archive.export")) return new Response("Only admins can export the archive.", { status: actor ? 403 : 401 });
  return new Response(await ninjsDownload(actor), {
    headers: {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      "Content-Disposition": 'attachment; filename="archive.ninjs.ndjson"',
      "Cache-Control": "no-store",
    },
  });
});
