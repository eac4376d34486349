// The demo content's photos: made at first start through the library's own pipeline, so that a new
// install's front page, story pages and share cards have real pictures with alt text and credits.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { seedDemo } from "../prisma/seed";
import { makeDemoPhotos } from "../scripts/lib/demo-photos";
import { findPublishedStory } from "@/lib/stories/public";
import { frontPageSlots } from "@/lib/front-page/queries";
import { photosMissingForPublication } from "@/lib/media/story-photos";
import { readBody } from "@/lib/body/story-body";

describe("the demo seed's photos", () => {
  it("gives every demo story a processed lead photo with alt text and a credit, and the breaking story one in its body", async () => {
    const started = performance.now();
    const photos = await makeDemoPhotos();
    // Printed, not asserted: what the photos add to a first start on this machine.
    console.log(`[seed] demo photos made in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(Object.keys(photos).sort()).toEqual(["business", "metro", "politics", "weather"]);
    await seedDemo(db(), { photos });

    const library = await db().media.findMany({
      select: { status: true, altText: true, creditLine: true, width: true, height: true, _count: { select: { renditions: true } } },
    });
    expect(library).toHaveLength(4);
    for (const photo of library)
      expect(photo).toMatchObject({
        status: "READY",
        creditLine: "Newsroom demo",
        width: 1600,
        height: 1067,
        altText: expect.stringMatching(/^An illustration/),
      });

    const stories = await db().story.findMany({ where: { status: "PUBLISHED" }, include: { media: true } });
    for (const story of stories) {
      expect(story.leadMediaId).not.toBeNull();
      expect(await photosMissingForPublication(db(), { ...story, body: readBody(story.body) })).toEqual([]);
      expect(story.media.some((m) => m.lead && m.mediaId === story.leadMediaId)).toBe(true);
    }
    const breaking = await findPublishedStory("alder-river-floods-downtown-as-it-crests-near-record");
    expect(breaking?.lead?.credit).toBe("Newsroom demo");
    expect(breaking?.inlinePhotos).toHaveLength(1);
    expect(breaking?.inlinePhotos[0]?.mediaId).toBe(photos.weather);
    const front = await frontPageSlots();
    expect(front.lead?.photo?.renditions.some((r) => r.shape === "16x9" && r.width >= 1200)).toBe(true);
    // The jobs the uploads queued were done by the seed itself.
    const [{ count }] = await db().$queryRawUnsafe<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM pgboss.job WHERE name = 'media-renditions' AND state = 'created'`,
    );
    expect(count).toBe(0);
  }, 300_000);
});
