import {
  prepareInstance,
  type BudgetInstance,
  type BudgetOutcomeBase,
  type PreparedInstance,
  type TieNote,
} from "./budget-instance";
import { breakTie } from "./tie-break";

/**
 * The usual participatory-budget count ("greedy" in Pabulib): projects in order of votes (points), most
 * first; each is funded if it still fits in what is left of the budget. Plain greedy skips a project that
 * does not fit and goes on to cheaper ones; greedy-no-skip stops at the first one that does not fit.
 */

export type GreedyStep =
  | {
      readonly kind: "selected";
      readonly projectId: string;
      readonly support: number;
      readonly cost: number;
      readonly remainingBefore: number;
      readonly remainingAfter: number;
      readonly tie?: TieNote;
    }
  | {
      /** greedy: this project costs more than what is left, so it is passed over. */
      readonly kind: "skipped";
      readonly projectId: string;
      readonly support: number;
      readonly cost: number;
      readonly remainingBefore: number;
      readonly tie?: TieNote;
    }
  | {
      /** greedy-no-skip: the first project that does not fit ends the count. */
      readonly kind: "stopped";
      readonly projectId: string;
      readonly support: number;
      readonly cost: number;
      readonly remainingBefore: number;
      readonly tie?: TieNote;
    }
  | {
      /** greedy-no-skip: a project after the stop, never considered. */
      readonly kind: "notReached";
      readonly projectId: string;
      readonly support: number;
      readonly cost: number;
    }
  | {
      /** Nobody voted for it, or it has fewer votes than the vote's minimum. */
      readonly kind: "ineligible";
      readonly projectId: string;
      readonly support: number;
      readonly reason: "noSupport" | "belowMinimum";
    };

export interface GreedyOutcome extends BudgetOutcomeBase {
  readonly rule: "greedy" | "greedy-no-skip";
  readonly steps: readonly GreedyStep[];
}

/** Project indices by support, most first, then the documented tie-break; with tie notes. */
export function rankBySupport(prepared: PreparedInstance, indices: readonly number[]) {
  const order = [...indices].sort((a, b) => {
    const diff = prepared.support[b]! - prepared.support[a]!;
    return diff !== 0 ? diff : breakTie(prepared.tie, a, b).order;
  });
  const ties = new Map<number, TieNote>();
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && prepared.support[order[end]!] === prepared.support[order[start]!]) end += 1;
    if (end - start > 1) {
      const group = order.slice(start, end);
      group.forEach((project, k) => {
        const neighbour = k + 1 < group.length ? group[k + 1]! : group[k - 1]!;
        ties.set(project, {
          tiedWith: group.filter((other) => other !== project).map((other) => prepared.ids[other]!),
          decidedBy: breakTie(prepared.tie, project, neighbour).reason,
        });
      });
    }
    start = end;
  }
  return { order, ties };
}

export function countGreedy(
  instance: BudgetInstance | PreparedInstance,
  options: { skip?: boolean } = {},
): GreedyOutcome {
  const prepared = "indexOf" in instance ? instance : prepareInstance(instance);
  const skip = options.skip ?? true;
  const steps: GreedyStep[] = [];
  const eligible: number[] = [];
  prepared.ids.forEach((id, c) => {
    if (prepared.eligible[c]) {
      eligible.push(c);
      return;
    }
    const noSupport = prepared.support[c]! <= 0 || prepared.supporterCount[c] === 0;
    steps.push({
      kind: "ineligible",
      projectId: id,
      support: prepared.support[c]!,
      reason: noSupport ? "noSupport" : "belowMinimum",
    });
  });
  const { order, ties } = rankBySupport(prepared, eligible);

  const selected: string[] = [];
  let remaining = prepared.budget;
  let stopped = false;
  for (const c of order) {
    const base = { projectId: prepared.ids[c]!, support: prepared.support[c]!, cost: prepared.cost[c]! };
    const tie = ties.get(c);
    if (stopped) {
      steps.push({ kind: "notReached", ...base });
      continue;
    }
    if (base.cost <= remaining) {
      steps.push({
        kind: "selected",
        ...base,
        remainingBefore: remaining,
        remainingAfter: remaining - base.cost,
        ...(tie && { tie }),
      });
      selected.push(base.projectId);
      remaining -= base.cost;
    } else if (skip) {
      steps.push({ kind: "skipped", ...base, remainingBefore: remaining, ...(tie && { tie }) });
    } else {
      steps.push({ kind: "stopped", ...base, remainingBefore: remaining, ...(tie && { tie }) });
      stopped = true;
    }
  }
  // The ineligible steps were collected first; the explanation reads better with them last.
  const ineligible = steps.filter((step) => step.kind === "ineligible");
  const counted = steps.filter((step) => step.kind !== "ineligible");
  return {
    rule: skip ? "greedy" : "greedy-no-skip",
    selected,
    totalCost: prepared.budget - remaining,
    budget: prepared.budget,
    steps: [...counted, ...ineligible],
  };
}
