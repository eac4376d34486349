import "server-only";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { db } from "@/lib/db";

// Sign-in rate limits, counted in PostgreSQL (the RateLimit table) so that every server instance sees
// the same counters. Every attempt is reserved before its password or code is checked, and the
// reservation is one atomic increment in the database: however many requests arrive at once, on one
// server or several, no more than the limit get checked. An attempt that turns out right gives its
// point back (a successful sign-in clears its account's counter).
//   - per account (the email typed, known or not, so the limit says nothing about which exist):
//     5 sign-in attempts in 15 minutes, then refused until the 15 minutes are up;
//   - per client address: 20 attempts in 15 minutes, across every account tried from there;
//   - per account, two-factor codes: 5 codes in 15 minutes.
export const SIGN_IN_LIMITS = {
  account: { points: 5, minutes: 15 },
  ip: { points: 20, minutes: 15 },
  totp: { points: 5, minutes: 15 },
} as const;

type LimitName = keyof typeof SIGN_IN_LIMITS;

// Newsletter sign-ups, which send a confirmation email: no mail bombs through the public form.
//   - per address: 3 confirmation emails an hour (whoever asks for them);
//   - per client address: 20 sign-ups an hour.
export const SUBSCRIBE_LIMITS = {
  subscribeAddress: { points: 3, minutes: 60 },
  subscribeIp: { points: 20, minutes: 60 },
} as const;

type AnyLimit = LimitName | keyof typeof SUBSCRIBE_LIMITS;
const ALL_LIMITS: Record<AnyLimit, { points: number; minutes: number }> = { ...SIGN_IN_LIMITS, ...SUBSCRIBE_LIMITS };
const PREFIXES: Record<AnyLimit, string> = {
  account: "signin:account",
  ip: "signin:ip",
  totp: "totp",
  subscribeAddress: "subscribe:address",
  subscribeIp: "subscribe:ip",
};

const holder = globalThis as unknown as { newsroomRateLimiters?: Record<AnyLimit, RateLimiterPrisma> };

function limiter(name: AnyLimit): RateLimiterPrisma {
  holder.newsroomRateLimiters ??= Object.fromEntries(
    (Object.keys(ALL_LIMITS) as AnyLimit[]).map((key) => [
      key,
      new RateLimiterPrisma({
        storeClient: db(),
        tableName: "rateLimit",
        keyPrefix: PREFIXES[key],
        points: ALL_LIMITS[key].points,
        duration: ALL_LIMITS[key].minutes * 60,
      }),
    ]),
  ) as Record<AnyLimit, RateLimiterPrisma>;
  return holder.newsroomRateLimiters[name];
}

/**
 * Takes one point of each newsletter sign-up limit (an address, a client address; a missing one is
 * not limited). False when any limit is used up: nothing is sent then.
 */
export async function takeSubscribeAttempt(keys: { address: string; ip?: string | null }): Promise<boolean> {
  const entries: [keyof typeof SUBSCRIBE_LIMITS, string][] = [["subscribeAddress", keys.address]];
  if (keys.ip) entries.push(["subscribeIp", keys.ip]);
  for (const [name, key] of entries) {
    try {
      await limiter(name).consume(key, 1);
    } catch (error) {
      if (error instanceof RateLimiterRes) return false;
      throw error;
    }
  }
  return true;
}

export type Lockout = { until: Date };

/** The subjects an attempt counts against; a missing address (no request) is simply not limited. */
export type AttemptKeys = { account?: string | null; ip?: string | null; totp?: string | null };

type Entry = [LimitName, string];

function entries(keys: AttemptKeys): Entry[] {
  return (Object.entries(keys) as [LimitName, string | null | undefined][]).filter((e): e is Entry => Boolean(e[1]));
}

/**
 * Gives one point back, but only to a counter still in its window: rate-limiter-flexible's reward()
 * would start an expired counter at -1, an extra guess for whoever came back later.
 */
async function refund([name, key]: Entry): Promise<void> {
  await db().rateLimit.updateMany({
    where: { key: limiter(name).getKey(key), points: { gt: 0 }, expire: { gt: new Date() } },
    data: { points: { decrement: 1 } },
  });
}

/** An attempt that holds one point of each of its subjects' limits until it is known to be right. */
export type Reservation = {
  /** Set when this attempt took the last point of a limit: if it fails, that limit is now locked. */
  lastChance: Lockout | null;
  /** The attempt was right (or never got to be checked): give the points back. */
  refund(): Promise<void>;
};

const lockoutFrom = (msBeforeNext: number): Lockout => ({ until: new Date(Date.now() + msBeforeNext) });

/**
 * Takes one point from each subject's limit, atomically in the database, before anything is checked.
 * Returns the lockout instead when any limit was already used up; nothing stays counted then (the
 * points this call took are given back), so that refused attempts do not push counters past their
 * limits or lengthen anyone's lockout.
 */
export async function reserveAttempt(keys: AttemptKeys): Promise<{ reservation: Reservation } | { lockout: Lockout }> {
  const taken: Entry[] = [];
  let lastChance = 0;
  try {
    for (const entry of entries(keys)) {
      const [name, key] = entry;
      try {
        const state = await limiter(name).consume(key, 1);
        taken.push(entry);
        if (state.consumedPoints >= SIGN_IN_LIMITS[name].points) lastChance = Math.max(lastChance, Date.now() + state.msBeforeNext);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        // consume() counted this refused attempt as well; take it back.
        await refund(entry);
        for (const other of taken) await refund(other);
        return { lockout: lockoutFrom(error.msBeforeNext) };
      }
    }
  } catch (error) {
    // The database failed part-way: give back what was taken, as far as it is reachable again.
    await Promise.allSettled(taken.map(refund));
    throw error;
  }
  return {
    reservation: {
      lastChance: lastChance ? { until: new Date(lastChance) } : null,
      refund: async () => {
        for (const entry of taken) await refund(entry);
      },
    },
  };
}

export type GuardedOutcome<T> =
  | { kind: "right"; value: T }
  /** Checked and wrong; `lockout` when this attempt used up a limit. */
  | { kind: "wrong"; lockout: Lockout | null }
  /** Refused before anything was checked. */
  | { kind: "locked"; lockout: Lockout };

/**
 * Checks a password or code (`check` answers null when it is wrong) only while holding a reservation
 * against `keys`: a right answer, or a check that fails unexpectedly, gives the points back.
 */
export async function guardedAttempt<T>(keys: AttemptKeys, check: () => Promise<T | null>): Promise<GuardedOutcome<T>> {
  const reserved = await reserveAttempt(keys);
  if ("lockout" in reserved) return { kind: "locked", lockout: reserved.lockout };
  let value: T | null;
  try {
    value = await check();
  } catch (error) {
    await reserved.reservation.refund().catch(() => {});
    throw error;
  }
  if (value === null) return { kind: "wrong", lockout: reserved.reservation.lastChance };
  await reserved.reservation.refund();
  return { kind: "right", value };
}

/** Forgets the attempts of the given subjects (after a successful sign-in). */
export async function clearFailures(keys: AttemptKeys): Promise<void> {
  for (const [name, key] of entries(keys)) await limiter(name).delete(key);
}
