import { describe, expect, it } from "vitest";
import { checkBudgetBallot, type BudgetInstance } from "./budget-instance";
import { countGreedy } from "./greedy";
import { seededRandom, shuffled } from "./seeded-random";
import { compareProjectIds } from "./tie-break";

function approvalInstance(
  budget: number,
  projects: Array<[string, number]>,
  ballots: string[][],
  extra: Partial<BudgetInstance> = {},
): BudgetInstance {
  return {
    projects: projects.map(([id, cost]) => ({ id, cost })),
    budget,
    ballotKind: "approval",
    ballots: ballots.map((chosen) => ({ projects: chosen })),
    ...extra,
  };
}

describe("greedy", () => {
  // Budget 1000. Votes: A 5 (cost 600), B 4 (500), C 3 (300), D 1 (100).
  // greedy:         A (400 left) · B 500 > 400, skipped · C (100 left) · D (0 left) → A, C, D = 1000.
  // greedy-no-skip: A (400 left) · B 500 > 400, stop                               → A = 600.
  const instance = approvalInstance(
    1000,
    [
      ["A", 600],
      ["B", 500],
      ["C", 300],
      ["D", 100],
    ],
    [["A", "B", "C", "D"], ["A", "B", "C"], ["A", "B", "C"], ["A", "B"], ["A"]],
  );

  it("skips a project larger than the remaining budget and takes cheaper ones", () => {
    const outcome = countGreedy(instance);
    expect(outcome.selected).toEqual(["A", "C", "D"]);
    expect(outcome.totalCost).toBe(1000);
    expect(outcome.steps).toEqual([
      { kind: "selected", projectId: "A", support: 5, cost: 600, remainingBefore: 1000, remainingAfter: 400 },
      { kind: "skipped", projectId: "B", support: 4, cost: 500, remainingBefore: 400 },
      { kind: "selected", projectId: "C", support: 3, cost: 300, remainingBefore: 400, remainingAfter: 100 },
      { kind: "selected", projectId: "D", support: 1, cost: 100, remainingBefore: 100, remainingAfter: 0 },
    ]);
  });

  it("greedy-no-skip stops at the first project that does not fit", () => {
    const outcome = countGreedy(instance, { skip: false });
    expect(outcome.rule).toBe("greedy-no-skip");
    expect(outcome.selected).toEqual(["A"]);
    expect(outcome.totalCost).toBe(600);
    expect(outcome.steps.map((step) => step.kind)).toEqual([
      "selected",
      "stopped",
      "notReached",
      "notReached",
    ]);
  });

  it("breaks a tie in votes by the lower cost first", () => {
    // X and Y both have 2 votes; Y is cheaper so it goes first; X (300) then no longer fits in 250.
    const outcome = countGreedy(
      approvalInstance(
        500,
        [
          ["X", 300],
          ["Y", 250],
          ["Z", 200],
        ],
        [
          ["X", "Y"],
          ["X", "Y", "Z"],
        ],
      ),
    );
    expect(outcome.selected).toEqual(["Y", "Z"]);
    expect(outcome.steps[0]).toMatchObject({
      kind: "selected",
      projectId: "Y",
      tie: { tiedWith: ["X"], decidedBy: "cost" },
    });
    expect(outcome.steps[1]).toMatchObject({
      kind: "skipped",
      projectId: "X",
      tie: { tiedWith: ["Y"], decidedBy: "cost" },
    });
  });

  it("breaks a full tie (same votes, same cost) by the natural id order, or by an order drawn beforehand", () => {
    const tied = approvalInstance(
      300,
      [
        ["10", 300],
        ["2", 300],
      ],
      [["10", "2"]],
    );
    const natural = countGreedy(tied);
    expect(natural.selected).toEqual(["2"]);
    expect(natural.steps[0]).toMatchObject({ tie: { tiedWith: ["10"], decidedBy: "order" } });
    expect(countGreedy({ ...tied, tieBreakOrder: ["10", "2"] }).selected).toEqual(["10"]);
  });

  it("gives the same outcome whatever the order of projects and ballots", () => {
    const random = seededRandom("greedy-determinism");
    const projects: Array<[string, number]> = Array.from({ length: 12 }, (_, i) => [
      `p${i}`,
      100 * (1 + (i % 4)),
    ]);
    const ballots = Array.from({ length: 40 }, () => projects.filter(() => random() < 0.3).map(([id]) => id));
    const reference = countGreedy(approvalInstance(900, projects, ballots));
    for (let trial = 0; trial < 5; trial++) {
      const outcome = countGreedy(
        approvalInstance(900, shuffled(projects, random), shuffled(ballots, random)),
      );
      expect(outcome.selected).toEqual(reference.selected);
    }
  });

  it("never selects a project nobody voted for, or one below the vote's minimum", () => {
    const outcome = countGreedy(
      approvalInstance(
        1000,
        [
          ["A", 100],
          ["B", 100],
          ["C", 100],
        ],
        [["A", "B"], ["A"]],
        { minSupport: 2 },
      ),
    );
    expect(outcome.selected).toEqual(["A"]);
    expect(outcome.steps.filter((step) => step.kind === "ineligible")).toEqual([
      { kind: "ineligible", projectId: "B", support: 1, reason: "belowMinimum" },
      { kind: "ineligible", projectId: "C", support: 0, reason: "noSupport" },
    ]);
  });

  it("ranks points ballots by total points", () => {
    const outcome = countGreedy({
      projects: [
        { id: "a", cost: 100 },
        { id: "b", cost: 100 },
      ],
      budget: 100,
      ballotKind: "points",
      ballots: [
        { projects: ["a", "b"], points: [1, 4] },
        { projects: ["a"], points: [2] },
      ],
    });
    expect(outcome.selected).toEqual(["b"]);
  });
});

describe("natural project id order", () => {
  it("orders numeric ids by value, then other ids by code point", () => {
    expect(["10", "b", "2", "A-1", "002", "1"].sort(compareProjectIds)).toEqual([
      "1",
      "002",
      "2",
      "10",
      "A-1",
      "b",
    ]);
  });
});

describe("checkBudgetBallot", () => {
  const vote = {
    projects: [
      { id: "a", cost: 600 },
      { id: "b", cost: 500 },
      { id: "c", cost: 100 },
    ],
    budget: 1000,
    maxProjectsPerBallot: 2,
  };
  it("accepts a ballot within the budget and the maximum", () => {
    expect(checkBudgetBallot(vote, ["a", "c"])).toBeNull();
  });
  it("refuses unknown, repeated, too many and over-budget choices", () => {
    expect(checkBudgetBallot(vote, ["x"])).toEqual({ problem: "unknownProject", projectId: "x" });
    expect(checkBudgetBallot(vote, ["a", "a"])).toEqual({ problem: "duplicateProject", projectId: "a" });
    expect(checkBudgetBallot(vote, ["a", "b", "c"])).toEqual({
      problem: "tooManyProjects",
      max: 2,
      count: 3,
    });
    expect(checkBudgetBallot(vote, ["a", "b"])).toEqual({ problem: "overBudget", budget: 1000, total: 1100 });
    expect(checkBudgetBallot(vote, [])).toEqual({ problem: "empty" });
  });
});
