import "server-only";
import { updateTag } from "next/cache";
import { expireTagsEverywhere } from "@/lib/cache/expire";
import type { z } from "zod";
import { ConflictError, ExpectedError, type FieldErrors } from "@/lib/errors";

// What every server action returns to its form, and the one place that turns errors into it.

export type ActionResult<T = null> =
  { ok: true; data: T } | { ok: false; message: string; fieldErrors?: FieldErrors; conflict?: { currentVersion: number }; unexpected?: true };

export const UNEXPECTED_MESSAGE = "Something went wrong on our side and nothing was saved. What you typed is still here; try again in a moment.";

/**
 * Fields a form carries without showing them (which record, which version it was based on, what to
 * do). A person cannot mistype them, so a bad one means the page is out of date or was tampered with;
 * "check the fields" would send them looking for an error they cannot see.
 */
const HIDDEN_FIELDS = new Set([
  "storyId",
  "newStoryId",
  "baseVersion",
  "revisionId",
  "updateId",
  "tagId",
  "mediaId",
  "sequence",
  "intent",
  "direction",
  "live",
  "autosave",
]);

export const TAMPERED_MESSAGE =
  "This form sent data the server cannot accept (the page may be out of date, or was changed). Nothing was saved. Reload the page and try again; copy what you typed first.";

/**
 * Zod issues as { field: [messages] }, keyed by the top-level field so that the form can show each
 * beside its field ("form" when the whole input is wrong). A byline's issue says which byline.
 */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    const where = issue.path.length > 2 && key === "bylines" ? `Byline ${Number(issue.path[1]) + 1}: ` : "";
    (errors[key] ??= []).push(where + issue.message);
  }
  return errors;
}

/** Parses input with a schema, or throws an ExpectedError carrying the field errors. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    // Not an object at all (keyed "form": the whole input is wrong) is no form of ours either.
    if (
      Object.keys(fieldErrors).some((key) => HIDDEN_FIELDS.has(key) || key === "form") ||
      typeof input !== "object" ||
      input === null ||
      Array.isArray(input)
    ) {
      throw new ExpectedError(TAMPERED_MESSAGE);
    }
    throw new ExpectedError("Some fields need attention before this can be saved.", fieldErrors);
  }
  return parsed.data;
}

/**
 * Expires cache tags on every instance and resolves once that is complete (lib/cache/expire.ts), so
 * that an acknowledged save shows on the next request anyone makes. Await it before returning.
 * updateTag also tells Next that this action changed what the acting person's page shows.
 */
export async function expireTags(tags: string[]): Promise<void> {
  await expireTagsEverywhere(tags);
  for (const tag of tags) updateTag(tag);
}

/** Runs an action body, turning expected failures into messages and logging the unexpected. */
export async function runAction<T>(name: string, body: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await body() };
  } catch (error) {
    if (error instanceof ConflictError) {
      return { ok: false, message: error.message, conflict: { currentVersion: error.currentVersion } };
    }
    if (error instanceof ExpectedError) {
      return { ok: false, message: error.message, fieldErrors: error.fieldErrors };
    }
    console.error(`[action ${name}] unexpected error`, error);
    // Flagged so that a form can try again by itself later: the fault is ours (a database that is
    // down, say), not the input's, and the same request may well succeed in a moment.
    return { ok: false, message: UNEXPECTED_MESSAGE, unexpected: true };
  }
}
