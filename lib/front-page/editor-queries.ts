import "server-only";
import { db } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import { ForbiddenError } from "@/lib/errors";
import { activePins, LAYOUT_ID } from "@/lib/front-page/pins";
import { filled, frontPageSlots, pinned, type SlotStory } from "@/lib/front-page/queries";
import { placeKey, placeLabel, slotSize } from "@/lib/front-page/slots";
import type { FrontPageSlot } from "@/lib/generated/prisma/enums";
import { SECTION_ORDER } from "@/lib/sections/queries";
import { readSiteSettings } from "@/lib/settings/site";
import { searchStoriesToRelate } from "@/lib/stories/editor-queries";
import { LISTED_SELECT, LISTING_ORDER } from "@/lib/stories/listings";
import { publiclyVisible } from "@/lib/stories/visibility";
import { toLocalInput } from "@/lib/time/local-input";

// The newsroom's Front page screen: every place, what readers see in it now, and the version to save against.

export const FRONT_PAGE_FORBIDDEN_MESSAGE = "Only editors can change the front page.";

/** One place on the newsroom's Front page screen, with what readers see in it now. */
export type DeskPlace = {
  key: string;
  label: string;
  slot: FrontPageSlot;
  sectionId: string | null;
  position: number;
  story: { id: string; headline: string } | null;
  pinned: boolean;
  /** The pin's end as a datetime-local value in the newsroom's zone; "" for none. */
  pinnedUntil: string;
};

export type DeskGroup = { id: string; title: string; slot: FrontPageSlot; sectionId: string | null; places: DeskPlace[] };

export type FrontPageForDesk = { version: number; timeZone: string; groups: DeskGroup[] };

/**
 * The Front page screen: every place of the front page and of each section page, showing what
 * readers see in it (pinned, or the newest that fills it), and the layout's version to save against.
 */
export async function getFrontPageForDesk(actor: Actor): Promise<FrontPageForDesk> {
  if (!can(actor, "frontpage.manage")) throw new ForbiddenError(FRONT_PAGE_FORBIDDEN_MESSAGE);
  // The version first: a save between this and the reads below makes this screen's save stale, never the reverse.
  const layout = await db().frontPageLayout.findUnique({ where: { id: LAYOUT_ID }, select: { version: true } });
  const [front, sections, { timeZone }] = await Promise.all([
    frontPageSlots(),
    db().section.findMany({ orderBy: SECTION_ORDER, select: { id: true, name: true } }),
    readSiteSettings(),
  ]);
  const place = (slot: FrontPageSlot, sectionId: string | null, position: number, story: SlotStory | null, sectionName?: string): DeskPlace => ({
    key: placeKey({ slot, sectionId, position }),
    label: placeLabel({ slot, position }, sectionName),
    slot,
    sectionId,
    position,
    story: story && { id: story.id, headline: story.headline },
    pinned: story?.pinned ?? false,
    pinnedUntil: story?.pinnedUntil ? toLocalInput(new Date(story.pinnedUntil), timeZone) : "",
  });
  const places = (slot: FrontPageSlot, sectionId: string | null, stories: (SlotStory | null)[], sectionName?: string) =>
    Array.from({ length: slotSize(slot) }, (_, position) => place(slot, sectionId, position, stories[position] ?? null, sectionName));

  const groups: DeskGroup[] = [
    { id: "lead", title: "Lead", slot: "LEAD", sectionId: null, places: places("LEAD", null, [front.lead]) },
    { id: "top", title: "Top stories", slot: "TOP", sectionId: null, places: places("TOP", null, front.top) },
  ];
  const blockOf = new Map(front.sections.map((block) => [block.section.id, block.stories]));
  for (const section of sections) {
    groups.push({
      id: `block-${section.id}`,
      title: `${section.name} block`,
      slot: "SECTION_BLOCK",
      sectionId: section.id,
      places: places("SECTION_BLOCK", section.id, blockOf.get(section.id) ?? [], section.name),
    });
  }
  const tops = await Promise.all(sections.map((section) => sectionPageTop(section.id)));
  sections.forEach((section, i) => {
    groups.push({
      id: `page-${section.id}`,
      title: `${section.name} page's top story`,
      slot: "SECTION_TOP",
      sectionId: section.id,
      places: places("SECTION_TOP", section.id, [tops[i]], section.name),
    });
  });
  return { version: layout?.version ?? 1, timeZone, groups };
}

/** A section page's top story as readers see it: the pinned one, or the section's newest. */
async function sectionPageTop(sectionId: string): Promise<SlotStory | null> {
  const pin = (await activePins(db())).find((p) => p.slot === "SECTION_TOP" && p.sectionId === sectionId);
  if (pin) {
    const row = await db().story.findFirst({ where: await publiclyVisible({ id: pin.storyId, sectionId }), select: LISTED_SELECT });
    if (row) return pinned(row, pin);
  }
  const newest = await db().story.findFirst({ where: await publiclyVisible({ sectionId }), orderBy: LISTING_ORDER, select: LISTED_SELECT });
  return newest && filled(newest);
}

/** For the screen's story picker: published headlines matching what was typed, in the section when a section's slot asks. */
export async function searchStoriesToPin(actor: Actor, query: string, sectionId: string | null): Promise<{ id: string; headline: string }[]> {
  if (!can(actor, "frontpage.manage")) throw new ForbiddenError(FRONT_PAGE_FORBIDDEN_MESSAGE);
  return searchStoriesToRelate(query, null, sectionId);
}
