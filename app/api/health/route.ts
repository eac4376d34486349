import { checkDatabase } from "@/lib/health";
import { handleErrors } from "@/lib/http/json-route";

export const dynamic = "force-dynamic";

/** For load balancers and the launcher: 200 when the database answers, 503 when it does not. */
export const GET = handleErrors("health", async () => {
  const database = await checkDatabase();
  return Response.json({ ok: database, database: database ? "up" : "down" }, { status: database ? 200 : 503 });
});
