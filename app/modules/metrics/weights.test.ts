import { describe, expect, test } from "vitest";
import { canSetWeights, checkWeights, defaultWeights, weightsFormSchema } from "./weights";

describe("index weights", () => {
  test("whole numbers summing to exactly 100 are accepted", () => {
    expect(checkWeights(defaultWeights)).toEqual({ ok: true, weights: defaultWeights });
  });

  test("a sum other than 100 is refused", () => {
    expect(checkWeights({ ...defaultWeights, breadth: 21 })).toEqual({
      ok: false,
      code: "metrics:errors.weightsSum",
    });
    expect(checkWeights({ ...defaultWeights, breadth: 19 })).toEqual({
      ok: false,
      code: "metrics:errors.weightsSum",
    });
  });

  test("fractions, negatives, missing and unknown components are refused", () => {
    for (const bad of [
      { ...defaultWeights, breadth: 19.5, turnout: 10.5 },
      { ...defaultWeights, breadth: -5, turnout: 35 },
      { ...defaultWeights, breadth: "20" },
      { ...defaultWeights, popularity: 0 },
      (({ breadth: _b, ...rest }) => rest)(defaultWeights),
      null,
      [20, 15],
    ]) {
      expect(checkWeights(bad)).toEqual({ ok: false, code: "metrics:errors.weightsInvalid" });
    }
  });

  test("the form schema reports the sum as a form error", () => {
    const form = Object.fromEntries(Object.entries(defaultWeights).map(([k, v]) => [k, String(v)]));
    expect(weightsFormSchema.safeParse(form).success).toBe(true);
    const wrong = weightsFormSchema.safeParse({ ...form, breadth: "30" });
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues[0]?.message).toBe("metrics:errors.weightsSum");
  });

  test("only a platform admin or a city official of the city may set weights", () => {
    expect(canSetWeights([{ role: "platform_admin", areaLevel: "city" }]).allowed).toBe(true);
    expect(canSetWeights([{ role: "city_official", areaLevel: "city" }]).allowed).toBe(true);
    expect(canSetWeights([{ role: "district_official", areaLevel: "district" }])).toEqual({
      allowed: false,
      reason: "metrics:errors.forbidden",
    });
    expect(canSetWeights([{ role: "city_official", areaLevel: "district" }]).allowed).toBe(false);
    expect(canSetWeights([]).allowed).toBe(false);
  });
});
