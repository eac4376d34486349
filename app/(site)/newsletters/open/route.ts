import { handleErrors } from "@/lib/http/json-route";
import { readMailSettings } from "@/lib/newsletters/settings";
import { recordOpen } from "@/lib/newsletters/subscribe";

// The open-counting image, in emails only while the "count opens" setting is on. Turned off, it
// still answers (old emails keep their image) but records nothing.
export const dynamic = "force-dynamic";

const PIXEL = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

export const GET = handleErrors("newsletters/open", async (request: Request): Promise<Response> => {
  if ((await readMailSettings()).countOpens) await recordOpen(new URL(request.url).searchParams.get("token"));
  return new Response(PIXEL, { headers: { "Content-Type": "image/gif", "Cache-Control": "no-store, private" } });
});
