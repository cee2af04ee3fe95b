import type { PreparedInstance } from "./budget-instance";
import {
  equalSharesCandidates,
  tieNote,
  utilityFactor,
  type EqualSharesRun,
  type EqualSharesStep,
} from "./equal-shares-run";
import { breakTie } from "./tie-break";

/**
 * One Equal Shares run in floating point, with a running bound on the error of every quantity. Every
 * decision (which project is cheapest per unit, whether a project is affordable) is certified against
 * that bound; when one cannot be, the run gives up (returns null) and is redone exactly.
 */

const unit = 2 ** -52;

interface FloatEvaluation {
  readonly c: number;
  readonly lambda: number;
  readonly lambdaErr: number;
  readonly rho: number;
  readonly rhoErr: number;
  /** When every supporter certainly pays λ·w in full, ρ is exactly exactNum ÷ exactDen. */
  readonly exactNum: number;
  readonly exactDen: number;
  readonly supporters: number;
  readonly paidInFull: number;
}

/**
 * A run in floating point with certified decisions; returns null as soon as a decision cannot be certified
 * (the caller then redoes the run exactly).
 */
export function runCertifiedFloat(
  p: PreparedInstance,
  shareNumerator: number,
  voters: number,
  abortAbove: number,
): EqualSharesRun | null {
  const share = shareNumerator / voters;
  const groups = p.groupCount;
  const size = p.groupSize;
  const budget = new Float64Array(groups).fill(share);
  // Bound on the absolute error of any group's remaining money.
  let moneyErr = share * unit * 2;
  const remaining = new Set(equalSharesCandidates(p));
  const m = p.ids.length;
  const prevRho = new Float64Array(m);
  const prevErr = new Float64Array(m);
  // Per project: its supporters' total weight and number (integers, exact in a float).
  const weightTotals = new Float64Array(m);
  const voterTotals = new Float64Array(m);
  for (const c of remaining) {
    const list = p.supporters[c]!;
    const weights = p.weights?.[c];
    for (let k = 0; k < list.length; k++) {
      const mult = size[list[k]!]!;
      weightTotals[c] = weightTotals[c]! + (weights ? weights[k]! : 1) * mult;
      voterTotals[c] = voterTotals[c]! + mult;
    }
    prevRho[c] = p.cost[c]! / weightTotals[c]! / utilityFactor(p, c);
    prevErr[c] = prevRho[c]! * unit * 8;
  }

  const selected: number[] = [];
  const steps: EqualSharesStep[] = [];
  let total = 0;
  let round = 0;

  // Evaluates one project; "unaffordable", a FloatEvaluation, or null when too close to call.
  const evaluate = (c: number): FloatEvaluation | "unaffordable" | null => {
    const list = p.supporters[c]!;
    const weights = p.weights?.[c];
    const cost = p.cost[c]!;
    const len = list.length;
    const weightTotal = weightTotals[c]!;
    const voterTotal = voterTotals[c]!;
    let lambda = cost / weightTotal;
    let paid = 0;
    let richWeight = 0;
    let poorVoters = 0;
    let previousPoorGroups = -1;
    for (let pass = 0; ; pass++) {
      paid = 0;
      richWeight = 0;
      poorVoters = 0;
      let poorGroups = 0;
      // The supporters' money is summed on the same pass (used after the first one).
      let money = 0;
      for (let k = 0; k < len; k++) {
        const g = list[k]!;
        const w = weights ? weights[k]! : 1;
        const bg = budget[g]!;
        const mult = size[g]!;
        money += bg * mult;
        if (bg < lambda * w) {
          // Voters with nothing left give nothing; only those who still had money "pay in full".
          if (bg > 0) {
            paid += bg * mult;
            poorVoters += mult;
          }
          poorGroups += 1;
        } else {
          richWeight += w * mult;
        }
      }
      if (pass === 0) {
        const moneyBound = voterTotal * moneyErr + money * len * unit * 2;
        if (money + moneyBound < cost) return "unaffordable";
        if (money - moneyBound < cost) return null;
      }
      if (richWeight === 0) return null;
      // Water-filling from below: λ only grows and the set of supporters who cannot pay λ·w only
      // grows, so once that set stops changing, λ = (cost − what they give) ÷ (weight of the rest).
      const next = (cost - paid) / richWeight;
      if (poorGroups === previousPoorGroups) {
        lambda = next;
        break;
      }
      previousPoorGroups = poorGroups;
      if (next > lambda) lambda = next;
    }
    const lambdaErr =
      ((poorVoters * moneyErr + (paid * len + cost) * unit * 4) / richWeight + lambda * unit * 4) * 2;
    const factor = utilityFactor(p, c);
    const rho = lambda / factor;
    const rhoErr = lambdaErr / factor + rho * unit * 4;

    // All supporters certainly richer than λ·w: then ρ = cost ÷ (Σw · factor) exactly.
    let allRich = previousPoorGroups === 0;
    if (allRich) {
      for (let k = 0; k < len && allRich; k++) {
        const w = weights ? weights[k]! : 1;
        if (budget[list[k]!]! - lambda * w <= moneyErr + lambdaErr * w) allRich = false;
      }
    }
    const exactNum = allRich ? (p.kind === "approval" ? 1 : cost) : 0;
    const exactDen = allRich ? richWeight : 0;
    return {
      c,
      lambda,
      lambdaErr,
      rho,
      rhoErr,
      exactNum,
      exactDen,
      supporters: voterTotal,
      paidInFull: poorVoters,
    };
  };

  // Negative when a is certainly cheaper per unit, 0 for an exact tie, null when too close to call.
  const compare = (a: FloatEvaluation, b: FloatEvaluation): number | null => {
    if (a.exactDen > 0 && b.exactDen > 0) {
      const left = BigInt(a.exactNum) * BigInt(b.exactDen);
      const right = BigInt(b.exactNum) * BigInt(a.exactDen);
      return left === right ? 0 : left < right ? -1 : 1;
    }
    const diff = a.rho - b.rho;
    if (Math.abs(diff) <= a.rhoErr + b.rhoErr) return null;
    return diff;
  };

  for (;;) {
    round += 1;
    const order = [...remaining].sort((a, b) => prevRho[a]! - prevRho[b]!);
    const evaluations: FloatEvaluation[] = [];
    let best: FloatEvaluation | null = null;
    for (const c of order) {
      // ρ never decreases from round to round, so a project whose last ρ is already worse cannot win.
      if (best && prevRho[c]! - prevErr[c]! > best.rho + best.rhoErr) continue;
      const evaluation = evaluate(c);
      if (evaluation === null) return null;
      if (evaluation === "unaffordable") {
        remaining.delete(c);
        steps.push({
          kind: "unaffordable",
          round,
          projectId: p.ids[c]!,
          cost: p.cost[c]!,
          supportersMoney: supportersMoney(p, budget, c),
        });
        continue;
      }
      prevRho[c] = evaluation.rho;
      prevErr[c] = evaluation.rhoErr;
      evaluations.push(evaluation);
      if (!best) {
        best = evaluation;
        continue;
      }
      const order = compare(evaluation, best);
      if (order === null) {
        // Possibly irrelevant (a later project may beat both); settled below against the final winner.
        if (evaluation.rho < best.rho) best = evaluation;
      } else if (order < 0 || (order === 0 && breakTie(p.tie, c, best.c).order < 0)) {
        best = evaluation;
      }
    }
    if (!best) break;
    const tiedWith: number[] = [];
    for (const other of evaluations) {
      if (other === best) continue;
      const order = compare(other, best);
      if (order === null || order < 0) return null;
      if (order === 0) {
        // An exact tie the winner must also win on the tie-break; if not, let exact arithmetic decide.
        if (breakTie(p.tie, other.c, best.c).order < 0) return null;
        tiedWith.push(other.c);
      }
    }

    const c = best.c;
    const list = p.supporters[c]!;
    const weights = p.weights?.[c];
    const lambda = best.lambda;
    let maxWeight = 1;
    for (let k = 0; k < list.length; k++) {
      const g = list[k]!;
      const w = weights ? weights[k]! : 1;
      if (w > maxWeight) maxWeight = w;
      const due = lambda * w;
      budget[g] = budget[g]! <= due ? 0 : budget[g]! - due;
    }
    moneyErr += best.lambdaErr * maxWeight + share * unit * 4;
    remaining.delete(c);
    selected.push(c);
    total += p.cost[c]!;
    steps.push({
      kind: "selected",
      round,
      projectId: p.ids[c]!,
      cost: p.cost[c]!,
      supporters: best.supporters,
      pricePerVote: lambda,
      effectiveSupport: p.cost[c]! / lambda,
      paidInFull: best.paidInFull,
      ...(tiedWith.length > 0 && { tie: tieNote(p, c, tiedWith) }),
    });
    if (total > abortAbove) return { selected, total, steps, exceeded: true, arithmetic: "certified-float" };
  }
  return { selected, total, steps, exceeded: false, arithmetic: "certified-float" };
}

function supportersMoney(p: PreparedInstance, budget: Float64Array, c: number): number {
  let money = 0;
  for (const g of p.supporters[c]!) money += budget[g]! * p.groupSize[g]!;
  return money;
}
