import { getActor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { handleErrors } from "@/lib/http/json-route";
import { recordExport, subscribersCsv } from "@/lib/newsletters/subscribers";

// Every subscriber as CSV, for admins: personal data, so the export itself is on the audit log.
export const dynamic = "force-dynamic";

export const GET = handleErrors("subscribers.csv", async (): Promise<Response> => {
  const actor = await getActor();
  if (!actor) return new Response("Sign in first.\n", { status: 401, headers: { "Cache-Control": "no-store" } });
  if (!can(actor, "newsletter.manage")) return new Response("Only admins can export subscribers.\n", { status: 403, headers: { "Cache-Control": "no-store" } });
  await recordExport(actor);
  const rows = subscribersCsv(actor);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await rows.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        console.error("[route subscribers.csv] the export stopped part-way", error);
        controller.error(error);
      }
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="subscribers-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "no-store, private",
    },
  });
});
