import { describe, expect, it } from "vitest";
import { prepareInstance, type BudgetInstance } from "./budget-instance";
import { countEqualShares } from "./equal-shares";
import { runExact } from "./equal-shares-exact";
import { runCertifiedFloat } from "./equal-shares-float";
import { countGreedy } from "./greedy";
import { seededRandom } from "./seeded-random";
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

/*
 * equalshares.net's worked example ("Explanation", example 1): 11 voters, budget 1100.
 *   bike path 700: voters 1–6 and 11 (7 votes)   outdoor gym 400: voters 1–6 (6)
 *   new park 250: voters 2, 4, 5, 7, 10 (5)       playground 200: voters 7–10 (4)   library 100: 7, 9, 10 (3)
 * Greedy by votes: bike (400 left), gym (0 left) → bike, gym.
 * Equal Shares: each voter has 100.
 *   Round 1: every project's supporters can split its cost equally; the price per unit of cost
 *            ρ = (cost ÷ supporters) ÷ cost = 1 ÷ supporters is lowest for the bike path (1/7): its
 *            7 supporters pay 100 each and have nothing left.
 *   Round 2: the gym's supporters have nothing left (unaffordable); the park's have 100 + 100 < 250
 *            (unaffordable); the playground costs its 4 supporters 50 each (ρ = 1/4), the library its
 *            3 supporters 33.33 each (ρ = 1/3) → playground.
 *   Round 3: voters 7, 9, 10 have 50 each; the library costs them 33.33 each → library.
 *   Spent 1000; 100 is left and neither the gym nor the park fits: the outcome is exhaustive, so the
 *   completion stops at once and the fill has nothing to add.
 */
const example = approvalInstance(
  1100,
  [
    ["bike", 700],
    ["gym", 400],
    ["park", 250],
    ["playground", 200],
    ["library", 100],
  ],
  [
    ["bike", "gym"],
    ["bike", "gym", "park"],
    ["bike", "gym"],
    ["bike", "gym", "park"],
    ["bike", "gym", "park"],
    ["bike", "gym"],
    ["park", "playground", "library"],
    ["playground"],
    ["playground", "library"],
    ["park", "playground", "library"],
    ["bike"],
  ],
);

