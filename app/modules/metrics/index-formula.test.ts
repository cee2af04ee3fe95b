import { describe, expect, test } from "vitest";
import { componentDefinitions, defaultWeights, medianFromHistogram, responseHoursBin } from "./components";
import {
  computeComponents,
  computeIndex,
  emptyKindCounts,
  type KindCounts,
  type Measures,
} from "./index-formula";

const counts = (partial: Partial<KindCounts>): KindCounts => ({ ...emptyKindCounts(), ...partial });

/**
 * Worked by hand (default weights 20/15/10/15/15/10/10/5):
 * breadth 150 ÷ 1000 = 0.15 → 0.15 ÷ 0.20 = 75 · deliberation (30 + 20) ÷ 5 = 10 per item ÷ 5 → capped 100 ·
 * turnout 200 ÷ 1000 = 0.20 → 0.20 ÷ 0.25 = 80 · responsiveness 6 ÷ 9 = 0.667 → ÷ 0.9 = 74.1 ·
 * delivery: none → no data · satisfaction (12 + 6) ÷ 20 = 0.9 → 100 · transparency (3 + 3) ÷ 4 = 1.5 →
 * ÷ 2 = 75 · partnership: none → no data.
 * index = (20·75 + 15·100 + 10·80 + 15·74.1 + 10·100 + 10·75) ÷ (20 + 15 + 10 + 15 + 10 + 10)
 *       = 6661.5 ÷ 80 = 83.27 → 83.3
 */
const example: Measures = {
  participants: 150,
  eligibleResidents: 1000,
  medianResponseHours: 20,
  kinds: {
    "comment.posted": counts({ events: 45, qualified: 30 }),
    "meeting.attended": counts({ events: 20 }),
    "proposal.published": counts({ events: 2 }),
    "consultation.opened": counts({ events: 1 }),
    "matter.raised": counts({ events: 2 }),
    "ballot.cast": counts({ events: 300, actors: 200 }),
    "matter.responded": counts({ events: 9, qualified: 6, hoursSum: 270, hoursN: 9 }),
    "evaluation.submitted": counts({ events: 20, ratingTop: 12, ratingMid: 6, ratingLow: 2 }),
    "decision.made": counts({ events: 4 }),
    "outcome.published": counts({ events: 3 }),
    "notice.published": counts({ events: 3 }),
  },
};

describe("engagement index", () => {
  test("default weights sum to 100 and every component has a positive target", () => {
    expect(Object.values(defaultWeights).reduce((a, b) => a + b, 0)).toBe(100);
    for (const c of componentDefinitions) expect(c.target).toBeGreaterThan(0);
  });

  test("the hand-worked example", () => {
    const components = computeComponents(example, defaultWeights);
    const by = Object.fromEntries(components.map((c) => [c.key, c]));
    expect(by.breadth).toMatchObject({
      score: 75,
      value: 0.15,
      numerator: 150,
      denominator: 1000,
      n: 150,
      noData: false,
      weight: 20,
    });
    expect(by.deliberation).toMatchObject({ score: 100, value: 10, numerator: 50, denominator: 5 });
    expect(by.deliberation!.extra).toEqual({ stanceComments: 30, meetingAttendance: 20, items: 5 });
    expect(by.turnout).toMatchObject({ score: 80, value: 0.2, numerator: 200, extra: { ballots: 300 } });
    expect(by.responsiveness).toMatchObject({ score: 74.1, numerator: 6, denominator: 9, n: 9 });
    expect(by.responsiveness!.extra).toEqual({ medianResponseHours: 20, meanResponseHours: 30 });
    expect(by.delivery).toMatchObject({ noData: true, score: null, value: null, n: 0 });
    expect(by.satisfaction).toMatchObject({
      score: 100,
      value: 0.9,
      n: 20,
      extra: { satisfied: 12, basically: 6, dissatisfied: 2 },
    });
    expect(by.transparency).toMatchObject({
      score: 75,
      value: 1.5,
      extra: { outcomes: 3, notices: 3, decisions: 4 },
    });
    expect(by.partnership).toMatchObject({ noData: true, score: null });
    expect(computeIndex(components)).toBe(83.3);
  });

  test("no-data components are excluded from the mean, not counted as zero", () => {
    const only = computeComponents(
      {
        participants: 0,
        eligibleResidents: null,
        medianResponseHours: null,
        kinds: { "project.accepted": counts({ events: 4, qualified: 4 }) },
      },
      defaultWeights,
    );
    expect(only.filter((c) => !c.noData).map((c) => c.key)).toEqual(["delivery"]);
    // Breadth and turnout have no denominator without eligible residents.
    expect(only.find((c) => c.key === "breadth")).toMatchObject({
      noData: true,
      numerator: 0,
      denominator: null,
    });
    expect(computeIndex(only)).toBe(100);
    expect(
      computeIndex(
        computeComponents(
          { participants: 0, eligibleResidents: null, medianResponseHours: null, kinds: {} },
          defaultWeights,
        ),
      ),
    ).toBeNull();
  });

  test("a known denominator with nothing on top is a real zero", () => {
    const zero = computeComponents(
      { participants: 0, eligibleResidents: 500, medianResponseHours: null, kinds: {} },
      defaultWeights,
    );
    expect(zero.find((c) => c.key === "breadth")).toMatchObject({ noData: false, score: 0, value: 0 });
    // No ballot cast at all: no vote was held, so turnout has no data rather than zero.
    expect(zero.find((c) => c.key === "turnout")).toMatchObject({ noData: true });
    expect(computeIndex(zero)).toBe(0);
  });

  test("scores are capped at 100 and the weights used are reported", () => {
    const weights = { ...defaultWeights, breadth: 50, partnership: 0, delivery: 0 };
    const [breadth] = computeComponents({ ...example, participants: 900 }, weights);
    expect(breadth).toMatchObject({ key: "breadth", score: 100, value: 0.9, weight: 50 });
  });

  test("response-hour bins and the median read from them", () => {
    expect([0, 0.5, 1, 3.9, 4, 47.9, 48, 100, 5000].map(responseHoursBin)).toEqual([
      0, 0, 1, 3, 4, 10, 11, 13, 22,
    ]);
    // 4 responses: 2 in [4, 6), 2 in [24, 36): the middle (2nd of 4) is the end of the [4, 6) bin.
    const counts = new Array(23).fill(0) as number[];
    counts[4] = 2;
    counts[9] = 2;
    expect(medianFromHistogram(counts)).toBe(6);
    counts[4] = 1;
    counts[9] = 3;
    // Middle = 2nd of 4 → 1 of 3 into [24, 36) → 24 + (1/3)·12 = 28.
    expect(medianFromHistogram(counts)).toBe(28);
    expect(medianFromHistogram(new Array(23).fill(0) as number[])).toBeNull();
    const open = new Array(23).fill(0) as number[];
    open[22] = 5;
    expect(medianFromHistogram(open)).toBe(2160);
  });
});
