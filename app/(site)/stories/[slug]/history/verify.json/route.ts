import { listPublishedVersions } from "@/lib/history/queries";
import { CHAIN_FORMAT } from "@/lib/history/chain";
import { handleErrors } from "@/lib/http/json-route";

// The story's hash chain as data, so that anyone can recompute every digest (see lib/history/chain.ts).
// Built per request from cached data (tagged with the story's tag): a build must not need the database.
export const dynamic = "force-dynamic";

export const GET = handleErrors("verify.json", async (_request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> => {
  const { slug } = await params;
  const history = await listPublishedVersions(slug);
  if (!history) return Response.json({ error: "No published story at this address." }, { status: 404 });
  return Response.json({
    format: CHAIN_FORMAT,
    digest: `hex SHA-256 of "${CHAIN_FORMAT}\\n" + (previousDigest or "") + "\\n" + content, content being JSON with sorted keys and no whitespace`,
    slug: history.slug,
    versions: history.versions.map((v) => ({
      sequence: v.sequence,
      publishedAt: v.publishedAt,
      digest: v.digest,
      previousDigest: v.previousDigest,
      content: v.content,
      takenDown: v.takenDown,
    })),
  });
});
