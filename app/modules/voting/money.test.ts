import { describe, expect, it } from "vitest";
import { decimalToScaled, formatScaled, parseDecimal } from "./money";

describe("money in minor units", () => {
  it("reads decimals exactly, with the fewest decimals they need", () => {
    expect(parseDecimal("12.50")).toEqual({ digits: "125", fractionDigits: 1, negative: false });
    expect(parseDecimal(" 44720 ")).toEqual({ digits: "44720", fractionDigits: 0, negative: false });
    expect(parseDecimal("1.5e3")).toEqual({ digits: "1500", fractionDigits: 0, negative: false });
    expect(parseDecimal("-0.25")).toEqual({ digits: "25", fractionDigits: 2, negative: true });
    expect(parseDecimal("0")).toEqual({ digits: "", fractionDigits: 0, negative: false });
    for (const bad of ["", "abc", "1,5", "1.2.3", "."]) expect(parseDecimal(bad)).toBeNull();
  });

  it("scales to integers and back without rounding", () => {
    // 0.1 + 0.2 is exactly 0.3 in minor units.
    const cents = ["0.1", "0.2"].map((text) => decimalToScaled(parseDecimal(text)!, 2));
    expect(cents[0]! + cents[1]!).toBe(decimalToScaled(parseDecimal("0.3")!, 2));
    expect(formatScaled(100050, 100)).toBe("1000.5");
    expect(formatScaled(4472000, 100)).toBe("44720");
    expect(formatScaled(5, 100)).toBe("0.05");
    expect(formatScaled(-5, 10)).toBe("-0.5");
    expect(() => decimalToScaled(parseDecimal("1.234")!, 2)).toThrow(RangeError);
    expect(() => decimalToScaled(parseDecimal("1e20")!, 0)).toThrow(RangeError);
  });
});
