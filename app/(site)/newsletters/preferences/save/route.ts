import { handleErrors } from "@/lib/http/json-route";
import { updatePreferences } from "@/lib/newsletters/subscribe";

// The preferences page's form: the signed token (from the email's link) travels in the form.
export const dynamic = "force-dynamic";

export const POST = handleErrors("newsletters/preferences/save", async (request: Request): Promise<Response> => {
  const back = (path: string) => new Response(null, { status: 303, headers: { Location: path, "Cache-Control": "no-store" } });
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return back("/newsletters/link-expired");
  }
  const token = form.get("token");
  const everything = form.get("intent") === "unsubscribe-all";
  const outcome = await updatePreferences(token, everything ? [] : form.getAll("newsletter"));
  if (outcome === null) return back("/newsletters/link-expired");
  if (outcome === "unsubscribed") return back("/newsletters/unsubscribed");
  return back(`/newsletters/preferences?token=${encodeURIComponent(String(token))}&saved=1`);
});
