// The demo stories' photos, made at first start: a simple scene for each section (sky, sun, hills or
// water, the section's name), drawn as SVG and rendered to a 1600x1067 JPEG by sharp (large enough
// for share cards and Google's 1200-pixel crops, small enough to keep the first start short), then taken into
// the library the way an upload is (ingestMedia) and processed there and then (processMedia), so that
// the first front page has its pictures. Everything here is generated: no photo needs a licence.
import sharp from "sharp";
import { db } from "@/lib/db";
import { ingestMedia } from "@/lib/media/ingest";
import { processMedia } from "@/lib/media/renditions";
import { MEDIA_QUEUE, readyBoss, stopQueue } from "@/lib/scheduling/queue";
import type { Actor } from "@/lib/auth/permissions";

const SEED_ACTOR: Actor = { id: "system", name: "Demo content", email: "", role: "ADMIN", kind: "system" };

type Scene = { section: string; name: string; sky: [string, string]; sun: string; ground: [string, string]; alt: string; caption: string };

const SCENES: Scene[] = [
  {
    section: "metro",
    name: "Metro",
    sky: ["#1d3557", "#e76f51"],
    sun: "#f4a261",
    ground: ["#264653", "#1b2d36"],
    alt: "An illustration of a city waterfront at dusk: dark towers against an orange sky above the river",
    caption: "The waterfront at dusk (an illustration made for the demo).",
  },
  {
    section: "politics",
    name: "Politics",
    sky: ["#f1faee", "#a8dadc"],
    sun: "#e63946",
    ground: ["#457b9d", "#1d3557"],
    alt: "An illustration of a domed civic building on a hill under a pale sky",
    caption: "City hall on its hill (an illustration made for the demo).",
  },
  {
    section: "business",
    name: "Business",
    sky: ["#fefae0", "#dda15e"],
    sun: "#bc6c25",
    ground: ["#606c38", "#283618"],
    alt: "An illustration of cranes and stacked shipping containers at a port in warm morning light",
    caption: "Morning at the port (an illustration made for the demo).",
  },
  {
    section: "weather",
    name: "Weather",
    sky: ["#8ecae6", "#219ebc"],
    sun: "#ffb703",
    ground: ["#023047", "#011a27"],
    alt: "An illustration of a river valley under a blue sky with a low sun and rolling hills",
    caption: "The upper valley (an illustration made for the demo).",
  },
];

const WIDTH = 1600;
const HEIGHT = 1067;

/** The scene as SVG: a sky gradient, a sun, three layers of hills and the section's name. */
function sceneSvg(scene: Scene): string {
  const hill = (y: number, amplitude: number, phase: number) => {
    const points: string[] = [];
    for (let x = 0; x <= WIDTH; x += 50) points.push(`${x},${Math.round(y + amplitude * Math.sin(x / 170 + phase))}`);
    return `M0,${HEIGHT} L${points.join(" L")} L${WIDTH},${HEIGHT} Z`;
  };
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${scene.sky[0]}"/><stop offset="1" stop-color="${scene.sky[1]}"/></linearGradient>
    <linearGradient id="ground" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${scene.ground[0]}"/><stop offset="1" stop-color="${scene.ground[1]}"/></linearGradient>
  </defs>
  <rect width="${WIDTH}" height="${HEIGHT}" fill="url(#sky)"/>
  <circle cx="${WIDTH * 0.68}" cy="${HEIGHT * 0.42}" r="${Math.round(WIDTH / 12)}" fill="${scene.sun}" opacity="0.9"/>
  <path d="${hill(HEIGHT * 0.62, 60, 0)}" fill="${scene.ground[0]}" opacity="0.55"/>
  <path d="${hill(HEIGHT * 0.72, 45, 2)}" fill="${scene.ground[0]}" opacity="0.8"/>
  <path d="${hill(HEIGHT * 0.82, 35, 4)}" fill="url(#ground)"/>
  <text x="${Math.round(WIDTH / 20)}" y="${HEIGHT - Math.round(HEIGHT / 11)}" font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="${Math.round(WIDTH / 16)}" font-weight="700" fill="#ffffff" opacity="0.85">${scene.name}</text>
</svg>`;
}

/**
 * Makes, stores and processes one photo per demo section, with alt text, a caption and the credit
 * "Newsroom demo". Returns their ids by section slug.
 */
export async function makeDemoPhotos(): Promise<Record<string, string>> {
  const made: Record<string, string> = {};
  try {
    for (const scene of SCENES) {
      const bytes = await sharp(Buffer.from(sceneSvg(scene)))
        .jpeg({ quality: 85, mozjpeg: true })
        .toBuffer();
      const result = await ingestMedia(SEED_ACTOR, { bytes, fileName: `demo-${scene.section}.jpg` });
      if (!result.ok) throw new Error(`The demo photo for ${scene.name} was refused: ${result.message}`);
      await db().media.update({
        where: { id: result.media.id },
        data: {
          altText: scene.alt,
          caption: scene.caption,
          creditLine: "Newsroom demo",
          photographer: "Newsroom demo",
          copyrightNotice: "Generated for the Newsroom demo; free to use.",
          focalX: 0.68,
          focalY: 0.42,
        },
      });
      made[scene.section] = result.media.id;
    }
    // Two at a time: sharp works each on one thread (lib/media/renditions.ts), and the site is not up yet.
    const ids = Object.values(made);
    await Promise.all(
      [0, 1].map(async (lane) => {
        for (const id of ids.filter((_, index) => index % 2 === lane)) {
          const processed = await processMedia(id);
          if (processed.status !== "READY") throw new Error(`A demo photo could not be processed (${id}).`);
        }
      }),
    );
    // Processed here, so the jobs the uploads queued have nothing left to do: on a new database they
    // are the only media jobs, and the web server would otherwise make the same files again.
    await (await readyBoss()).deleteQueuedJobs(MEDIA_QUEUE);
  } finally {
    await stopQueue();
  }
  return made;
}