describe("Method of Equal Shares", () => {
  it("differs from greedy on equalshares.net's worked example", () => {
    expect(countGreedy(example).selected).toEqual(["bike", "gym"]);
    const outcome = countEqualShares(example);
    expect(outcome.selected).toEqual(["bike", "playground", "library"]);
    expect(outcome.totalCost).toBe(1000);
    expect(outcome.completion).toMatchObject({
      method: "add-one",
      initialShare: 100,
      increments: 0,
      stopReason: "exhaustive",
    });
    expect(outcome.steps).toEqual([
      {
        kind: "selected",
        round: 1,
        projectId: "bike",
        cost: 700,
        supporters: 7,
        pricePerVote: 100,
        effectiveSupport: 7,
        paidInFull: 0,
      },
      { kind: "unaffordable", round: 2, projectId: "gym", cost: 400, supportersMoney: 0 },
      { kind: "unaffordable", round: 2, projectId: "park", cost: 250, supportersMoney: 200 },
      {
        kind: "selected",
        round: 2,
        projectId: "playground",
        cost: 200,
        supporters: 4,
        pricePerVote: 50,
        effectiveSupport: 4,
        paidInFull: 0,
      },
      expect.objectContaining({
        kind: "selected",
        round: 3,
        projectId: "library",
        supporters: 3,
        effectiveSupport: 3,
      }),
    ]);
  });

  it("charges supporters who cannot pay an equal share everything they have left", () => {
    // Budget 400, 4 voters with 100 each.
    //   A 240: voters 1, 2, 3 · E 110: voters 3, 4 · D 100: voter 4.
    // Round 1: A costs 80 each (ρ = 80/240 = 1/3), E 55 each (ρ = 1/2), D 100 (ρ = 1) → A; voters 1–3
    //   have 20 left.
    // Round 2: E: an equal split (55 each) is too much for voter 3, who gives his 20; voter 4 pays the
    //   other 90 (λ = 90, ρ = 90/110 = 9/11 < 1) → E, with one supporter paying in full.
    // Round 3: D: voter 4 has 10 left < 100 → unaffordable. 350 spent, 50 left: exhaustive.
    const outcome = countEqualShares(
      approvalInstance(
        400,
        [
          ["A", 240],
          ["E", 110],
          ["D", 100],
        ],
        [["A"], ["A"], ["A", "E"], ["E", "D"]],
      ),
    );
    expect(outcome.selected).toEqual(["A", "E"]);
    expect(outcome.steps).toEqual([
      {
        kind: "selected",
        round: 1,
        projectId: "A",
        cost: 240,
        supporters: 3,
        pricePerVote: 80,
        effectiveSupport: 3,
        paidInFull: 0,
      },
      {
        kind: "selected",
        round: 2,
        projectId: "E",
        cost: 110,
        supporters: 2,
        pricePerVote: 90,
        effectiveSupport: 110 / 90,
        paidInFull: 1,
      },
      { kind: "unaffordable", round: 3, projectId: "D", cost: 100, supportersMoney: 10 },
    ]);
  });

  it("breaks a tie in price by the lower cost", () => {
    // Budget 300, 3 voters with 100 each. P 150: voters 1, 2 → 75 each, ρ = 75/150 = 1/2.
    // Q 180: voters 2, 3 → 90 each, ρ = 90/180 = 1/2. A real tie: P is cheaper, so P first. Then voter 2
    // has 25 and voter 3 100: 125 < 180, Q is unaffordable, and 150 left does not fit it either.
    const outcome = countEqualShares(
      approvalInstance(
        300,
        [
          ["P", 150],
          ["Q", 180],
        ],
        [["P"], ["P", "Q"], ["Q"]],
      ),
    );
    expect(outcome.selected).toEqual(["P"]);
    expect(outcome.steps[0]).toMatchObject({ projectId: "P", tie: { tiedWith: ["Q"], decidedBy: "cost" } });
    expect(outcome.steps[1]).toEqual({
      kind: "unaffordable",
      round: 2,
      projectId: "Q",
      cost: 180,
      supportersMoney: 125,
    });
  });

  /*
   * Add-one completion changes the outcome. 5 voters, budget 500: each starts with 100.
   *   X 300: voters 1, 2, 3 · Z 200: voters 1, 2 · Y 150: voter 4 · voter 5 approves nothing.
   * Share 100: round 1 X (ρ = 100/300 = 1/3; Z would be 1/2), voters 1–3 are then empty; Z and Y are
   *   unaffordable (Y: 100 < 150) → X alone, 300 spent: not exhaustive (Z or Y would still fit).
   * Shares 101 … 149: the same (Y still unaffordable, Z's supporters have 2·(s − 100) < 200).
   * Share 150: round 1 X, round 2 Y (voter 4 pays 150) → X, Y = 450 ≤ 500, and exhaustive (50 left).
   * So the completion stops at 150 per voter (50 increments): X, Y.
   * Without completion the fill would instead add Z (more votes) → X, Z — and greedy also gives X, Z.
   */
  const completionCase = approvalInstance(
    500,
    [
      ["X", 300],
      ["Z", 200],
      ["Y", 150],
    ],
    [["X", "Z"], ["X", "Z"], ["X"], ["Y"], []],
  );

  it("add-one completion raises every share until the result would exceed the budget", () => {
    const plain = countEqualShares(completionCase, { completion: "none" });
    expect(plain.equalSharesSelected).toEqual(["X"]);
    expect(plain.selected).toEqual(["X", "Z"]);
    expect(countGreedy(completionCase).selected).toEqual(["X", "Z"]);

    const completed = countEqualShares(completionCase);
    expect(completed.selected).toEqual(["X", "Y"]);
    expect(completed.totalCost).toBe(450);
    expect(completed.completion).toEqual({
      method: "add-one",
      initialShare: 100,
      finalShare: 150,
      increments: 50,
      runs: 51,
      stopReason: "exhaustive",
    });
  });

  it("keeps the last outcome that fits when the next step would overspend", () => {
    // Budget 400, 4 voters (100 each). A 240: voters 1, 2. B 230: voters 3, 4. C 120: voter 1.
    // Share s: A costs voters 1–2 120 each (ρ = 1/2), B 115 each (ρ = 1/2, cheaper → first),
    // C 120 for voter 1 (ρ = 1). s = 100: nothing affordable but... A needs 2s ≥ 240, B 2s ≥ 230.
    // s = 115: B (230). s = 120: B, then A (240) → 470 > 400: stop; keep s = 119: B alone (230).
    // The fill then adds what fits by votes: A (2 votes, 240) does not fit in 170; C (120) does.
    const outcome = countEqualShares(
      approvalInstance(
        400,
        [
          ["A", 240],
          ["B", 230],
          ["C", 120],
        ],
        [["A", "C"], ["A"], ["B"], ["B"]],
      ),
    );
    expect(outcome.equalSharesSelected).toEqual(["B"]);
    expect(outcome.completion).toMatchObject({
      finalShare: 119,
      increments: 19,
      stopReason: "nextExceedsBudget",
    });
    expect(outcome.selected).toEqual(["B", "C"]);
    expect(outcome.steps.at(-1)).toEqual({
      kind: "filled",
      projectId: "C",
      support: 1,
      cost: 120,
      remainingBefore: 170,
    });
  });

  it("steps the completion by one currency unit in minor units", () => {
    // The same case in fen: shares go 100.00 → 150.00 yuan in steps of 1 yuan (100 fen).
    const inFen: BudgetInstance = {
      ...completionCase,
      projects: completionCase.projects.map((p) => ({ ...p, cost: p.cost * 100 })),
      budget: 50_000,
      moneyScale: 100,
    };
    const outcome = countEqualShares(inFen);
    expect(outcome.selected).toEqual(["X", "Y"]);
    expect(outcome.completion).toMatchObject({ initialShare: 10_000, finalShare: 15_000, increments: 50 });
  });

  it("breaks an exact tie in price by cost, then votes, then the fixed order", () => {
    // Two voters (75 each) approve both "2" and "10" (100 each): ρ = 50/100 = 1/2 for both, same cost and
    // votes → natural id order picks "2"; then each voter has 25 left and "10" is unaffordable.
    const tied = approvalInstance(
      150,
      [
        ["10", 100],
        ["2", 100],
      ],
      [
        ["2", "10"],
        ["2", "10"],
      ],
    );
    const outcome = countEqualShares(tied, { completion: "none", fill: "none" });
    expect(outcome.selected).toEqual(["2"]);
    expect(outcome.steps[0]).toMatchObject({ projectId: "2", tie: { tiedWith: ["10"], decidedBy: "order" } });
    expect(
      countEqualShares({ ...tied, tieBreakOrder: ["10"] }, { completion: "none", fill: "none" }).selected,
    ).toEqual(["10"]);
    // The certified floating-point path reaches the same decision.
    expect(
      countEqualShares(tied, { completion: "none", fill: "none", arithmetic: "certified" }).selected,
    ).toEqual(["2"]);
  });

  it("uses points as utilities for points ballots", () => {
    // Share 100 each. A (100): voter 1 gives 3 points → λ = 33.33 per point, ρ = 33.33.
    // B (150): voter 1 gives 1 point, voter 2 gives 2 → λ = 50 per point, ρ = 50 → A first; voter 1 is
    // then empty and voter 2's 100 cannot pay 150 → A alone.
    const outcome = countEqualShares(
      {
        projects: [
          { id: "A", cost: 100 },
          { id: "B", cost: 150 },
        ],
        budget: 200,
        ballotKind: "points",
        ballots: [
          { projects: ["A", "B"], points: [3, 1] },
          { projects: ["B"], points: [2] },
        ],
      },
      { fill: "none" },
    );
    expect(outcome.selected).toEqual(["A"]);
    expect(outcome.steps).toEqual([
      expect.objectContaining({ kind: "selected", projectId: "A", effectiveSupport: 3 }),
      expect.objectContaining({ kind: "unaffordable", projectId: "B", supportersMoney: 100 }),
    ]);
  });

  it("selects nothing when nobody voted", () => {
    const outcome = countEqualShares(approvalInstance(100, [["A", 50]], []));
    expect(outcome.selected).toEqual([]);
    expect(outcome.completion.stopReason).toBe("noVoters");
  });
});

