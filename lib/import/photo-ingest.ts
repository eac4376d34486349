import "server-only";
import type { Actor } from "@/lib/auth/permissions";
import { ingestMedia } from "@/lib/media/ingest";
import type { PhotoIngest } from "@/lib/import/wxr/import";

// How an import stores a photo: through the media library's own pipeline, as an upload would (the
// bytes judged, the newsroom's metadata read, the original kept private, renditions without GPS or
// other metadata made by the renditions job). The story's alt text and caption come from the
// WordPress attachment and are set on the story's lead, where they belong to that use of the photo.

export function ingestForImport(actor: Actor): PhotoIngest {
  return async ({ bytes, fileName }) => {
    const result = await ingestMedia(actor, { bytes, fileName });
    return result.ok ? { mediaId: result.media.id } : { reason: result.message };
  };
}
