import { handleErrors } from "@/lib/http/json-route";
import { siteOrigin } from "@/lib/env";
import { signToken, verifyToken } from "@/lib/newsletters/tokens";
import { unsubscribeOneClick } from "@/lib/newsletters/subscribe";

// The List-Unsubscribe address of every newsletter email. A POST is RFC 8058's one-click
// unsubscribe: mail providers send it with the body "List-Unsubscribe=One-Click", no cookies and no
// CSRF token; the signed token in the address is the whole authority. A browser that opens the
// address (GET) is sent to the reader's preferences page instead: a GET never unsubscribes, as link
// scanners open every link in an email.
export const dynamic = "force-dynamic";

export const POST = handleErrors("newsletters/unsubscribe", async (request: Request): Promise<Response> => {
  const token = new URL(request.url).searchParams.get("token");
  if (!(await unsubscribeOneClick(token)))
    return new Response("This unsubscribe link is not valid.\n", { status: 400, headers: { "Cache-Control": "no-store" } });
  const fromBrowser = (request.headers.get("accept") ?? "").includes("text/html");
  if (fromBrowser) return new Response(null, { status: 303, headers: { Location: "/newsletters/unsubscribed", "Cache-Control": "no-store" } });
  return new Response("Unsubscribed.\n", { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
});

export const GET = handleErrors("newsletters/unsubscribe", async (request: Request): Promise<Response> => {
  const parts = verifyToken("unsubscribe", new URL(request.url).searchParams.get("token"), 2);
  const location = parts ? `${siteOrigin()}/newsletters/preferences?token=${signToken("preferences", [parts[0]])}` : "/newsletters/link-expired";
  return new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });
});
