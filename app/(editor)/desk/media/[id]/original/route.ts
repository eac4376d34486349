import { getActor } from "@/lib/auth/actor";
import { handleErrors } from "@/lib/http/json-route";
import { originalResponse } from "@/lib/media/serve";

// The photo as uploaded, for the newsroom's archive: never served to readers.
export const dynamic = "force-dynamic";

export const GET = handleErrors("media-original", async (_request: Request, { params }: { params: Promise<{ id: string }> }) =>
  originalResponse((await params).id, await getActor()),
);
