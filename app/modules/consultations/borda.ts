/**
 * Borda count over rankings of option indexes (first = most preferred). Pure and client-safe.
 *
 * Rule (also shown on the results page): with k options, the option ranked first on a ballot gets k−1
 * points, the second k−2, … the last 0. A ballot may rank only some options (a partial ranking): the
 * options it ranks get the same points they would get in a full ranking (k−1, k−2, … by position) and the
 * options it leaves out get 0 points. Ballots that rank nothing add nothing. Equal scores share a place.
 */
export interface BordaRow {
  option: number;
  score: number;
  /** 1 = highest score; options with equal scores share the place. */
  place: number;
}

export function bordaScores(optionCount: number, ballots: readonly (readonly number[])[]): number[] {
  const scores = Array.from({ length: optionCount }, () => 0);
  for (const ballot of ballots) {
    const seen = new Set<number>();
    ballot.forEach((option, position) => {
      if (option < 0 || option >= optionCount || seen.has(option)) return;
      seen.add(option);
      scores[option]! += Math.max(optionCount - 1 - position, 0);
    });
  }
  return scores;
}

/** Options ordered by score (highest first; equal scores in option order), with shared places. */
export function bordaRanking(optionCount: number, ballots: readonly (readonly number[])[]): BordaRow[] {
  const scores = bordaScores(optionCount, ballots);
  const rows = scores
    .map((score, option) => ({ option, score, place: 0 }))
    .sort((a, b) => b.score - a.score || a.option - b.option);
  rows.forEach((row, i) => {
    row.place = i > 0 && rows[i - 1]!.score === row.score ? rows[i - 1]!.place : i + 1;
  });
  return rows;
}
