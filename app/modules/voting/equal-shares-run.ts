import type { PreparedInstance, TieNote } from "./budget-instance";
import { breakTie } from "./tie-break";

/** What one run of Equal Shares at a fixed share per voter produces, whichever arithmetic computed it. */

export type EqualSharesStep =
  | {
      readonly kind: "selected";
      readonly round: number;
      readonly projectId: string;
      readonly cost: number;
      /** Voters who support it (approved it, or gave it points). */
      readonly supporters: number;
      /** λ: the most any supporter pays per vote (per point), minor units. */
      readonly pricePerVote: number;
      /** cost ÷ λ: the number of votes (points) that effectively count for it this round. */
      readonly effectiveSupport: number;
      /** Supporters who had less than λ left and gave all they had. */
      readonly paidInFull: number;
      readonly tie?: TieNote;
    }
  | {
      /** Its supporters' remaining money no longer covers its cost; it is dropped. */
      readonly kind: "unaffordable";
      readonly round: number;
      readonly projectId: string;
      readonly cost: number;
      /** What its supporters had left together, minor units. */
      readonly supportersMoney: number;
    }
  | {
      /** Added after the Equal Shares rounds with money that was left (fill by votes). */
      readonly kind: "filled";
      readonly projectId: string;
      readonly support: number;
      readonly cost: number;
      readonly remainingBefore: number;
      readonly tie?: TieNote;
    };

/** One run of the rule at a fixed share per voter. */
export interface EqualSharesRun {
  readonly selected: number[];
  readonly total: number;
  readonly steps: EqualSharesStep[];
  /** True when the run was stopped because its total passed `abortAbove`. */
  readonly exceeded: boolean;
  readonly arithmetic: "exact" | "certified-float";
}

/** Candidate projects for the rounds: eligible and not free (free projects only come in the fill). */
export function equalSharesCandidates(p: PreparedInstance): number[] {
  const list: number[] = [];
  for (let c = 0; c < p.ids.length; c++) if (p.eligible[c] && p.cost[c]! > 0) list.push(c);
  return list;
}

/** Relates "utility" to money: with cost utilities an approval is worth the project's cost. */
export function utilityFactor(p: PreparedInstance, c: number): number {
  return p.kind === "approval" ? p.cost[c]! : 1;
}

export function tieNote(p: PreparedInstance, winner: number, tiedWith: readonly number[]): TieNote {
  const runnerUp = [...tiedWith].sort((a, b) => breakTie(p.tie, a, b).order)[0]!;
  return {
    tiedWith: tiedWith.map((other) => p.ids[other]!),
    decidedBy: breakTie(p.tie, winner, runnerUp).reason,
  };
}
