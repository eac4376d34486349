import "server-only";
import { revalidateTag, updateTag } from "next/cache";
import { after } from "next/server";
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

/** How long after a write its tags are expired a second time; see expireTags. */
const SECOND_EXPIRY_MS = 1000;

/**
 * Expires cache tags at once, so that the next reader sees the change (never one request late).
 * A reader's render that read the database just before the write committed can still finish, and be
 * cached, just after that; expiring the tags once more a moment later bounds such a stale page to
 * about a second instead of until the next write.
 */
export function expireTags(tags: string[]): void {
  if (tags.length === 0) return;
  for (const tag of tags) updateTag(tag);
  after(async () => {
    await new Promise((resolve) => setTimeout(resolve, SECOND_EXPIRY_MS));
    for (const tag of tags) revalidateTag(tag, { expire: 0 });
  });
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
