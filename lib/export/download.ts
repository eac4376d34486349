import "server-only";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/permissions";
import { siteOrigin } from "@/lib/env";
import { allStories, authorizeExport, storyToNinjs, storyToWxrItem, WXR_FOOTER, wxrHeader } from "@/lib/export/archive";

// The admin downloads of the archive, streamed story by story: the WXR file, and the ninjs documents
// as JSON Lines (one document a line; `npm run export` writes them as one file each, with the photos).

function streamOf(parts: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      const next = await parts.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await parts.return(undefined);
    },
  });
}

export async function wxrDownload(actor: Actor): Promise<ReadableStream<Uint8Array>> {
  await authorizeExport(actor, "wxr download");
  const origin = siteOrigin();
  const settings = await db().siteSettings.findUnique({ where: { id: 1 }, select: { siteName: true } });
  const header = await wxrHeader(origin, settings?.siteName ?? "Newsroom");
  return streamOf(
    (async function* () {
      yield header;
      for await (const story of allStories()) yield storyToWxrItem(story, origin);
      yield WXR_FOOTER;
    })(),
  );
}

export async function ninjsDownload(actor: Actor): Promise<ReadableStream<Uint8Array>> {
  await authorizeExport(actor, "ninjs download");
  const origin = siteOrigin();
  return streamOf(
    (async function* () {
      for await (const story of allStories()) yield `${JSON.stringify(storyToNinjs(story, origin))}\n`;
    })(),
  );
}
