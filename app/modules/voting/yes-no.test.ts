import { describe, expect, it } from "vitest";
import { countYesNo, tallyYesNo } from "./yes-no";

describe("yes/no vote", () => {
  it("passes only with more yes than no among votes cast", () => {
    expect(countYesNo({ yes: 11, no: 10, abstain: 0 }).passed).toBe(true);
    expect(countYesNo({ yes: 10, no: 10, abstain: 5 }).passed).toBe(false);
    expect(countYesNo({ yes: 0, no: 0, abstain: 3 }).passed).toBe(false);
  });

  it("reports turnout against the eligible residents", () => {
    expect(countYesNo({ ...tallyYesNo(["yes", "yes", "no", "abstain"]), eligible: 10 })).toEqual({
      yes: 2,
      no: 1,
      abstain: 1,
      cast: 4,
      passed: true,
      eligible: 10,
      turnout: 0.4,
    });
  });

  it("refuses more votes than eligible residents", () => {
    expect(() => countYesNo({ yes: 3, no: 0, abstain: 0, eligible: 2 })).toThrow(RangeError);
  });
});
