import "server-only";
import { createWriteStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { once } from "node:events";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/permissions";
import { siteOrigin } from "@/lib/env";
import { allStories, authorizeExport, photoFileName, storyToNinjs, storyToWxrItem, WXR_FOOTER, wxrHeader } from "@/lib/export/archive";
import { mediaStore } from "@/lib/media/storage";

// `npm run export -- DIR`: the archive as files. DIR/ninjs/<slug>.json (one ninjs document per story),
// DIR/archive.wxr.xml (for WordPress, or for another newsroom's import), DIR/photos/ (each lead
// photo's original, as uploaded; `--media-dir DIR/photos` when importing the WXR file elsewhere).

export type ArchiveWritten = { stories: number; photos: number; wxrFile: string; ninjsDir: string; photosDir: string };

export async function writeArchive(actor: Actor, dir: string, onStory?: (count: number) => void): Promise<ArchiveWritten> {
  await authorizeExport(actor, "files");
  const origin = siteOrigin();
  const ninjsDir = path.join(dir, "ninjs");
  await mkdir(ninjsDir, { recursive: true });
  const photosDir = path.join(dir, "photos");
  await mkdir(photosDir, { recursive: true });
  let photos = 0;
  const wxrFile = path.join(dir, "archive.wxr.xml");
  const wxr = createWriteStream(wxrFile);
  const write = async (chunk: string) => {
    if (!wxr.write(chunk)) await once(wxr, "drain");
  };
  const settings = await db().siteSettings.findUnique({ where: { id: 1 }, select: { siteName: true } });
  await write(await wxrHeader(origin, settings?.siteName ?? "Newsroom"));
  let stories = 0;
  for await (const story of allStories()) {
    await writeFile(path.join(ninjsDir, `${story.slug}.json`), `${JSON.stringify(storyToNinjs(story, origin), null, 2)}\n`);
    const photo = photoFileName(story);
    const original = photo && story.leadMedia ? await mediaStore().get(story.leadMedia.originalKey) : null;
    if (photo && original) {
      await writeFile(path.join(photosDir, photo), original);
      photos++;
    }
    await write(storyToWxrItem(story, origin));
    onStory?.(++stories);
  }
  await write(WXR_FOOTER);
  wxr.end();
  await once(wxr, "finish");
  return { stories, photos, wxrFile, ninjsDir, photosDir };
}
