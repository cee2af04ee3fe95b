import { count, like } from "drizzle-orm";
import { afterEach, expect, test } from "vitest";
import { rateLimitBuckets } from "~db/schema/platform";
import { db } from "./db.server";
import { env } from "./env.server";
import { pruneRateLimitBuckets, releaseRateLimits, reserveRateLimits, type RateLimitRule } from "./rate-limit.server";

const rule = (name: string, limit: number, windowSeconds = 60): RateLimitRule => ({ name, limit, windowSeconds });

afterEach(() => {
  env.KAPOK_RATE_LIMITS = "on";
});

test("a fixed window admits `limit` events, then refuses until the next window", async () => {
  const r = rule("t-fixed", 3);
  const now = new Date(Date.UTC(2026, 0, 1, 12, 0, 10));
  for (let i = 0; i < 3; i++) expect((await reserveRateLimits([{ rule: r, subject: "a" }], now)).allowed).toBe(true);
  const refused = await reserveRateLimits([{ rule: r, subject: "a" }], now);
  expect(refused).toEqual({ allowed: false, rule: r, retryAfterSeconds: 50 });
  // Other subjects have their own buckets.
  expect((await reserveRateLimits([{ rule: r, subject: "b" }], now)).allowed).toBe(true);
  // The next window starts at 12:01:00.
  expect((await reserveRateLimits([{ rule: r, subject: "a" }], new Date(Date.UTC(2026, 0, 1, 12, 1, 0)))).allowed).toBe(true);
});

test("parallel reservations never exceed the limit", async () => {
  const r = rule("t-parallel", 7);
  const now = new Date();
  const results = await Promise.all(Array.from({ length: 20 }, () => reserveRateLimits([{ rule: r, subject: "x" }], now)));
  expect(results.filter((x) => x.allowed)).toHaveLength(7);
});

test("all rules or none: a refusal by one gives back the slots taken under the others", async () => {
  const loose = rule("t-loose", 10);
  const tight = rule("t-tight", 1);
  const now = new Date();
  const checks = [
    { rule: loose, subject: "s" },
    { rule: tight, subject: "s" },
  ];
  expect((await reserveRateLimits(checks, now)).allowed).toBe(true);
  for (let i = 0; i < 5; i++) expect((await reserveRateLimits(checks, now)).allowed).toBe(false);
  const [row] = await db.select({ count: rateLimitBuckets.count }).from(rateLimitBuckets).where(like(rateLimitBuckets.key, "t-loose:%"));
  expect(row!.count).toBe(1);
});

test("released slots can be used again", async () => {
  const r = rule("t-release", 1);
  const now = new Date();
  const first = await reserveRateLimits([{ rule: r, subject: "y" }], now);
  if (!first.allowed) throw new Error("should be allowed");
  expect((await reserveRateLimits([{ rule: r, subject: "y" }], now)).allowed).toBe(false);
  await releaseRateLimits(first.reservations);
  expect((await reserveRateLimits([{ rule: r, subject: "y" }], now)).allowed).toBe(true);
});

test("subjects (addresses, phone numbers) are stored only as hashes", async () => {
  await reserveRateLimits([{ rule: rule("t-hash", 5), subject: "+8613800138000" }]);
  const rows = await db.select({ key: rateLimitBuckets.key }).from(rateLimitBuckets).where(like(rateLimitBuckets.key, "t-hash:%"));
  expect(rows).toHaveLength(1);
  expect(rows[0]!.key).not.toContain("138");
});

test("old windows are pruned", async () => {
  const r = rule("t-prune", 5);
  const old = new Date(Date.now() - 3 * 24 * 60 * 60 * 1000);
  await reserveRateLimits([{ rule: r, subject: "z" }], old);
  await pruneRateLimitBuckets(new Date());
  const [row] = await db.select({ n: count() }).from(rateLimitBuckets).where(like(rateLimitBuckets.key, "t-prune:%"));
  expect(row!.n).toBe(0);
});

test("KAPOK_RATE_LIMITS=off admits everything and writes nothing", async () => {
  env.KAPOK_RATE_LIMITS = "off";
  const r = rule("t-off", 1);
  for (let i = 0; i < 5; i++) expect((await reserveRateLimits([{ rule: r, subject: "o" }])).allowed).toBe(true);
  const [row] = await db.select({ n: count() }).from(rateLimitBuckets).where(like(rateLimitBuckets.key, "t-off:%"));
  expect(row!.n).toBe(0);
});
