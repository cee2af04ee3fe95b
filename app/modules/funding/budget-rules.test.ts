import { describe, expect, test } from "vitest";
import { budgetIssueMessage, budgetIssues, maxRequestForTotal, projectTotal } from "./budget-rules";

const venture = { kind: "venture" as const, perProjectCapMinor: 30_000_00, maxGrantSharePercent: 60 };
const lines = (...amounts: number[]) =>
  amounts.map((a) => ({ category: "personnel", item: "x", amountMinor: a }));
const keys = (issues: ReturnType<typeof budgetIssues>) => issues.map((i) => i.key);

describe("budget rules (hand-worked)", () => {
  test("project total is the sum of the lines", () => {
    expect(projectTotal(lines(10_000_00, 5_000_00, 1))).toBe(15_000_01);
    expect(projectTotal([])).toBe(0);
  });

  test("exactly 60% of the total passes; 60% + 1 fen is refused", () => {
    // Total ¥50,000: 60% is ¥30,000 (also the cap), self-raised ¥20,000 (40%).
    expect(
      budgetIssues(
        { lines: lines(50_000_00), requestedMinor: 30_000_00, selfRaisedMinor: 20_000_00 },
        venture,
      ),
    ).toEqual([]);
    // Total ¥40,000: 60% is ¥24,000; ¥24,000.01 is over the share (cap not hit), and lines still add up.
    const over = budgetIssues(
      { lines: lines(40_000_00), requestedMinor: 24_000_01, selfRaisedMinor: 15_999_99 },
      venture,
    );
    expect(keys(over)).toEqual(["applications:errors.requestOverShare"]);
    expect(over[0]!.params).toEqual({ percent: 60, maxMinor: 24_000_00, selfRaisedPercent: 40 });
    expect(
      budgetIssues(
        { lines: lines(40_000_00), requestedMinor: 24_000_00, selfRaisedMinor: 16_000_00 },
        venture,
      ),
    ).toEqual([]);
  });

  test("share on an odd total rounds the allowance down, never up", () => {
    // 60% of ¥0.05 is 3 fen exactly; of ¥0.04 it is 2.4 fen, so 2 fen is the most.
    expect(maxRequestForTotal(5, 60)).toBe(3);
    expect(maxRequestForTotal(4, 60)).toBe(2);
    const tiny = { ...venture, perProjectCapMinor: 100 };
    expect(budgetIssues({ lines: lines(4), requestedMinor: 2, selfRaisedMinor: 2 }, tiny)).toEqual([]);
    expect(keys(budgetIssues({ lines: lines(4), requestedMinor: 3, selfRaisedMinor: 1 }, tiny))).toEqual([
      "applications:errors.requestOverShare",
    ]);
  });

  test("the cap exactly passes; one fen over is refused", () => {
    const call = { ...venture, maxGrantSharePercent: 100 };
    expect(
      budgetIssues({ lines: lines(30_000_00), requestedMinor: 30_000_00, selfRaisedMinor: 0 }, call),
    ).toEqual([]);
    const over = budgetIssues(
      { lines: lines(30_000_01), requestedMinor: 30_000_01, selfRaisedMinor: 0 },
      call,
    );
    expect(keys(over)).toEqual(["applications:errors.requestOverCap"]);
    expect(over[0]!.params).toEqual({ capMinor: 30_000_00 });
  });

  test("lines that do not add up by 1 fen are refused, either way", () => {
    const base = { lines: lines(30_000_00, 20_000_00), requestedMinor: 30_000_00 };
    expect(keys(budgetIssues({ ...base, selfRaisedMinor: 19_999_99 }, venture))).toEqual([
      "applications:errors.linesDontAddUp",
    ]);
    const high = budgetIssues({ ...base, selfRaisedMinor: 20_000_01 }, venture);
    expect(keys(high)).toEqual(["applications:errors.linesDontAddUp"]);
    expect(high[0]!.params).toEqual({ totalMinor: 50_000_00, sumMinor: 50_000_01 });
  });

  test("an empty budget and a zero request list every issue at once", () => {
    expect(keys(budgetIssues({ lines: [], requestedMinor: 0, selfRaisedMinor: 0 }, venture))).toEqual([
      "applications:errors.budgetEmpty",
      "applications:errors.requestMissing",
    ]);
  });

  test("a purchase bid is the price: cap and the call's share apply (default 100%)", () => {
    const purchase = { kind: "purchase" as const, perProjectCapMinor: 30_000_00, maxGrantSharePercent: null };
    expect(
      budgetIssues({ lines: lines(28_000_00), requestedMinor: 28_000_00, selfRaisedMinor: 0 }, purchase),
    ).toEqual([]);
    expect(
      keys(
        budgetIssues({ lines: lines(28_000_00), requestedMinor: 28_000_01, selfRaisedMinor: 0 }, purchase),
      ),
    ).toEqual(["applications:errors.requestOverShare", "applications:errors.linesDontAddUp"]);
    const share80 = { ...purchase, maxGrantSharePercent: 80 };
    expect(
      keys(
        budgetIssues(
          { lines: lines(10_000_00), requestedMinor: 8_000_01, selfRaisedMinor: 1_999_99 },
          share80,
        ),
      ),
    ).toEqual(["applications:errors.requestOverShare"]);
  });

  test("messages carry formatted amounts", () => {
    const [issue] = budgetIssues(
      { lines: lines(30_000_01), requestedMinor: 30_000_01, selfRaisedMinor: 0 },
      {
        ...venture,
        maxGrantSharePercent: 100,
      },
    );
    expect(budgetIssueMessage(issue!, (f) => `¥${f / 100}`)).toBe(
      'applications:errors.requestOverCap|{"cap":"¥30000"}',
    );
  });
});
