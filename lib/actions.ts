import "server-only";
import { updateTag } from "next/cache";
import { expireAgainShortly } from "@/lib/cache/expire";
import type { z } from "zod";
import { ConflictError, ExpectedError, type FieldErrors } from "@/lib/errors";
import { fieldErrorsOf } from "@/lib/stories/schemas";

// What every server action returns to its form, and the one place that turns errors into it.

export type ActionResult<T = null> =
  | { ok: true; data: T }
  | { ok: false; message: string; fieldErrors?: FieldErrors; conflict?: { currentVersion: number } };

export const UNEXPECTED_MESSAGE =
  "Something went wrong on our side and nothing was saved. What you typed is still here; try again in a moment.";

/** Parses input with a schema, or throws an ExpectedError carrying the field errors. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ExpectedError("Some fields need attention before this can be saved.", fieldErrorsOf(parsed.error));
  }
  return parsed.data;
}

/** Expires cache tags at once, so that the next reader sees the change (never one request late). */
export function expireTags(tags: string[]): void {
  for (const tag of tags) updateTag(tag);
  expireAgainShortly(tags);
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
    return { ok: false, message: UNEXPECTED_MESSAGE };
  }
}
