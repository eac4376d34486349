import "server-only";
import { unstable_cache } from "next/cache";
import { db } from "@/lib/db";
import { cacheTags } from "@/lib/cache/tags";
import { activePins, type ActivePin } from "@/lib/front-page/pins";
import { isOnFrontPage, SECTION_BLOCK_SIZE, slotSize, TOP_STORY_COUNT } from "@/lib/front-page/slots";
import type { FrontPageSlot } from "@/lib/generated/prisma/enums";
import { SECTION_ORDER } from "@/lib/sections/queries";
import { LISTED_SELECT, LISTED_SHAPES, LISTING_ORDER, toListed, type ListedRow, type ListedStory } from "@/lib/stories/listings";
import { leadPhotosOf } from "@/lib/media/story-photos";
import { publiclyVisibleNow } from "@/lib/stories/visibility";

// The front page and each section page's top story as readers see them: the pins in force
// (lib/front-page/pins.ts) whose stories are publicly visible, each in its place, and every other
// place filled with the newest publicly visible stories not already on the page.

/** A story in a slot, and whether an editor put it there (false: it is the newest that fills the place). */
export type SlotStory = ListedStory & { pinned: boolean; pinnedUntil: string | null };

export type FrontPageSlots = {
  lead: SlotStory | null;
  top: SlotStory[];
  /** Each section with stories to show, in section order. */
  sections: { section: { id: string; slug: string; name: string }; stories: SlotStory[] }[];
};

const SLOT_SELECT = { ...LISTED_SELECT, sectionId: true } as const;

// The lead photos are looked up at the end, for every story on the page in one query (withPhotos).
export const pinned = (row: ListedRow, pin: ActivePin): SlotStory => ({
  ...toListed(row),
  photo: null,
  pinned: true,
  pinnedUntil: pin.expiresAt ? new Date(pin.expiresAt).toISOString() : null,
});
export const filled = (row: ListedRow): SlotStory => ({ ...toListed(row), photo: null, pinned: false, pinnedUntil: null });

/** The stories with their lead photos' crops, from their rows (one query for the whole page). */
async function withPhotos(stories: SlotStory[], rows: Map<string, ListedRow>): Promise<void> {
  const photos = await leadPhotosOf(
    db(),
    stories.map((story) => rows.get(story.id)!),
    LISTED_SHAPES,
  );
  stories.forEach((story, index) => (story.photo = photos[index]));
}

/**
 * Places `pinnedAt` (position -> story) into `size` places, filling the rest in order from `newest`;
 * places nothing fills are left out, so the list closes up.
 */
function fillPlaces(size: number, pinnedAt: Map<number, SlotStory>, newest: SlotStory[]): SlotStory[] {
  const placed: SlotStory[] = [];
  for (let position = 0; position < size; position++) {
    const story = pinnedAt.get(position) ?? newest.shift();
    if (story) placed.push(story);
  }
  return placed;
}

/**
 * The front page as readers see it now: the lead, the top stories and each section's block. A story
 * appears once: pinned stories are never also used to fill, and a section's block fills with its
 * newest stories not already above. This is what the public page renders (cached, getFrontPage) and
 * what anything built "from the front page" (a morning digest) should read.
 */
export async function frontPageSlots(): Promise<FrontPageSlots> {
  const pins = (await activePins(db())).filter((pin) => isOnFrontPage(pin.slot));
  const pinnedIds = [...new Set(pins.map((pin) => pin.storyId))];
  const publiclyVisible = await publiclyVisibleNow();
  const [rows, sections] = await Promise.all([
    pinnedIds.length ? db().story.findMany({ where: publiclyVisible({ id: { in: pinnedIds } }), select: SLOT_SELECT }) : [],
    db().section.findMany({ orderBy: SECTION_ORDER, select: { id: true, slug: true, name: true } }),
  ]);
  const visible = new Map(rows.map((row) => [row.id, row]));
  const rowsById = new Map<string, ListedRow>(rows.map((row) => [row.id, row]));
  const shown = new Set<string>();
  const placed = (slot: FrontPageSlot, sectionId: string | null) => {
    const at = new Map<number, SlotStory>();
    for (const pin of pins) {
      const row = visible.get(pin.storyId);
      if (pin.slot !== slot || pin.sectionId !== sectionId || !row || shown.has(row.id) || pin.position >= slotSize(slot)) continue;
      // A section's block holds that section's stories: one moved to another section leaves it.
      if (sectionId && row.sectionId !== sectionId) continue;
      at.set(pin.position, pinned(row, pin));
      shown.add(row.id);
    }
    return at;
  };
  const leadPin = placed("LEAD", null);
  const topPins = placed("TOP", null);
  const blockPins = new Map(sections.map((section) => [section.id, placed("SECTION_BLOCK", section.id)]));

  const newest = (
    await db().story.findMany({
      where: publiclyVisible({ id: { notIn: [...shown] } }),
      orderBy: LISTING_ORDER,
      take: 1 + TOP_STORY_COUNT,
      select: LISTED_SELECT,
    })
  ).map((row) => {
    rowsById.set(row.id, row);
    return filled(row);
  });
  const [lead = null] = fillPlaces(1, leadPin, newest);
  const top = fillPlaces(TOP_STORY_COUNT, topPins, newest);
  for (const story of [lead, ...top]) if (story) shown.add(story.id);

  // One short indexed query per section (sectionId, status, firstPublishedAt): a newsroom has a
  // handful of sections, and this runs only when the front page's cache entry has been expired.
  const blocks = await Promise.all(
    sections.map(async (section) => {
      const rows = await db().story.findMany({
        where: publiclyVisible({ sectionId: section.id, id: { notIn: [...shown] } }),
        orderBy: LISTING_ORDER,
        take: SECTION_BLOCK_SIZE,
        select: LISTED_SELECT,
      });
      for (const row of rows) rowsById.set(row.id, row);
      const stories = fillPlaces(SECTION_BLOCK_SIZE, blockPins.get(section.id)!, rows.map(filled));
      return { section, stories };
    }),
  );
  const sectionsShown = blocks.filter((b) => b.stories.length > 0);
  await withPhotos([...(lead ? [lead] : []), ...top, ...sectionsShown.flatMap((b) => b.stories)], rowsById);
  return { lead, top, sections: sectionsShown };
}

/** The front page for readers, from Next's cache until a save, a publication or a pin's end expires its tag. */
export const getFrontPage = unstable_cache(frontPageSlots, ["front-page"], { tags: [cacheTags.frontPage] });
