import { handleErrors } from "@/lib/http/json-route";
import { confirmSubscription } from "@/lib/newsletters/subscribe";

// The confirmation page's button: the signed, expiring token (from the email's link) travels in the
// form, and confirming activates the reader's subscriptions. Only a POST confirms.
export const dynamic = "force-dynamic";

export const POST = handleErrors("newsletters/confirm/accept", async (request: Request): Promise<Response> => {
  const back = (path: string) => new Response(null, { status: 303, headers: { Location: path, "Cache-Control": "no-store" } });
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return back("/newsletters/link-expired");
  }
  const confirmed = await confirmSubscription(form.get("token"));
  return back(confirmed ? "/newsletters/confirmed" : "/newsletters/link-expired");
});
