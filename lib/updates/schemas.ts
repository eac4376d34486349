import { z } from "zod";
import { textField } from "@/lib/text/storable";
import { LOG_ENTRY_KINDS } from "@/lib/updates/kinds";

// What the update-log forms send. Times arrive as datetime-local values in the newsroom's zone (or
// empty for "now"); lib/updates/mutations.ts turns them into instants and checks them against the story.

const note = (empty: string) => textField().trim().min(1, empty).max(2000, "Keep it under 2,000 characters.");
const localTime = textField().trim().max(40).optional().default("");

export const logEntryKindSchema = z.enum(LOG_ENTRY_KINDS, { message: "Choose a kind." });

export const addLogEntryInputSchema = z.object({
  storyId: textField().uuid(),
  kind: logEntryKindSchema,
  note: note("Write the text readers will see."),
  occurredAt: localTime,
  significant: z.boolean(),
});

export const editLogEntryInputSchema = z.object({
  updateId: textField().uuid(),
  note: note("Write the new wording."),
  occurredAt: localTime,
});

export const withdrawLogEntryInputSchema = z.object({
  updateId: textField().uuid(),
  reason: textField().trim().min(1, "Say why the entry is withdrawn; readers see the reason.").max(500, "Keep the reason under 500 characters."),
});
