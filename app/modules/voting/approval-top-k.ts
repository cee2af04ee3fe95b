import type { TieNote } from "./budget-instance";
import { breakTie, fixedOrderRanks } from "./tie-break";

/**
 * Approval of up to K: each resident approves at most K proposals; the K proposals with the most
 * approvals are chosen. Ties use the documented tie-break (cheaper first when costs are known, then the
 * fixed project order). A proposal nobody approved is never chosen.
 */

export interface TopKProject {
  readonly id: string;
  /** Optional: used only to break ties (cheaper first). Minor units. */
  readonly cost?: number;
}

export interface TopKStep {
  readonly rank: number;
  readonly projectId: string;
  readonly votes: number;
  readonly selected: boolean;
  /** Tied with others on votes; what separated it from its neighbour in the ranking. */
  readonly tie?: TieNote;
  /** The tie straddles the K-th place: the tie-break decided who is in. */
  readonly tieAtCutoff?: boolean;
}

export interface TopKOutcome {
  readonly k: number;
  readonly selected: readonly string[];
  readonly steps: readonly TopKStep[];
  readonly ballots: number;
}

export function countApprovalTopK(options: {
  readonly projects: readonly TopKProject[];
  readonly ballots: ReadonlyArray<readonly string[]>;
  readonly k: number;
  readonly tieBreakOrder?: readonly string[];
}): TopKOutcome {
  const { projects, ballots, k } = options;
  if (!Number.isSafeInteger(k) || k < 1) throw new RangeError(`K must be a whole number ≥ 1, got ${k}`);
  const indexOf = new Map(projects.map((project, index) => [project.id, index]));
  if (indexOf.size !== projects.length) throw new RangeError("a project is listed twice");
  const votes = new Float64Array(projects.length);
  ballots.forEach((ballot, b) => {
    const seen = new Set<number>();
    for (const id of ballot) {
      const index = indexOf.get(id);
      if (index === undefined) throw new RangeError(`ballot ${b + 1} names unknown project ${id}`);
      seen.add(index);
    }
    if (seen.size > k) throw new RangeError(`ballot ${b + 1} approves ${seen.size} projects, more than ${k}`);
    for (const index of seen) votes[index] = votes[index]! + 1;
  });
  const keys = {
    cost: projects.map((project) => project.cost ?? 0),
    support: votes,
    rank: fixedOrderRanks(
      projects.map((project) => project.id),
      options.tieBreakOrder,
    ),
  };
  const order = projects
    .map((_, index) => index)
    .sort((a, b) => votes[b]! - votes[a]! || breakTie(keys, a, b).order);
  const chosen = order.filter((index) => votes[index]! > 0).slice(0, k);
  const chosenSet = new Set(chosen);
  const steps = order.map((index, position): TopKStep => {
    const tied = order.filter((other) => other !== index && votes[other] === votes[index]);
    const neighbour =
      order[position + 1] !== undefined && votes[order[position + 1]!] === votes[index]
        ? order[position + 1]!
        : tied[tied.length - 1];
    const selected = chosenSet.has(index);
    const tieAtCutoff =
      tied.length > 0 && votes[index]! > 0 && tied.some((other) => chosenSet.has(other) !== selected);
    return {
      rank: position + 1,
      projectId: projects[index]!.id,
      votes: votes[index]!,
      selected,
      ...(tied.length > 0 && neighbour !== undefined
        ? {
            tie: {
              tiedWith: tied.map((other) => projects[other]!.id),
              decidedBy: breakTie(keys, index, neighbour).reason,
            },
          }
        : {}),
      ...(tieAtCutoff ? { tieAtCutoff } : {}),
    };
  });
  return { k, selected: chosen.map((index) => projects[index]!.id), steps, ballots: ballots.length };
}
