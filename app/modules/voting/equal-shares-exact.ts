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
 * One Equal Shares run in exact rational arithmetic. Every voter's remaining money is a fraction with one
 * common denominator D (BigInt numerators). Voters whose money is equal share a "class", so the BigInt
 * work is per class, not per voter. Slower than the floating-point path; used for small votes and
 * whenever that path cannot certify a decision.
 */

interface Part {
  readonly cls: number;
  readonly weight: number;
  readonly voters: number;
  readonly money: bigint;
}

interface ExactEvaluation {
  readonly c: number;
  /** λ = rest ÷ richWeight, in units of 1/D. */
  readonly rest: bigint;
  readonly richWeight: bigint;
  /** ρ = rest ÷ rhoDen (same D for every project in a round, so it cancels in comparisons). */
  readonly rhoDen: bigint;
  readonly parts: readonly Part[];
  readonly supporters: number;
  readonly paidInFull: number;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

/** num ÷ den as a float, for explanations only; safe for numbers far beyond the float range. */
export function ratioToNumber(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const shiftNum = Math.max(0, bitLength(num) - 64);
  const shiftDen = Math.max(0, bitLength(den) - 64);
  return (Number(num >> BigInt(shiftNum)) / Number(den >> BigInt(shiftDen))) * 2 ** (shiftNum - shiftDen);
}

export function runExact(
  p: PreparedInstance,
  shareNumerator: bigint,
  shareDenominator: bigint,
  abortAbove: number,
): EqualSharesRun {
  let denominator = shareDenominator;
  // Class 0 is "no money left"; class 1 is the initial share.
  const classMoney: bigint[] = [0n, shareNumerator];
  const groupClass = new Int32Array(p.groupCount).fill(1);
  const remaining = new Set(equalSharesCandidates(p));
  const prevRho = new Float64Array(p.ids.length);

  const selected: number[] = [];
  const steps: EqualSharesStep[] = [];
  let total = 0;
  let round = 0;

  const evaluate = (c: number): ExactEvaluation | { unaffordable: bigint } => {
    const list = p.supporters[c]!;
    const weights = p.weights?.[c];
    const byKey = new Map<string, { cls: number; weight: number; voters: number }>();
    let supporters = 0;
    for (let k = 0; k < list.length; k++) {
      const g = list[k]!;
      const voters = p.groupSize[g]!;
      supporters += voters;
      const cls = groupClass[g]!;
      if (cls === 0) continue;
      const weight = weights ? weights[k]! : 1;
      const key = `${cls}:${weight}`;
      const part = byKey.get(key);
      if (part) part.voters += voters;
      else byKey.set(key, { cls, weight, voters });
    }
    const parts: Part[] = [...byKey.values()].map((part) => ({ ...part, money: classMoney[part.cls]! }));
    let money = 0n;
    let weightTotal = 0n;
    for (const part of parts) {
      money += part.money * BigInt(part.voters);
      weightTotal += BigInt(part.weight * part.voters);
    }
    const costD = BigInt(p.cost[c]!) * denominator;
    if (money < costD) return { unaffordable: money };
    // Poorest per unit of weight first: they give all they have while it is less than λ·w.
    parts.sort((a, b) => {
      const left = a.money * BigInt(b.weight);
      const right = b.money * BigInt(a.weight);
      return left < right ? -1 : left > right ? 1 : 0;
    });
    let paid = 0n;
    let richWeight = weightTotal;
    let paidInFull = 0;
    let rest = costD;
    for (const part of parts) {
      rest = costD - paid;
      if (rest * BigInt(part.weight) <= part.money * richWeight) break;
      paid += part.money * BigInt(part.voters);
      richWeight -= BigInt(part.weight * part.voters);
      paidInFull += part.voters;
    }
    const rhoDen = richWeight * BigInt(utilityFactor(p, c));
    return { c, rest, richWeight, rhoDen, parts, supporters, paidInFull };
  };

  const compare = (a: ExactEvaluation, b: ExactEvaluation): number => {
    const left = a.rest * b.rhoDen;
    const right = b.rest * a.rhoDen;
    return left < right ? -1 : left > right ? 1 : 0;
  };

  for (const c of remaining) prevRho[c] = 0;

  for (;;) {
    round += 1;
    const order = [...remaining].sort((a, b) => prevRho[a]! - prevRho[b]!);
    const evaluations: ExactEvaluation[] = [];
    let best: ExactEvaluation | null = null;
    let bestRho = Number.POSITIVE_INFINITY;
    for (const c of order) {
      // prevRho is a float view of an exact lower bound; the margin keeps the skip safe.
      if (best && prevRho[c]! > bestRho * (1 + 1e-9)) continue;
      const evaluation = evaluate(c);
      if ("unaffordable" in evaluation) {
        remaining.delete(c);
        steps.push({
          kind: "unaffordable",
          round,
          projectId: p.ids[c]!,
          cost: p.cost[c]!,
          supportersMoney: ratioToNumber(evaluation.unaffordable, denominator),
        });
        continue;
      }
      const rho = ratioToNumber(evaluation.rest, evaluation.rhoDen * denominator);
      prevRho[c] = rho * (1 - 1e-12);
      evaluations.push(evaluation);
      if (!best) {
        best = evaluation;
        bestRho = rho;
        continue;
      }
      const order = compare(evaluation, best);
      if (order < 0 || (order === 0 && breakTie(p.tie, c, best.c).order < 0)) {
        best = evaluation;
        bestRho = rho;
      }
    }
    if (!best) break;
    const winner = best;
    const tiedWith = evaluations.filter((e) => e !== winner && compare(e, winner) === 0).map((e) => e.c);

    // Pay: λ = rest ÷ richWeight. Bring λ onto the common denominator, then charge each part.
    const divisor = gcd(winner.rest, winner.richWeight);
    const lambdaNum = winner.rest / divisor;
    const lambdaDen = winner.richWeight / divisor;
    if (lambdaDen > 1n) {
      denominator *= lambdaDen;
      for (let k = 1; k < classMoney.length; k++) classMoney[k] = classMoney[k]! * lambdaDen;
    }
    const newClass = new Map<string, number>();
    for (const part of winner.parts) {
      const left = classMoney[part.cls]! - lambdaNum * BigInt(part.weight);
      let cls = 0;
      if (left > 0n) {
        cls = classMoney.length;
        classMoney.push(left);
      }
      newClass.set(`${part.cls}:${part.weight}`, cls);
    }
    const list = p.supporters[winner.c]!;
    const weights = p.weights?.[winner.c];
    for (let k = 0; k < list.length; k++) {
      const g = list[k]!;
      const cls = groupClass[g]!;
      if (cls === 0) continue;
      groupClass[g] = newClass.get(`${cls}:${weights ? weights[k]! : 1}`)!;
    }

    const c = winner.c;
    remaining.delete(c);
    selected.push(c);
    total += p.cost[c]!;
    const pricePerVote = ratioToNumber(lambdaNum, denominator);
    steps.push({
      kind: "selected",
      round,
      projectId: p.ids[c]!,
      cost: p.cost[c]!,
      supporters: winner.supporters,
      pricePerVote,
      effectiveSupport: p.cost[c]! / pricePerVote,
      paidInFull: winner.paidInFull,
      ...(tiedWith.length > 0 && { tie: tieNote(p, c, tiedWith) }),
    });
    if (total > abortAbove) return { selected, total, steps, exceeded: true, arithmetic: "exact" };
  }
  return { selected, total, steps, exceeded: false, arithmetic: "exact" };
}
