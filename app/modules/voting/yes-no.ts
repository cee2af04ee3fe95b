/**
 * A yes/no vote on one matter: it passes when more of the votes cast say yes than say no. Abstentions
 * are cast (they count for turnout) but are neither yes nor no, so they cannot make a matter pass or fail.
 */

export type YesNoChoice = "yes" | "no" | "abstain";

export interface YesNoTally {
  readonly yes: number;
  readonly no: number;
  readonly abstain: number;
}

export interface YesNoOutcome extends YesNoTally {
  readonly passed: boolean;
  readonly cast: number;
  /** Residents entitled to vote, when known. */
  readonly eligible?: number;
  /** cast ÷ eligible, when eligible is known and positive. */
  readonly turnout?: number;
}

export function tallyYesNo(choices: Iterable<YesNoChoice>): YesNoTally {
  let yes = 0;
  let no = 0;
  let abstain = 0;
  for (const choice of choices) {
    if (choice === "yes") yes += 1;
    else if (choice === "no") no += 1;
    else abstain += 1;
  }
  return { yes, no, abstain };
}

function assertCount(value: number, what: string) {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${what} must be a whole number ≥ 0, got ${value}`);
}

export function countYesNo(tally: YesNoTally & { readonly eligible?: number }): YesNoOutcome {
  assertCount(tally.yes, "yes");
  assertCount(tally.no, "no");
  assertCount(tally.abstain, "abstain");
  const cast = tally.yes + tally.no + tally.abstain;
  const outcome = {
    yes: tally.yes,
    no: tally.no,
    abstain: tally.abstain,
    cast,
    passed: tally.yes > tally.no,
  };
  if (tally.eligible === undefined) return outcome;
  assertCount(tally.eligible, "eligible");
  if (cast > tally.eligible) throw new RangeError(`${cast} votes cast but only ${tally.eligible} eligible`);
  return {
    ...outcome,
    eligible: tally.eligible,
    ...(tally.eligible > 0 ? { turnout: cast / tally.eligible } : {}),
  };
}
