/**
 * The stored count of a closed vote (vote_results.result), client-safe: the results page, the JSON
 * download and the public notice read this shape. Money in minor units (fen).
 */

export type VoteRuleName = "greedy" | "greedy-no-skip" | "equal-shares" | "approval" | "yes_no" | "council";

export interface ResultRow {
  proposalId: string;
  /** The proposal's number in this scheme (order of publication), used by the tie-break. */
  number: number;
  title: string;
  cost: number;
  /** Approvals (budget, approval), yes votes (yes_no), council yes votes (council). */
  votes: number;
  selected: boolean;
  /** Spend after this row, when the row is selected (budget method). */
  cumulative: number | null;
  yes?: number;
  no?: number;
  abstain?: number;
  /** Council vote figures; absent when the council has not voted on it. */
  council?: {
    members: number;
    present: number;
    quorum: boolean;
    reason: "passed" | "noQuorum" | "noMajority";
  } | null;
}

export interface ResultTie {
  proposalId: string;
  tiedWith: string[];
  decidedBy: "cost" | "support" | "order";
}

/** One line of the step-by-step explanation, as catalogue key + parameters. */
export interface ResultStep {
  key: string;
  params: Record<string, string | number>;
}

export interface VoteResult {
  version: 1;
  method: "budget" | "approval" | "yes_no" | "council";
  rule: VoteRuleName;
  budget: number;
  spend: number;
  ballots: { online: number; paper: number; total: number };
  /** Approval: K. */
  k: number | null;
  /** In the order the table shows them: selected first in the order chosen, then the others. */
  rows: ResultRow[];
  winners: string[];
  steps: ResultStep[];
  ties: ResultTie[];
  equalShares: {
    initialShare: number;
    finalShare: number;
    increments: number;
    stopReason: string;
  } | null;
}

/** Amounts in yuan for display: fen ÷ 100, with 0–2 decimals. */
export function yuan(minor: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2, minimumFractionDigits: 0 }).format(
    minor / 100,
  );
}

/** Catalogue key of the words that explain each rule (docs/voting.md, "The rules in plain words"). */
export const ruleExplanationKey: Record<VoteRuleName, string> = {
  greedy: "voting:rules.greedy.body",
  "greedy-no-skip": "voting:rules.greedyNoSkip.body",
  "equal-shares": "voting:rules.equalShares.body",
  approval: "voting:rules.approval.body",
  yes_no: "voting:rules.yesNo.body",
  council: "voting:rules.council.body",
};

export const ruleNameKey: Record<VoteRuleName, string> = {
  greedy: "voting:rules.greedy.name",
  "greedy-no-skip": "voting:rules.greedyNoSkip.name",
  "equal-shares": "voting:rules.equalShares.name",
  approval: "voting:rules.approval.name",
  yes_no: "voting:rules.yesNo.name",
  council: "voting:rules.council.name",
};
