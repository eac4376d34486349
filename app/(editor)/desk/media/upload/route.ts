import { getActor } from "@/lib/auth/actor";
import { handleErrors } from "@/lib/http/json-route";
import { handleUpload } from "@/lib/media/upload";

// One photo per request, its bytes as the body (components/editor/media-uploader.tsx sends them with
// upload progress); lib/media/upload.ts authorizes, limits and ingests.
export const dynamic = "force-dynamic";

export const POST = handleErrors("media-upload", async (request: Request) => handleUpload(request, await getActor()));
