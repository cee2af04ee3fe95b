import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { and, eq, lt, sql } from "drizzle-orm";
import { rateLimitBuckets } from "~db/schema/platform";
import { db } from "./db.server";
import { env } from "./env.server";

/** At most `limit` counted events per fixed window of `windowSeconds`, per subject. */
export interface RateLimitRule {
  /** Stable name, part of every bucket key ("login-account-1m"). */
  name: string;
  limit: number;
  windowSeconds: number;
}

/** A slot taken in one bucket; give it back with `releaseRateLimits` when the event should not count. */
export type RateLimitReservation = { key: string; windowStart: Date };

export type RateLimitOutcome =
  | { allowed: true; reservations: RateLimitReservation[] }
  | { allowed: false; rule: RateLimitRule; retryAfterSeconds: number };

/** Old windows are pruned after this; no rule may use a longer window. */
const MAX_WINDOW_SECONDS = 24 * 60 * 60;
const PRUNE_EVERY_MS = 10 * 60 * 1000;
let lastPrunedAt = 0;

export function rateLimitsEnabled() {
  return env.KAPOK_RATE_LIMITS !== "off";
}

function windowStartOf(rule: RateLimitRule, now: Date): Date {
  const size = rule.windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / size) * size);
}

// Subjects are identifiers and IP addresses: only a hash of them is kept in the table.
function bucketKey(rule: RateLimitRule, subject: string) {
  return `${rule.name}:${encodeHexLowerCase(sha256(new TextEncoder().encode(subject))).slice(0, 32)}`;
}

/**
 * Takes one slot in the subject's current window, atomically: the upsert only increments while the count
 * is below the limit, so parallel requests can never overshoot it and a refused request writes nothing.
 */
async function takeSlot(rule: RateLimitRule, subject: string, now: Date) {
  if (rule.windowSeconds > MAX_WINDOW_SECONDS) throw new Error(`Kapok: rate limit ${rule.name} has a window over a day`);
  const key = bucketKey(rule, subject);
  const windowStart = windowStartOf(rule, now);
  const rows = await db
    .insert(rateLimitBuckets)
    .values({ key, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: [rateLimitBuckets.key, rateLimitBuckets.windowStart],
      set: { count: sql`${rateLimitBuckets.count} + 1` },
      setWhere: sql`${rateLimitBuckets.count} < ${rule.limit}`,
    })
    .returning({ count: rateLimitBuckets.count });
  if (rows.length > 0) return { allowed: true as const, reservation: { key, windowStart } };
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + rule.windowSeconds * 1000 - now.getTime()) / 1000));
  return { allowed: false as const, retryAfterSeconds };
}

/**
 * Takes a slot under every rule, or none: when one rule refuses, the slots already taken are given back.
 * Runs outside any business transaction on purpose, so a counted failure survives that transaction's rollback.
 */
export async function reserveRateLimits(
  checks: Array<{ rule: RateLimitRule; subject: string }>,
  now = new Date(),
): Promise<RateLimitOutcome> {
  if (!rateLimitsEnabled()) return { allowed: true, reservations: [] };
  await maybePrune(now);
  const reservations: RateLimitReservation[] = [];
  for (const { rule, subject } of checks) {
    const slot = await takeSlot(rule, subject, now);
    if (!slot.allowed) {
      await releaseRateLimits(reservations);
      return { allowed: false, rule, retryAfterSeconds: slot.retryAfterSeconds };
    }
    reservations.push(slot.reservation);
  }
  return { allowed: true, reservations };
}

/** Gives slots back (e.g. a login that succeeded does not use up the failure budget). */
export async function releaseRateLimits(reservations: RateLimitReservation[]) {
  for (const { key, windowStart } of reservations) {
    await db
      .update(rateLimitBuckets)
      .set({ count: sql`greatest(${rateLimitBuckets.count} - 1, 0)` })
      .where(and(eq(rateLimitBuckets.key, key), eq(rateLimitBuckets.windowStart, windowStart)));
  }
}

/** Deletes windows that no rule can still be counting in. */
export async function pruneRateLimitBuckets(now = new Date()) {
  await db.delete(rateLimitBuckets).where(lt(rateLimitBuckets.windowStart, new Date(now.getTime() - MAX_WINDOW_SECONDS * 1000)));
}

// Pruning on the request path at most every few minutes per process keeps the table small without a
// scheduler; a failure here must never refuse the request.
async function maybePrune(now: Date) {
  if (Math.abs(now.getTime() - lastPrunedAt) < PRUNE_EVERY_MS) return;
  lastPrunedAt = now.getTime();
  try {
    await pruneRateLimitBuckets(now);
  } catch {
    // Next time.
  }
}
