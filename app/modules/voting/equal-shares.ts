import {
  prepareInstance,
  type BudgetInstance,
  type BudgetOutcomeBase,
  type PreparedInstance,
} from "./budget-instance";
import { runExact } from "./equal-shares-exact";
import { runCertifiedFloat } from "./equal-shares-float";
import { equalSharesCandidates, type EqualSharesRun, type EqualSharesStep } from "./equal-shares-run";
import { rankBySupport } from "./greedy";

export type { EqualSharesStep } from "./equal-shares-run";

/**
 * The Method of Equal Shares for participatory budgets, as equalshares.net defines it and as Wieliczka,
 * Świecie and Assen used it, with "cost utilities" for approval ballots:
 *
 *   - the budget is divided equally among the voters (B ÷ n each);
 *   - a project can only be paid for by its own supporters, out of their shares;
 *   - its cost is split among them as equally as possible: each pays min(their remaining money, λ·w),
 *     where w is 1 for an approval (the points they gave, for points ballots) and λ the smallest price
 *     that raises the whole cost;
 *   - each round selects the project whose supporters can pay for it at the lowest price per unit of
 *     utility ρ. With cost utilities (approval: a supporter's utility is the project's cost) ρ = λ ÷ cost,
 *     i.e. the highest "effective vote count" cost ÷ λ. For points ballots the utility is the points
 *     given, so ρ = λ;
 *   - projects their supporters can no longer afford are dropped; it ends when nothing is affordable.
 *
 * Completion (equalshares.net, "Completion", and its reference code): if the outcome is not exhaustive,
 * run again with every voter's share raised by one currency unit (1 yuan, 1 zł), and again, while the
 * result still fits in the real budget; keep the last outcome that fits. Then, as the reference code
 * does, any money left funds the remaining projects in order of votes if they fit ("fill").
 *
 * Arithmetic: money is integer minor units; the rule itself needs fractions (B ÷ n, cost ÷ supporters).
 * A run is first done in floating point with a running error bound on every quantity; every decision
 * (which project is cheapest per unit, is a project affordable) is certified against that bound. If any
 * decision is too close to call, that run is redone in exact rational arithmetic (BigInt). So outcomes
 * are those of exact arithmetic: ties are real ties and are broken by the documented tie-break.
 */

export interface EqualSharesOptions {
  /** "add-one" (default) as equalshares.net recommends, or "none" for the plain method. */
  readonly completion?: "add-one" | "none";
  /** "greedy" (default, as equalshares.net's reference code): spend what is left by votes. */
  readonly fill?: "greedy" | "none";
  /** Per-voter increase in each completion step, minor units. Default: one currency unit (moneyScale). */
  readonly completionStep?: number;
  /** "auto" (default): certified floating point for large votes, exact for small ones. "exact" forces
   *  exact rational arithmetic; "certified" forces the floating-point path (exact only where uncertain). */
  readonly arithmetic?: "auto" | "exact" | "certified";
  /** Safety limit on completion runs. */
  readonly maxRuns?: number;
}

export interface EqualSharesOutcome extends BudgetOutcomeBase {
  readonly rule: "equal-shares";
  readonly steps: readonly EqualSharesStep[];
  /** Selected by the Equal Shares rounds themselves, before the fill. */
  readonly equalSharesSelected: readonly string[];
  readonly completion: {
    readonly method: "add-one" | "none";
    /** Each voter's share at the start (B ÷ n) and in the run that was kept, minor units. */
    readonly initialShare: number;
    readonly finalShare: number;
    /** How many one-unit increases the kept run had. */
    readonly increments: number;
    readonly runs: number;
    readonly stopReason: "exhaustive" | "nextExceedsBudget" | "notCompleted" | "limit" | "noVoters";
  };
  /** How the kept run was computed. */
  readonly arithmetic: "exact" | "certified-float";
}

/** Small votes are simply counted exactly; above this size the certified floating-point path is faster. */
const exactWorkLimit = 200_000;

