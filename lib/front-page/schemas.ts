import { z } from "zod";
import { textField } from "@/lib/text/storable";
import { FRONT_PAGE_SLOTS, SECTION_BLOCK_SIZE, TOP_STORY_COUNT } from "@/lib/front-page/slots";

// What the front page's Save sends: the whole layout (every pin) with the version it was based on.
// "Pinned until" stays the text of the form's datetime-local field; lib/front-page/mutations.ts reads
// it in the newsroom's time zone and says which pin's time is wrong.

export const frontPagePinSchema = z.object({
  slot: z.enum(FRONT_PAGE_SLOTS, { message: "Choose a slot on the page." }),
  sectionId: textField().uuid({ message: "Choose a section." }).nullable(),
  position: z
    .number()
    .int()
    .min(0)
    .max(Math.max(TOP_STORY_COUNT, SECTION_BLOCK_SIZE) - 1),
  storyId: textField().uuid({ message: "Choose a published story." }),
  expiresAt: textField().trim().max(40, { message: "Enter a date and time, or leave it empty." }),
});

export const frontPageLayoutSchema = z.object({
  baseVersion: z.number().int().min(1).max(2_000_000_000),
  pins: z.array(frontPagePinSchema).max(1000, { message: "That is more pins than the page has slots." }),
});

export type FrontPagePinInput = z.output<typeof frontPagePinSchema>;
export type FrontPageLayoutInput = z.output<typeof frontPageLayoutSchema>;

export const pinSearchSchema = z.object({ q: textField().max(200), sectionId: textField().uuid().nullable() });
