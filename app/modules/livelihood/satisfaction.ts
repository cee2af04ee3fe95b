/**
 * The satisfaction result of a delivered project (pure, client-safe), by the rule used for people's
 * congress evaluations of livelihood projects: more than half 满意 → satisfied; otherwise 满意 + 基本满意
 * more than half → basically satisfied; otherwise dissatisfied. "More than half" is strict: 2 of 4 is not.
 */
export const satisfactionRatings = ["satisfied", "basically_satisfied", "dissatisfied"] as const;
export type SatisfactionRating = (typeof satisfactionRatings)[number];

export type SatisfactionCounts = Record<SatisfactionRating, number>;

export type SatisfactionResult = {
  /** null while nobody has rated. */
  outcome: SatisfactionRating | null;
  counts: SatisfactionCounts;
  total: number;
};

export function emptyCounts(): SatisfactionCounts {
  return { satisfied: 0, basically_satisfied: 0, dissatisfied: 0 };
}

export function satisfactionResult(counts: SatisfactionCounts): SatisfactionResult {
  const total = counts.satisfied + counts.basically_satisfied + counts.dissatisfied;
  let outcome: SatisfactionRating | null = null;
  if (total > 0) {
    // 2 × part > total is "more than half" without fractions.
    if (2 * counts.satisfied > total) outcome = "satisfied";
    else if (2 * (counts.satisfied + counts.basically_satisfied) > total) outcome = "basically_satisfied";
    else outcome = "dissatisfied";
  }
  return { outcome, counts: { ...counts }, total };
}

/** The participation-event code of a rating (event meta.rating). */
export function ratingEventCode(rating: SatisfactionRating): "satisfied" | "basically" | "dissatisfied" {
  return rating === "basically_satisfied" ? "basically" : rating;
}
