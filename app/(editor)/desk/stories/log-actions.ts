"use server";

import { requireActor } from "@/lib/auth/actor";
import { expireTags, parseInput, runAction, type ActionResult } from "@/lib/actions";
import { InvalidError } from "@/lib/errors";
import { getSiteSettings } from "@/lib/settings/site";
import { fromLocalInput } from "@/lib/time/local-input";
import { addLogEntry, editLogEntry, withdrawLogEntry } from "@/lib/updates/mutations";
import { addLogEntryInputSchema, editLogEntryInputSchema, withdrawLogEntryInputSchema } from "@/lib/updates/schemas";

// The update log of a published story: add, reword, withdraw. There is deliberately no delete.
// Each action is a public POST endpoint: it parses, names its actor, and lets lib/updates authorize.

/** A datetime-local value in the newsroom's zone, or undefined for "now". */
async function entryTime(value: string): Promise<Date | undefined> {
  if (!value) return undefined;
  const { timeZone } = await getSiteSettings();
  const instant = fromLocalInput(value, timeZone);
  if (!instant) throw new InvalidError("Check the time of the entry.", { occurredAt: ["Enter a date and time, or leave it empty for now."] });
  return instant;
}

export async function addLogEntryAction(input: unknown): Promise<ActionResult<{ updateId: string }>> {
  return runAction("addLogEntry", async () => {
    const actor = await requireActor();
    const { storyId, kind, note, occurredAt, significant } = parseInput(addLogEntryInputSchema, input);
    const result = await addLogEntry(actor, { storyId, kind, note, significant, occurredAt: await entryTime(occurredAt) });
    await expireTags(result.tags);
    return { updateId: result.updateId };
  });
}

export async function editLogEntryAction(input: unknown): Promise<ActionResult<{ updateId: string }>> {
  return runAction("editLogEntry", async () => {
    const actor = await requireActor();
    const { updateId, note, occurredAt } = parseInput(editLogEntryInputSchema, input);
    const result = await editLogEntry(actor, { updateId, note, occurredAt: await entryTime(occurredAt) });
    await expireTags(result.tags);
    return { updateId: result.updateId };
  });
}

export async function withdrawLogEntryAction(input: unknown): Promise<ActionResult<{ updateId: string }>> {
  return runAction("withdrawLogEntry", async () => {
    const actor = await requireActor();
    const { updateId, reason } = parseInput(withdrawLogEntryInputSchema, input);
    const result = await withdrawLogEntry(actor, { updateId, reason });
    await expireTags(result.tags);
    return { updateId: result.updateId };
  });
}
