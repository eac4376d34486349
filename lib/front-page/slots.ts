import type { FrontPageSlot } from "@/lib/generated/prisma/enums";

// The slots of the edited front page and of each section page, shared by the newsroom's screen, its
// input schema and the reads. Pure: client components import it too.

/** The front page: one lead story and this many top stories under it. */
export const TOP_STORY_COUNT = 6;
/** Stories in each section's block on the front page. */
export const SECTION_BLOCK_SIZE = 4;

export const FRONT_PAGE_SLOTS = ["LEAD", "TOP", "SECTION_BLOCK", "SECTION_TOP"] as const satisfies readonly FrontPageSlot[];

/** How many places a slot has. */
export function slotSize(slot: FrontPageSlot): number {
  if (slot === "TOP") return TOP_STORY_COUNT;
  if (slot === "SECTION_BLOCK") return SECTION_BLOCK_SIZE;
  return 1;
}

/** Whether a slot belongs to a section (and so names one). */
export function isSectionSlot(slot: FrontPageSlot): boolean {
  return slot === "SECTION_BLOCK" || slot === "SECTION_TOP";
}

/** Lead, top stories and section blocks are one page: a story may stand in only one of them. */
export function isOnFrontPage(slot: FrontPageSlot): boolean {
  return slot !== "SECTION_TOP";
}

/** One key per place, for field errors and the screen's state. */
export function placeKey(place: { slot: FrontPageSlot; sectionId: string | null; position: number }): string {
  return `${place.slot}:${place.sectionId ?? ""}:${place.position}`;
}

/** What a person calls a place ("Top story 2", "Metro block, story 1", "Metro page's top story"). */
export function placeLabel(place: { slot: FrontPageSlot; position: number }, sectionName?: string): string {
  switch (place.slot) {
    case "LEAD":
      return "Lead story";
    case "TOP":
      return `Top story ${place.position + 1}`;
    case "SECTION_BLOCK":
      return `${sectionName ?? "Section"} block, story ${place.position + 1}`;
    case "SECTION_TOP":
      return `${sectionName ?? "Section"} page's top story`;
  }
}
