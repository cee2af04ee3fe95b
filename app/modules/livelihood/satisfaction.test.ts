import { describe, expect, test } from "vitest";
import { ratingEventCode, satisfactionResult } from "./satisfaction";

const r = (satisfied: number, basically_satisfied: number, dissatisfied: number) =>
  satisfactionResult({ satisfied, basically_satisfied, dissatisfied }).outcome;

describe("satisfactionResult", () => {
  test("no ratings → no result", () => {
    expect(satisfactionResult({ satisfied: 0, basically_satisfied: 0, dissatisfied: 0 })).toEqual({
      outcome: null,
      counts: { satisfied: 0, basically_satisfied: 0, dissatisfied: 0 },
      total: 0,
    });
  });
  test("more than half 满意 → satisfied (14 of 21)", () => {
    expect(r(14, 5, 2)).toBe("satisfied");
    expect(r(3, 0, 2)).toBe("satisfied");
    expect(r(1, 0, 0)).toBe("satisfied");
  });
  test("exactly half 满意 is not satisfied: 2 of 4 with the rest 基本满意 → basically satisfied", () => {
    expect(r(2, 2, 0)).toBe("basically_satisfied");
    expect(r(2, 1, 1)).toBe("basically_satisfied");
  });
  test("满意 + 基本满意 exactly half → dissatisfied", () => {
    expect(r(2, 0, 2)).toBe("dissatisfied");
    expect(r(1, 1, 2)).toBe("dissatisfied");
    expect(r(0, 0, 1)).toBe("dissatisfied");
  });
  test("满意 + 基本满意 more than half but 满意 not → basically satisfied", () => {
    expect(r(4, 4, 2)).toBe("basically_satisfied");
    expect(r(0, 3, 2)).toBe("basically_satisfied");
  });
  test("total is the number of ratings", () => {
    expect(satisfactionResult({ satisfied: 14, basically_satisfied: 5, dissatisfied: 2 }).total).toBe(21);
  });
  test("event code of basically_satisfied is 'basically'", () => {
    expect(ratingEventCode("basically_satisfied")).toBe("basically");
    expect(ratingEventCode("satisfied")).toBe("satisfied");
  });
});
