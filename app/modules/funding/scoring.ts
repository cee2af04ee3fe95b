/**
 * Pure, client-safe scoring rules for funding calls (issue 4 §5, domain.md §2). Every function here is
 * deterministic so the ranked list, the public notice and the exports agree to the last decimal.
 */

export type AggregationRule = "mean" | "trimmed_mean";

/** Trimmed mean only trims when there are at least this many scores (Guangzhou practice: ≥5 reviewers). */
export const TRIM_MIN_SCORES = 5;
/** A criterion whose scores spread over more than 40% of its scale goes to panel discussion (isSpreadFlagged). */

/** The aggregated score of one criterion; null when nobody has scored it yet. */
export function aggregate(scores: readonly number[], rule: AggregationRule): number | null {
  if (scores.length === 0) return null;
  let used = [...scores];
  if (rule === "trimmed_mean" && scores.length >= TRIM_MIN_SCORES) {
    // Drop exactly one highest and one lowest, even when several reviewers gave that score.
    used.sort((a, b) => a - b);
    used = used.slice(1, -1);
  }
  return used.reduce((s, x) => s + x, 0) / used.length;
}

/** Whether the scores' spread (max − min) exceeds 40% of the criterion's scale: exactly 40% is not flagged. */
export function isSpreadFlagged(scores: readonly number[], maxScore: number): boolean {
  if (scores.length < 2 || maxScore <= 0) return false;
  const spread = Math.max(...scores) - Math.min(...scores);
  // spread > 40% × max, compared as 5 × spread > 2 × max so integer scores never meet float noise.
  return spread * 5 > maxScore * 2;
}

export type CriterionRubric = { weight: number; maxScore: number };

/**
 * Σ over criteria of aggregated ÷ maxScore × weight (0–100 minus the price weight). A criterion nobody
 * has scored counts 0, so an incomplete review never ranks above a complete one by accident.
 */
export function criteriaPart(criteria: readonly (CriterionRubric & { aggregated: number | null })[]): number {
  let total = 0;
  for (const c of criteria)
    if (c.aggregated !== null && c.maxScore > 0) total += (c.aggregated / c.maxScore) * c.weight;
  return total;
}

/**
 * The standard price score (价格分 = 最低有效报价 ÷ 本报价 × 价格权重). Valid bids are the eligible
 * applications' requests above zero; a bid that is not valid scores null.
 */
export function priceScore(
  bidMinor: number,
  validBidsMinor: readonly number[],
  priceWeight: number,
): number | null {
  if (priceWeight <= 0 || bidMinor <= 0) return null;
  const valid = validBidsMinor.filter((b) => b > 0);
  if (valid.length === 0) return null;
  const lowest = Math.min(...valid);
  return (lowest / bidMinor) * priceWeight;
}

/** Round a score for storage and display (the ranking uses the unrounded value). */
export function roundScore(x: number): number {
  return Math.round(x * 100) / 100;
}

export type Rankable = {
  id: string;
  totalScore: number;
  requestedMinor: number;
  submittedAt: Date | null;
};

/**
 * Deterministic order: total score descending; then the lower request / bid first (better value for
 * public money); then the earlier submission; then the application id, so equal inputs always give the
 * same list. Scores are compared after rounding to 1e-9 to ignore floating-point noise.
 */
export function compareRanked(a: Rankable, b: Rankable): number {
  const ta = Math.round(a.totalScore * 1e9);
  const tb = Math.round(b.totalScore * 1e9);
  if (ta !== tb) return tb - ta;
  if (a.requestedMinor !== b.requestedMinor) return a.requestedMinor - b.requestedMinor;
  const sa = a.submittedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const sb = b.submittedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (sa !== sb) return sa < sb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Sort and number 1..n (ranks are positions: ties are broken by compareRanked, never shared). */
export function rank<T extends Rankable>(items: readonly T[]): (T & { rank: number })[] {
  return [...items].sort(compareRanked).map((x, i) => ({ ...x, rank: i + 1 }));
}