export function countEqualShares(
  instance: BudgetInstance | PreparedInstance,
  options: EqualSharesOptions = {},
): EqualSharesOutcome {
  const p = "indexOf" in instance ? instance : prepareInstance(instance);
  const step = options.completionStep ?? p.moneyScale;
  if (!Number.isSafeInteger(step) || step <= 0)
    throw new RangeError(`completion step must be a positive whole amount: ${step}`);
  const method = options.completion ?? "add-one";
  const n = p.voterCount;
  const budget = p.budget;

  if (n === 0) {
    return finish(p, { selected: [], total: 0, steps: [], exceeded: false, arithmetic: "exact" }, options, {
      method,
      initialShare: 0,
      finalShare: 0,
      increments: 0,
      runs: 0,
      stopReason: "noVoters",
    });
  }

  let work = 0;
  for (const list of p.supporters) work += list.length;
  const mode = options.arithmetic ?? "auto";
  const useFloat =
    mode === "certified" || (mode === "auto" && work * Math.max(1, p.ids.length) > exactWorkLimit);

  const run = (increments: number, abortAbove: number): EqualSharesRun => {
    // Each voter's share is (B + increments·step·n) ÷ n.
    const numerator = BigInt(budget) + BigInt(increments) * BigInt(step) * BigInt(n);
    if (useFloat && numerator <= BigInt(Number.MAX_SAFE_INTEGER)) {
      const result = runCertifiedFloat(p, Number(numerator), n, abortAbove);
      if (result) return result;
    }
    return runExact(p, numerator, BigInt(n), abortAbove);
  };

  let increments = 0;
  let runs = 1;
  let current = run(0, Number.POSITIVE_INFINITY);
  let stopReason: EqualSharesOutcome["completion"]["stopReason"] = "notCompleted";
  if (method === "add-one") {
    const maxRuns = options.maxRuns ?? 100_000;
    for (;;) {
      if (isExhaustive(p, current)) {
        stopReason = "exhaustive";
        break;
      }
      if (runs >= maxRuns) {
        stopReason = "limit";
        break;
      }
      const next = run(increments + 1, budget);
      runs += 1;
      if (next.exceeded || next.total > budget) {
        stopReason = "nextExceedsBudget";
        break;
      }
      current = next;
      increments += 1;
    }
  }
  return finish(p, current, options, {
    method,
    initialShare: budget / n,
    finalShare: budget / n + increments * step,
    increments,
    runs,
    stopReason,
  });
}

/** No project left out (that Equal Shares could select) fits in the money the outcome leaves. */
function isExhaustive(p: PreparedInstance, run: EqualSharesRun): boolean {
  const left = p.budget - run.total;
  const chosen = new Set(run.selected);
  return equalSharesCandidates(p).every((c) => chosen.has(c) || p.cost[c]! > left);
}

function finish(
  p: PreparedInstance,
  run: EqualSharesRun,
  options: EqualSharesOptions,
  completion: EqualSharesOutcome["completion"],
): EqualSharesOutcome {
  const selected = [...run.selected];
  const steps = [...run.steps];
  let total = run.total;
  if ((options.fill ?? "greedy") === "greedy") {
    const chosen = new Set(selected);
    const rest: number[] = [];
    for (let c = 0; c < p.ids.length; c++) if (p.eligible[c] && !chosen.has(c)) rest.push(c);
    const { order, ties } = rankBySupport(p, rest);
    for (const c of order) {
      const cost = p.cost[c]!;
      if (total + cost > p.budget) continue;
      const tie = ties.get(c);
      steps.push({
        kind: "filled",
        projectId: p.ids[c]!,
        support: p.support[c]!,
        cost,
        remainingBefore: p.budget - total,
        ...(tie && { tie }),
      });
      selected.push(c);
      total += cost;
    }
  }
  return {
    rule: "equal-shares",
    selected: selected.map((c) => p.ids[c]!),
    totalCost: total,
    budget: p.budget,
    steps,
    equalSharesSelected: run.selected.map((c) => p.ids[c]!),
    completion,
    arithmetic: run.arithmetic,
  };
}
