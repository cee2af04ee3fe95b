import { describe, expect, test } from "vitest";
import { endOfShanghaiDay, isReportLate, splitTranches } from "./agreement-rules";
import { checkAwardChoice, deviatesFromGreedy, proposeGreedy } from "./award-rules";

const r = (applicationId: string, rank: number, requestedMinor: number) => ({
  applicationId,
  rank,
  requestedMinor,
});

describe("proposeGreedy", () => {
  test("skips a project larger than what is left and takes a later smaller one", () => {
    // Budget 100: A 40 → 60 left; B 70 does not fit → skipped; C 30 → 30 left; D 35 does not fit; E 30 → 0.
    const ranked = [r("A", 1, 40), r("B", 2, 70), r("C", 3, 30), r("D", 4, 35), r("E", 5, 30)];
    expect(proposeGreedy(ranked, 100, 80)).toEqual({
      awards: [
        { applicationId: "A", amountMinor: 40 },
        { applicationId: "C", amountMinor: 30 },
        { applicationId: "E", amountMinor: 30 },
      ],
      spendMinor: 100,
    });
  });

  test("grants at most the cap", () => {
    // A asks 90, cap 50 → 50; B 40 fits the remaining 50; C 20 no longer fits (10 left).
    expect(proposeGreedy([r("A", 1, 90), r("B", 2, 40), r("C", 3, 20)], 100, 50)).toEqual({
      awards: [
        { applicationId: "A", amountMinor: 50 },
        { applicationId: "B", amountMinor: 40 },
      ],
      spendMinor: 90,
    });
  });

  test("walks ties in the ranking's own order and by rank, whatever the input order", () => {
    // Two tied at rank 1 (the ranking put T1 first); only one fits.
    expect(proposeGreedy([r("T1", 1, 60), r("T2", 1, 60)], 100, 100).awards).toEqual([
      { applicationId: "T1", amountMinor: 60 },
    ]);
    expect(proposeGreedy([r("B", 2, 50), r("A", 1, 60)], 100, 100).awards).toEqual([
      { applicationId: "A", amountMinor: 60 },
    ]);
  });

  test("nothing fits: nothing proposed", () => {
    expect(proposeGreedy([r("A", 1, 200)], 100, 300)).toEqual({ awards: [], spendMinor: 0 });
  });
});

describe("deviation and hard rules", () => {
  const ranked = [r("A", 1, 40), r("B", 2, 70), r("C", 3, 30)];
  const greedy = proposeGreedy(ranked, 100, 80).awards; // A 40, C 30

  test("same set and amounts: no deviation; another set or amount: deviation", () => {
    expect(deviatesFromGreedy([...greedy].reverse(), greedy)).toBe(false);
    expect(deviatesFromGreedy([{ applicationId: "B", amountMinor: 70 }], greedy)).toBe(true);
    expect(
      deviatesFromGreedy(
        [
          { applicationId: "A", amountMinor: 35 },
          { applicationId: "C", amountMinor: 30 },
        ],
        greedy,
      ),
    ).toBe(true);
    expect(deviatesFromGreedy([{ applicationId: "A", amountMinor: 40 }], greedy)).toBe(true);
  });

  test("over budget, over cap, over request, unknown or repeated application: refused", () => {
    const check = (chosen: { applicationId: string; amountMinor: number }[]) =>
      checkAwardChoice(chosen, ranked, 100, 80)?.code ?? null;
    expect(check(greedy)).toBeNull();
    expect(
      check([
        { applicationId: "A", amountMinor: 40 },
        { applicationId: "B", amountMinor: 70 },
      ]),
    ).toBe("awards:errors.overBudget");
    expect(check([{ applicationId: "B", amountMinor: 70 }])).toBeNull();
    expect(check([{ applicationId: "A", amountMinor: 41 }])).toBe("awards:errors.overRequest");
    expect(checkAwardChoice([{ applicationId: "B", amountMinor: 70 }], ranked, 100, 60)?.code).toBe(
      "awards:errors.overCap",
    );
    expect(check([{ applicationId: "Z", amountMinor: 10 }])).toBe("awards:errors.notEligible");
    expect(
      check([
        { applicationId: "C", amountMinor: 10 },
        { applicationId: "C", amountMinor: 10 },
      ]),
    ).toBe("awards:errors.notEligible");
    expect(check([{ applicationId: "C", amountMinor: 0 }])).toBe("awards:errors.amountInvalid");
    expect(check([{ applicationId: "C", amountMinor: 1.5 }])).toBe("awards:errors.amountInvalid");
  });
});

describe("tranches and reports", () => {
  test("50/40/10 of ¥100,000.01 in fen, the remainder on the last tranche", () => {
    const split = splitTranches(10_000_001, { signing: 50, midterm: 40, final: 10 })!;
    expect(split.map((t) => t.amountMinor)).toEqual([5_000_000, 4_000_000, 1_000_001]);
    expect(split.reduce((s, t) => s + t.amountMinor, 0)).toBe(10_000_001);
    expect(splitTranches(100, { signing: 33, midterm: 33, final: 34 })!.map((t) => t.amountMinor)).toEqual([
      33, 33, 34,
    ]);
  });

  test("percents must be whole, 0–100 and sum to 100", () => {
    expect(splitTranches(100, { signing: 50, midterm: 40, final: 20 })).toBeNull();
    expect(splitTranches(100, { signing: 50.5, midterm: 39.5, final: 10 })).toBeNull();
    expect(splitTranches(100, { signing: 110, midterm: -20, final: 10 })).toBeNull();
  });

  test("a report is late when not in by the end of its due day (Beijing time)", () => {
    const dueAt = endOfShanghaiDay("2027-03-31");
    expect(dueAt.toISOString()).toBe("2027-03-31T15:59:59.999Z");
    const before = new Date("2027-03-31T15:00:00Z");
    const after = new Date("2027-04-01T00:00:00Z");
    expect(isReportLate({ dueAt, submittedAt: null, status: "due" }, before)).toBe(false);
    expect(isReportLate({ dueAt, submittedAt: null, status: "due" }, after)).toBe(true);
    expect(isReportLate({ dueAt, submittedAt: before, status: "submitted" }, after)).toBe(false);
    expect(isReportLate({ dueAt, submittedAt: after, status: "submitted" }, after)).toBe(true);
  });
});
