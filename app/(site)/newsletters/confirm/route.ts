import { handleErrors } from "@/lib/http/json-route";
import { confirmSubscription } from "@/lib/newsletters/subscribe";

// The confirmation email's link: a signed, expiring token that activates the reader's subscriptions.
export const dynamic = "force-dynamic";

export const GET = handleErrors("newsletters/confirm", async (request: Request): Promise<Response> => {
  const token = new URL(request.url).searchParams.get("token");
  const confirmed = await confirmSubscription(token);
  return new Response(null, {
    status: 303,
    headers: { Location: confirmed ? "/newsletters/confirmed" : "/newsletters/link-expired", "Cache-Control": "no-store" },
  });
});
