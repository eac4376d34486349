// Expected failures, thrown by lib functions and turned into messages a person can act on by
// lib/actions.ts. Anything else is unexpected: logged with detail, shown as a generic message.

export type FieldErrors = Record<string, string[]>;

export class ExpectedError extends Error {
  constructor(
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The actor may not do this. */
export class ForbiddenError extends ExpectedError {}

/** The record does not exist (or no longer does). */
export class NotFoundError extends ExpectedError {}

/** Input that parsed but cannot be accepted (a duplicate slug, a story missing what publishing needs). */
export class InvalidError extends ExpectedError {}

/** Someone else saved the record since the actor loaded it. */
export class ConflictError extends ExpectedError {
  constructor(
    message: string,
    readonly currentVersion: number,
  ) {
    super(message);
  }
}
