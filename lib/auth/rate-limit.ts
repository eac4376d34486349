import "server-only";
import { RateLimiterPrisma } from "rate-limiter-flexible";
import { db } from "@/lib/db";

// Sign-in rate limits, counted in PostgreSQL (the RateLimit table) so that every server instance sees
// the same counters. Only failures count; a successful sign-in clears its account's counters.
//   - per account (the email typed, known or not, so the limit says nothing about which exist):
//     5 failed sign-ins in 15 minutes, then refused until the 15 minutes are up;
//   - per client address: 20 failures in 15 minutes, across every account tried from there;
//   - per account, two-factor codes: 5 wrong codes in 15 minutes.
export const SIGN_IN_LIMITS = {
  account: { points: 5, minutes: 15 },
  ip: { points: 20, minutes: 15 },
  totp: { points: 5, minutes: 15 },
} as const;

type LimitName = keyof typeof SIGN_IN_LIMITS;

const holder = globalThis as unknown as { newsroomRateLimiters?: Record<LimitName, RateLimiterPrisma> };

function limiter(name: LimitName): RateLimiterPrisma {
  holder.newsroomRateLimiters ??= Object.fromEntries(
    (Object.keys(SIGN_IN_LIMITS) as LimitName[]).map((key) => [
      key,
      new RateLimiterPrisma({
        storeClient: db(),
        tableName: "rateLimit",
        keyPrefix: key === "totp" ? "totp" : `signin:${key}`,
        points: SIGN_IN_LIMITS[key].points,
        duration: SIGN_IN_LIMITS[key].minutes * 60,
      }),
    ]),
  ) as Record<LimitName, RateLimiterPrisma>;
  return holder.newsroomRateLimiters[name];
}

export type Lockout = { until: Date };

/** The subjects an attempt counts against; a missing address (no request) is simply not limited. */
export type AttemptKeys = { account?: string | null; ip?: string | null; totp?: string | null };

function entries(keys: AttemptKeys): [LimitName, string][] {
  return (Object.entries(keys) as [LimitName, string | null | undefined][]).filter((e): e is [LimitName, string] => Boolean(e[1]));
}

/** When any of the subjects has used up its failures: the latest time at which all are free again. */
export async function currentLockout(keys: AttemptKeys): Promise<Lockout | null> {
  let until = 0;
  for (const [name, key] of entries(keys)) {
    const state = await limiter(name).get(key);
    if (state && state.consumedPoints >= SIGN_IN_LIMITS[name].points) until = Math.max(until, Date.now() + state.msBeforeNext);
  }
  return until ? { until: new Date(until) } : null;
}

/** Counts one failure against each subject; returns the lockout it starts, if it used up a limit. */
export async function recordFailure(keys: AttemptKeys): Promise<Lockout | null> {
  let until = 0;
  for (const [name, key] of entries(keys)) {
    const state = await limiter(name).penalty(key, 1);
    if (state.consumedPoints >= SIGN_IN_LIMITS[name].points) until = Math.max(until, Date.now() + state.msBeforeNext);
  }
  return until ? { until: new Date(until) } : null;
}

/** Forgets the failures of the given subjects (after a successful sign-in). */
export async function clearFailures(keys: AttemptKeys): Promise<void> {
  for (const [name, key] of entries(keys)) await limiter(name).delete(key);
}