/** A straightforward port of equalshares.net's reference algorithm (per voter, floats), for comparison. */
function referenceEqualShares(instance: BudgetInstance): string[] {
  const n = instance.ballots.length;
  const projects = instance.projects;
  const approvers = new Map(projects.map((p) => [p.id, [] as number[]]));
  instance.ballots.forEach((ballot, voter) =>
    ballot.projects.forEach((id) => approvers.get(id)!.push(voter)),
  );
  const votes = (id: string) => approvers.get(id)!.length;
  const cost = new Map(projects.map((p) => [p.id, p.cost]));
  // Our documented tie-break: cheaper, then more votes, then natural id order.
  const before = (a: string, b: string) =>
    cost.get(a)! - cost.get(b)! || votes(b) - votes(a) || compareProjectIds(a, b);
  const total = (ids: string[]) => ids.reduce((sum, id) => sum + cost.get(id)!, 0);

  const fixed = (budget: number): string[] => {
    const money = new Array<number>(n).fill(budget / n);
    const remaining = new Set(projects.filter((p) => p.cost > 0 && votes(p.id) > 0).map((p) => p.id));
    const chosen: string[] = [];
    for (;;) {
      let best: string | null = null;
      let bestEffective = -1;
      let bestPayment = 0;
      for (const id of [...remaining]) {
        const c = cost.get(id)!;
        const supporters = [...approvers.get(id)!].sort((a, b) => money[a]! - money[b]!);
        const available = supporters.reduce((sum, v) => sum + money[v]!, 0);
        if (available < c * (1 - 1e-12)) {
          remaining.delete(id);
          continue;
        }
        let paid = 0;
        let payers = supporters.length;
        for (const voter of supporters) {
          const payment = (c - paid) / payers;
          if (payment > money[voter]! * (1 + 1e-12)) {
            paid += money[voter]!;
            payers -= 1;
            continue;
          }
          const effective = c / payment;
          const tie = Math.abs(effective - bestEffective) <= 1e-9 * effective;
          if ((!tie && effective > bestEffective) || (tie && best !== null && before(id, best) < 0)) {
            best = id;
            bestEffective = effective;
            bestPayment = payment;
          }
          break;
        }
      }
      if (best === null) break;
      for (const voter of approvers.get(best)!)
        money[voter] = money[voter]! - Math.min(money[voter]!, bestPayment);
      remaining.delete(best);
      chosen.push(best);
    }
    return chosen;
  };

  let budget = instance.budget;
  let outcome = fixed(budget);
  for (;;) {
    const left = instance.budget - total(outcome);
    if (projects.every((p) => outcome.includes(p.id) || p.cost > left)) break;
    const next = fixed(budget + n);
    if (total(next) > instance.budget) break;
    budget += n;
    outcome = next;
  }
  const byVotes = [...projects].map((p) => p.id).sort((a, b) => votes(b) - votes(a) || before(a, b));
  for (const id of byVotes) {
    if (!outcome.includes(id) && total(outcome) + cost.get(id)! <= instance.budget) outcome.push(id);
  }
  return outcome;
}

