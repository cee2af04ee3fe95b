import { fixedOrderRanks, type TieBreakReason, type TieKeys } from "./tie-break";

/**
 * A participatory-budget vote, as the counting rules see it: projects with costs, a budget, and the
 * ballots. Pure data, no database: the livelihood feature builds one from its tables, the Pabulib reader
 * from a file.
 *
 * Money (costs, budget) is in integer minor units (see money.ts). Points are integers too (a Pabulib
 * file with fractional points is scaled by `pointsScale`).
 */

export type BallotKind = "approval" | "points";

export interface BudgetProject {
  readonly id: string;
  /** Minor units, a safe integer ≥ 0. */
  readonly cost: number;
  readonly name?: string;
  readonly category?: readonly string[];
}

export interface BudgetBallot {
  /** Approved projects; for points ballots, the projects given points. */
  readonly projects: readonly string[];
  /** Points per project, same order as `projects` (points ballots only). */
  readonly points?: readonly number[];
}

export interface BudgetInstance {
  readonly projects: readonly BudgetProject[];
  /** Minor units. */
  readonly budget: number;
  readonly ballotKind: BallotKind;
  readonly ballots: readonly BudgetBallot[];
  /** Minor units per currency unit: 100 for CNY kept in fen, 1 for whole amounts. Default 1. */
  readonly moneyScale?: number;
  /** Integer points per displayed point (a file with "0.5" points has 10). Default 1. */
  readonly pointsScale?: number;
  /** Most projects a ballot may choose (ballot validation only; counting does not need it). */
  readonly maxProjectsPerBallot?: number;
  /** A project needs at least this many votes (points) to be selectable at all (Pabulib's min_project_score_threshold). */
  readonly minSupport?: number;
  /** Tie-break order drawn by the organisers beforehand; ids not listed follow in natural id order. */
  readonly tieBreakOrder?: readonly string[];
}

export const budgetRules = ["greedy", "greedy-no-skip", "equal-shares"] as const;
export type BudgetRule = (typeof budgetRules)[number];

export function isBudgetRule(value: unknown): value is BudgetRule {
  return typeof value === "string" && (budgetRules as readonly string[]).includes(value);
}

/** What every budget rule returns; each rule adds its own step-by-step explanation. */
export interface BudgetOutcomeBase {
  readonly rule: BudgetRule;
  /** Selected project ids, in the order the rule selected them. */
  readonly selected: readonly string[];
  /** Minor units. */
  readonly totalCost: number;
  readonly budget: number;
}

/** Attached to a step whose project was tied with others on the rule's own measure. */
export interface TieNote {
  readonly tiedWith: readonly string[];
  /** What separated this project from the tied project next to it in the order. */
  readonly decidedBy: TieBreakReason;
}

export class BudgetInstanceError extends Error {
  override readonly name = "BudgetInstanceError";
}

/** The instance in index form, built once and shared by every run of a rule (completion runs many). */
export interface PreparedInstance {
  readonly ids: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
  readonly cost: Float64Array;
  readonly budget: number;
  /** Minor units per currency unit (the instance's moneyScale, default 1). */
  readonly moneyScale: number;
  readonly kind: BallotKind;
  readonly voterCount: number;
  /** Total votes (approval) or total points per project. */
  readonly support: Float64Array;
  /** Voters who approved the project or gave it positive points. */
  readonly supporterCount: Float64Array;
  /** 1 when the project can be selected at all: someone supports it and it meets `minSupport`. */
  readonly eligible: Uint8Array;
  readonly tie: TieKeys;
  /** Identical ballots are merged into groups; their voters always hold the same Equal Shares budget. */
  readonly groupCount: number;
  readonly groupSize: Float64Array;
  /** Per project: the groups that support it (positive points or approval). */
  readonly supporters: readonly Int32Array[];
  /** Per project: the points each supporting group gives (null for approval ballots: every approval weighs 1). */
  readonly weights: readonly Float64Array[] | null;
}

function assertAmount(value: number, what: string) {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new BudgetInstanceError(`${what} must be a whole number of minor units ≥ 0, got ${value}`);
  }
}

