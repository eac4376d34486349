import { getActor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { handleErrors } from "@/lib/http/json-route";
import { issueProgress } from "@/lib/newsletters/issues";

// The live progress of an issue's send, polled by its page in the newsroom.
export const dynamic = "force-dynamic";

const HEADERS = { "Cache-Control": "no-store" };

export const GET = handleErrors("newsletter progress", async (_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> => {
  const actor = await getActor();
  if (!actor) return Response.json({ error: "Sign in first." }, { status: 401, headers: HEADERS });
  if (!can(actor, "newsletter.send")) return Response.json({ error: "Only editors can follow a newsletter's send." }, { status: 403, headers: HEADERS });
  const { id } = await params;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
    return Response.json({ error: "No such issue." }, { status: 404, headers: HEADERS });
  try {
    return Response.json(await issueProgress(actor, id), { headers: HEADERS });
  } catch (error) {
    if (error instanceof Error && error.name === "NotFoundError") return Response.json({ error: "No such issue." }, { status: 404, headers: HEADERS });
    throw error;
  }
});