function randomInstance(seed: string, voters: number, projectCount: number, points = false): BudgetInstance {
  const random = seededRandom(seed);
  const projects: Array<[string, number]> = Array.from({ length: projectCount }, (_, i) => [
    String(i + 1),
    50 + Math.floor(random() * 450),
  ]);
  const ballots = Array.from({ length: voters }, () =>
    projects.filter(() => random() < 0.35).map(([id]) => id),
  );
  // Every project gets at least one vote (the reference would otherwise fill with unvoted projects).
  projects.forEach(([id], i) => ballots[i % voters]!.includes(id) || ballots[i % voters]!.push(id));
  const totalCost = projects.reduce((sum, [, cost]) => sum + cost, 0);
  const instance = approvalInstance(Math.floor(totalCost * (0.3 + 0.4 * random())), projects, ballots);
  if (!points) return instance;
  return {
    ...instance,
    ballotKind: "points",
    ballots: instance.ballots.map((b) => ({
      projects: b.projects,
      points: b.projects.map(() => 1 + Math.floor(random() * 5)),
    })),
  };
}

describe("Method of Equal Shares against references", () => {
  it("matches a port of equalshares.net's reference algorithm on random votes", () => {
    for (let trial = 0; trial < 150; trial++) {
      const instance = randomInstance(`reference-${trial}`, 8 + (trial % 25), 4 + (trial % 7));
      expect(countEqualShares(instance).selected, `trial ${trial}`).toEqual(referenceEqualShares(instance));
    }
  });

  it("gets the same result from certified floating point and from exact arithmetic", () => {
    let certified = 0;
    for (let trial = 0; trial < 40; trial++) {
      const instance = randomInstance(`float-${trial}`, 60 + trial * 7, 10 + (trial % 10), trial % 2 === 1);
      const exact = countEqualShares(instance, { arithmetic: "exact" });
      const float = countEqualShares(instance, { arithmetic: "certified" });
      expect(float.selected, `trial ${trial}`).toEqual(exact.selected);
      expect(float.completion, `trial ${trial}`).toEqual(exact.completion);
      if (float.arithmetic === "certified-float") certified += 1;
    }
    // Most runs are decided in floating point; the exact fallback is for the close calls.
    expect(certified).toBeGreaterThan(20);
  });

  it("agrees run by run on a larger vote, and the floating-point run certifies", () => {
    const instance = randomInstance("large", 3000, 40);
    const p = prepareInstance(instance);
    for (const extra of [0, 5, 20]) {
      const numerator = instance.budget + extra * instance.ballots.length;
      const float = runCertifiedFloat(p, numerator, instance.ballots.length, Number.POSITIVE_INFINITY);
      const exact = runExact(p, BigInt(numerator), BigInt(instance.ballots.length), Number.POSITIVE_INFINITY);
      expect(float).not.toBeNull();
      expect(float!.selected).toEqual(exact.selected);
    }
  });
});