export function prepareInstance(instance: BudgetInstance): PreparedInstance {
  const m = instance.projects.length;
  assertAmount(instance.budget, "the budget");
  const ids: string[] = [];
  const indexOf = new Map<string, number>();
  const cost = new Float64Array(m);
  instance.projects.forEach((project, index) => {
    if (indexOf.has(project.id)) throw new BudgetInstanceError(`project ${project.id} is listed twice`);
    assertAmount(project.cost, `the cost of project ${project.id}`);
    ids.push(project.id);
    indexOf.set(project.id, index);
    cost[index] = project.cost;
  });

  const isPoints = instance.ballotKind === "points";
  const support = new Float64Array(m);
  const supporterCount = new Float64Array(m);
  const groupOfKey = new Map<string, number>();
  const groupSizes: number[] = [];
  const groupEntries: Array<{ projects: number[]; points: number[] }> = [];

  instance.ballots.forEach((ballot, ballotIndex) => {
    if (isPoints && (!ballot.points || ballot.points.length !== ballot.projects.length)) {
      throw new BudgetInstanceError(`ballot ${ballotIndex + 1} needs one point value per project`);
    }
    const entries: Array<[number, number]> = [];
    const seen = new Set<number>();
    ballot.projects.forEach((id, position) => {
      const index = indexOf.get(id);
      if (index === undefined)
        throw new BudgetInstanceError(`ballot ${ballotIndex + 1} names unknown project ${id}`);
      const points = isPoints ? ballot.points![position]! : 1;
      if (!Number.isSafeInteger(points)) {
        throw new BudgetInstanceError(
          `ballot ${ballotIndex + 1} gives project ${id} non-integer points ${points}`,
        );
      }
      if (seen.has(index)) {
        // An approval listed twice is still one approval; points listed twice would be ambiguous.
        if (isPoints)
          throw new BudgetInstanceError(`ballot ${ballotIndex + 1} gives project ${id} points twice`);
        return;
      }
      seen.add(index);
      entries.push([index, points]);
    });
    entries.sort((x, y) => x[0] - y[0]);
    for (const [index, points] of entries) {
      support[index] = support[index]! + points;
      if (points > 0) supporterCount[index] = supporterCount[index]! + 1;
    }
    const key = isPoints ? entries.map(([i, p]) => `${i}:${p}`).join(",") : entries.map(([i]) => i).join(",");
    const existing = groupOfKey.get(key);
    if (existing !== undefined) {
      groupSizes[existing] = groupSizes[existing]! + 1;
      return;
    }
    groupOfKey.set(key, groupSizes.length);
    groupSizes.push(1);
    const positive = entries.filter(([, p]) => p > 0);
    groupEntries.push({ projects: positive.map(([i]) => i), points: positive.map(([, p]) => p) });
  });

  const supporterLists: number[][] = Array.from({ length: m }, () => []);
  const weightLists: number[][] = Array.from({ length: m }, () => []);
  groupEntries.forEach((entry, group) => {
    entry.projects.forEach((project, k) => {
      supporterLists[project]!.push(group);
      weightLists[project]!.push(entry.points[k]!);
    });
  });

  const eligible = new Uint8Array(m);
  for (let c = 0; c < m; c++) {
    const meetsMinimum = instance.minSupport === undefined || support[c]! >= instance.minSupport;
    eligible[c] = support[c]! > 0 && supporterCount[c]! > 0 && meetsMinimum ? 1 : 0;
  }

  return {
    ids,
    indexOf,
    cost,
    budget: instance.budget,
    moneyScale: instance.moneyScale ?? 1,
    kind: instance.ballotKind,
    voterCount: instance.ballots.length,
    support,
    supporterCount,
    eligible,
    tie: { cost, support, rank: fixedOrderRanks(ids, instance.tieBreakOrder) },
    groupCount: groupSizes.length,
    groupSize: Float64Array.from(groupSizes),
    supporters: supporterLists.map((list) => Int32Array.from(list)),
    weights: isPoints ? weightLists.map((list) => Float64Array.from(list)) : null,
  };
}

export type BallotProblem =
  | { readonly problem: "unknownProject"; readonly projectId: string }
  | { readonly problem: "duplicateProject"; readonly projectId: string }
  | { readonly problem: "tooManyProjects"; readonly max: number; readonly count: number }
  | { readonly problem: "overBudget"; readonly budget: number; readonly total: number }
  | { readonly problem: "empty" };

/**
 * Checks one participatory-budget ballot before it is stored: known projects, each once, at most
 * `maxProjectsPerBallot`, and a total cost within the budget. Returns the first problem found, or null.
 */
export function checkBudgetBallot(
  instance: Pick<BudgetInstance, "projects" | "budget" | "maxProjectsPerBallot">,
  chosen: readonly string[],
): BallotProblem | null {
  if (chosen.length === 0) return { problem: "empty" };
  const costs = new Map(instance.projects.map((project) => [project.id, project.cost]));
  const seen = new Set<string>();
  let total = 0;
  for (const id of chosen) {
    const projectCost = costs.get(id);
    if (projectCost === undefined) return { problem: "unknownProject", projectId: id };
    if (seen.has(id)) return { problem: "duplicateProject", projectId: id };
    seen.add(id);
    total += projectCost;
  }
  const max = instance.maxProjectsPerBallot;
  if (max !== undefined && chosen.length > max)
    return { problem: "tooManyProjects", max, count: chosen.length };
  if (total > instance.budget) return { problem: "overBudget", budget: instance.budget, total };
  return null;
}
