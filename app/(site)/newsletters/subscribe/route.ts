import { handleErrors } from "@/lib/http/json-route";
import { clientIp } from "@/lib/http/client-ip";
import { requestSubscription } from "@/lib/newsletters/subscribe";

// The public sign-up form's target. Always a 303 to a result page: the same "check your inbox" for
// every address, known or not (only a malformed address or no list chosen says otherwise).
export const dynamic = "force-dynamic";

const MAX_BODY = 10_000;

export const POST = handleErrors("newsletters/subscribe", async (request: Request): Promise<Response> => {
  const back = (path: string) => new Response(null, { status: 303, headers: { Location: path, "Cache-Control": "no-store" } });
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_BODY) return back("/newsletters?error=choose");
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return back("/newsletters?error=email");
  }
  const email = form.get("email");
  const outcome = await requestSubscription({ email, newsletterIds: form.getAll("newsletter"), honeypot: form.get("website"), ip: await clientIp() });
  if (outcome === "check-inbox") return back("/newsletters/check-your-inbox");
  // What was typed comes back into the form.
  const typed = typeof email === "string" ? email.slice(0, 254) : "";
  return back(`/newsletters?error=${outcome === "invalid-email" ? "email" : "choose"}&email=${encodeURIComponent(typed)}`);
});
