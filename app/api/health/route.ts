import { checkDatabase } from "@/lib/health";

export const dynamic = "force-dynamic";

/** For load balancers and the launcher: 200 when the database answers, 503 when it does not. */
export async function GET() {
  const database = await checkDatabase();
  return Response.json({ ok: database, database: database ? "up" : "down" }, { status: database ? 200 : 503 });
}
