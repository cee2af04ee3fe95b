/**
 * Instant-runoff over rankings of option indexes (first = most preferred). Pure and client-safe.
 *
 * Each round, every ballot counts for its highest-ranked option still in the race. An option with more
 * than half of the ballots still counting wins. Otherwise the option with the fewest votes this round is
 * eliminated. A tie for fewest is broken by looking back: the tied option with fewer votes in the
 * previous round goes, then the round before, back to round 1; if they are still tied, the option listed
 * later in the question goes (the higher option number). One option is eliminated per round. A ballot
 * whose ranked options have all been eliminated is exhausted: it no longer counts, and the number of
 * exhausted ballots is shown for each round. Ballots that rank nothing are left out from the start.
 * When one option is left it wins; if every ballot is exhausted there is no winner.
 */
export interface RunoffRound {
  /** Votes per option this round; null for options already eliminated. */
  counts: (number | null)[];
  /** Ballots still counting this round. */
  active: number;
  exhausted: number;
  /** The option eliminated at the end of this round, if any. */
  eliminated: number | null;
  /** Whether the elimination needed the tie-break. */
  tieBroken: boolean;
  /** The option that won in this round, if any. */
  winner: number | null;
}

export interface RunoffResult {
  rounds: RunoffRound[];
  winner: number | null;
  ballots: number;
}

export function instantRunoff(optionCount: number, rawBallots: readonly (readonly number[])[]): RunoffResult {
  const ballots = rawBallots
    .map((b) => b.filter((o, i) => o >= 0 && o < optionCount && b.indexOf(o) === i))
    .filter((b) => b.length > 0);
  const continuing = new Set(Array.from({ length: optionCount }, (_, i) => i));
  const rounds: RunoffRound[] = [];
  let winner: number | null = null;

  while (continuing.size > 0) {
    const counts: (number | null)[] = Array.from({ length: optionCount }, (_, i) =>
      continuing.has(i) ? 0 : null,
    );
    let exhausted = 0;
    for (const ballot of ballots) {
      const top = ballot.find((o) => continuing.has(o));
      if (top === undefined) exhausted++;
      else counts[top] = (counts[top] ?? 0) + 1;
    }
    const active = ballots.length - exhausted;
    const round: RunoffRound = {
      counts,
      active,
      exhausted,
      eliminated: null,
      tieBroken: false,
      winner: null,
    };
    rounds.push(round);
    if (active === 0) break;
    const leader = [...continuing].find((o) => (counts[o] ?? 0) * 2 > active);
    if (leader !== undefined || continuing.size === 1) {
      winner = leader ?? [...continuing][0]!;
      round.winner = winner;
      break;
    }
    const fewest = Math.min(...[...continuing].map((o) => counts[o] ?? 0));
    let tied = [...continuing].filter((o) => counts[o] === fewest);
    round.tieBroken = tied.length > 1;
    for (let back = rounds.length - 2; back >= 0 && tied.length > 1; back--) {
      const earlier = rounds[back]!.counts;
      const low = Math.min(...tied.map((o) => earlier[o] ?? 0));
      tied = tied.filter((o) => (earlier[o] ?? 0) === low);
    }
    const out = Math.max(...tied);
    round.eliminated = out;
    continuing.delete(out);
  }
  return { rounds, winner, ballots: ballots.length };
}
