import { getActor } from "@/lib/auth/actor";
import { handleErrors } from "@/lib/http/json-route";
import { mediaResponse } from "@/lib/media/serve";

// A photo's rendition, by its content-hashed file name: public and immutable while a public story
// uses the photo, otherwise only for the newsroom (lib/media/serve.ts decides).
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ file: string }> };

export const GET = handleErrors("media", async (_request: Request, { params }: Context) => mediaResponse((await params).file, "GET", getActor));

export const HEAD = handleErrors("media", async (_request: Request, { params }: Context) => mediaResponse((await params).file, "HEAD", getActor));
