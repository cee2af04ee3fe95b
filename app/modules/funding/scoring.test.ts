import { describe, expect, test } from "vitest";
import {
  aggregate,
  compareRanked,
  criteriaPart,
  isSpreadFlagged,
  priceScore,
  rank,
  roundScore,
} from "./scoring";

describe("aggregate", () => {
  test("mean of 7, 8, 9 is 8", () => {
    expect(aggregate([7, 8, 9], "mean")).toBe(8);
  });

  test("mean of 6, 7 is 6.5", () => {
    expect(aggregate([6, 7], "mean")).toBe(6.5);
  });

  test("no scores → null", () => {
    expect(aggregate([], "mean")).toBeNull();
    expect(aggregate([], "trimmed_mean")).toBeNull();
  });

  test("trimmed mean with 5 reviewers drops one highest and one lowest: 2, 6, 7, 8, 10 → (6+7+8)/3 = 7", () => {
    expect(aggregate([10, 2, 7, 6, 8], "trimmed_mean")).toBe(7);
    // The plain mean of the same scores is 33/5 = 6.6.
    expect(aggregate([10, 2, 7, 6, 8], "mean")).toBeCloseTo(6.6, 10);
  });

  test("trimmed mean drops only one of several equal extremes: 9, 9, 9, 5, 5 → (9+9+5)/3", () => {
    expect(aggregate([9, 9, 9, 5, 5], "trimmed_mean")).toBeCloseTo(23 / 3, 10);
  });

  test("trimmed mean with 4 reviewers is the plain mean: 2, 6, 8, 10 → 6.5", () => {
    expect(aggregate([2, 6, 8, 10], "trimmed_mean")).toBe(6.5);
  });
});

describe("isSpreadFlagged", () => {
  test("spread of exactly 40% of the scale is not flagged (6 and 10 on a 0–10 scale)", () => {
    expect(isSpreadFlagged([6, 10], 10)).toBe(false);
    expect(isSpreadFlagged([4, 6, 8], 10)).toBe(false);
  });

  test("spread above 40% is flagged (5 and 10 on 0–10; 0 and 7 on 0–15)", () => {
    expect(isSpreadFlagged([5, 8, 10], 10)).toBe(true);
    expect(isSpreadFlagged([0, 7], 15)).toBe(true);
    // 6 on a 0–15 scale is exactly 40%.
    expect(isSpreadFlagged([0, 6], 15)).toBe(false);
  });

  test("one score or none is never flagged", () => {
    expect(isSpreadFlagged([0], 10)).toBe(false);
    expect(isSpreadFlagged([], 10)).toBe(false);
  });
});

describe("criteriaPart", () => {
  test("Σ aggregated ÷ max × weight: 8/10×60 + 3/5×40 = 48 + 24 = 72", () => {
    expect(
      criteriaPart([
        { aggregated: 8, maxScore: 10, weight: 60 },
        { aggregated: 3, maxScore: 5, weight: 40 },
      ]),
    ).toBeCloseTo(72, 10);
  });

  test("an unscored criterion counts 0", () => {
    expect(
      criteriaPart([
        { aggregated: 10, maxScore: 10, weight: 50 },
        { aggregated: null, maxScore: 10, weight: 50 },
      ]),
    ).toBe(50);
  });
});

describe("priceScore", () => {
  test("bids 80 000 and 100 000 with price weight 30 → 30 and 24", () => {
    const bids = [80_000_00, 100_000_00];
    expect(priceScore(80_000_00, bids, 30)).toBe(30);
    expect(priceScore(100_000_00, bids, 30)).toBe(24);
  });

  test("zero bids are not valid and do not set the lowest", () => {
    expect(priceScore(100_000_00, [0, 100_000_00, 125_000_00], 30)).toBe(30);
    expect(priceScore(125_000_00, [0, 100_000_00, 125_000_00], 30)).toBe(24);
    expect(priceScore(0, [0, 100_000_00], 30)).toBeNull();
  });

  test("no price weight (a venture call) → null", () => {
    expect(priceScore(100_000_00, [100_000_00], 0)).toBeNull();
  });
});

describe("rank", () => {
  const at = (s: string) => new Date(`2026-11-0${s}T10:00:00+08:00`);

  test("total desc, then lower request, then earlier submission, then id", () => {
    const items = [
      { id: "d", totalScore: 80, requestedMinor: 100, submittedAt: at("2") },
      { id: "c", totalScore: 80, requestedMinor: 100, submittedAt: at("2") },
      { id: "b", totalScore: 80, requestedMinor: 100, submittedAt: at("1") },
      { id: "a", totalScore: 80, requestedMinor: 90, submittedAt: at("3") },
      { id: "e", totalScore: 90, requestedMinor: 500, submittedAt: at("4") },
    ];
    expect(rank(items).map((x) => [x.id, x.rank])).toEqual([
      ["e", 1],
      ["a", 2],
      ["b", 3],
      ["c", 4],
      ["d", 5],
    ]);
  });

  test("floating-point noise does not break a tie: 0.1 + 0.2 and 0.3 are equal totals", () => {
    const a = { id: "a", totalScore: 0.1 + 0.2, requestedMinor: 100, submittedAt: null };
    const b = { id: "b", totalScore: 0.3, requestedMinor: 50, submittedAt: null };
    expect(compareRanked(a, b)).toBeGreaterThan(0);
  });

  test("roundScore rounds to two decimals", () => {
    expect(roundScore(23 / 3)).toBe(7.67);
  });
});
