import { getActor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { handleErrors } from "@/lib/http/json-route";
import { wxrDownload } from "@/lib/export/download";

// The admin download of the whole archive as WXR, streamed (see lib/export/download.ts).
export const GET = handleErrors("WXR export", async () => {
  const actor = await getActor();
  if (!actor || !can(actor, "archive.export")) return new Response("Only admins can export the archive.", { status: actor ? 403 : 401 });
  return new Response(await wxrDownload(actor), {
    headers: { "Content-Type": "application/xml; charset=utf-8", "Content-Disposition": 'attachment; filename="archive.wxr.xml"', "Cache-Control": "no-store" },
  });
});
