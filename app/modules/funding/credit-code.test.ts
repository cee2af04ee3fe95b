import { describe, expect, test } from "vitest";
import {
  checkCreditCode,
  creditCodeCheckCharacter,
  hasValidOrganisationCode,
  normaliseCreditCode,
} from "./credit-code";

// Real codes whose check characters were worked by the GB 32100-2015 algorithm: the standard's worked
// example, two companies, a national foundation (5 = civil affairs, 3 = foundation) and a public
// institution (1 = establishment office).
const valid = [
  "91350100M000100Y43",
  "91110108551385082Q",
  "91440300708461136T",
  "53100000500021676K",
  "12100000400000624D",
];

describe("unified social credit code (GB 32100-2015)", () => {
  test.each(valid)("%s is valid", (code) => {
    expect(checkCreditCode(code)).toEqual({ ok: true, code });
  });

  test("the check character by hand: 91350100M000100Y4 → 3", () => {
    // Σ value×weight = 9·1+1·3+3·9+5·27+0+1·26+0+0+21·20+0+0+0+1·8+0+0+30·30+4·28 = 1640;
    // 1640 mod 31 = 28; 31 − 28 = 3.
    expect(creditCodeCheckCharacter("91350100M000100Y4")).toBe("3");
  });

  test("a check result of 31 becomes 0", () => {
    // Σ = 0, 31 − 0 = 31, which the standard writes as 0.
    expect(creditCodeCheckCharacter("00000000000000000")).toBe("0");
  });

  test("normalises spaces, case and full-width characters", () => {
    expect(normaliseCreditCode(" 9135 0100m000100y43 ")).toBe("91350100M000100Y43");
    expect(checkCreditCode("９１３５０１００Ｍ０００１００Ｙ４３")).toEqual({
      ok: true,
      code: "91350100M000100Y43",
    });
  });

  test("wrong length", () => {
    expect(checkCreditCode("")).toEqual({ ok: false, reason: "length" });
    expect(checkCreditCode("91350100M000100Y4")).toEqual({ ok: false, reason: "length" });
    expect(checkCreditCode("91350100M000100Y431")).toEqual({ ok: false, reason: "length" });
  });

  test("characters outside the alphabet (I, O, Z, S, V and punctuation)", () => {
    expect(checkCreditCode("91350100M000100I43")).toEqual({ ok: false, reason: "character" });
    expect(checkCreditCode("91350100O000100Y43")).toEqual({ ok: false, reason: "character" });
    expect(checkCreditCode("91350100S000100Y43")).toEqual({ ok: false, reason: "character" });
    expect(checkCreditCode("91350100-000100Y43")).toEqual({ ok: false, reason: "character" });
  });

  test("a wrong check character", () => {
    expect(checkCreditCode("91350100M000100Y44")).toEqual({ ok: false, reason: "checkCharacter" });
    expect(checkCreditCode("11100000000013127H")).toEqual({ ok: false, reason: "checkCharacter" });
    expect(checkCreditCode("11100000000013127D")).toEqual({ ok: true, code: "11100000000013127D" });
    // One mistyped digit in the body is caught too.
    expect(checkCreditCode("91110108551385083Q")).toEqual({ ok: false, reason: "checkCharacter" });
  });

  test("the embedded GB 11714 organisation code (informational)", () => {
    for (const code of valid) expect(hasValidOrganisationCode(code)).toBe(true);
    expect(hasValidOrganisationCode("91350100M000100Y53")).toBe(false);
  });
});
