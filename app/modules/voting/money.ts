/**
 * Money is counted in integer minor units (fen for CNY) so that "does it fit in the budget" and
 * "are these two totals equal" are exact integer questions, never float comparisons.
 *
 * Pabulib files may carry decimal costs and budgets ("12500.50"); a file's amounts are all scaled by one
 * power of ten (its `scale`, the number of minor units per currency unit) chosen from the longest
 * fraction in the file, so every amount becomes a safe integer.
 */

const decimalPattern = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export interface ParsedDecimal {
  /** All digits, no sign, no leading zeros ("" for zero). */
  readonly digits: string;
  /** Digits after the decimal point once the exponent is applied (≥ 0). */
  readonly fractionDigits: number;
  readonly negative: boolean;
}

/** Reads a plain decimal ("44720", "-3", "12.50", "1e3", "2.5E-1") exactly, or returns null. */
export function parseDecimal(text: string): ParsedDecimal | null {
  const match = decimalPattern.exec(text.trim());
  if (!match) return null;
  const [, sign = "", whole = "", fraction = "", exponentText] = match;
  if (whole === "" && fraction === "") return null;
  let digits = whole + fraction;
  let fractionDigits = fraction.length - (exponentText ? Number(exponentText) : 0);
  if (fractionDigits < 0) {
    digits += "0".repeat(-fractionDigits);
    fractionDigits = 0;
  }
  // Trailing zeros in the fraction carry no value: "12.50" needs one decimal, not two.
  while (fractionDigits > 0 && digits.endsWith("0")) {
    digits = digits.slice(0, -1);
    fractionDigits -= 1;
  }
  digits = digits.replace(/^0+/, "");
  return { digits, fractionDigits, negative: sign === "-" && digits !== "" };
}

/** The amount in units of 10^-scaleDigits, as a safe integer; throws RangeError if it is not one. */
export function decimalToScaled(value: ParsedDecimal, scaleDigits: number): number {
  if (value.fractionDigits > scaleDigits) throw new RangeError("more decimals than the scale allows");
  const digits = (value.digits || "0") + "0".repeat(scaleDigits - value.fractionDigits);
  const big = BigInt(digits);
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError("amount too large");
  return value.negative ? -Number(big) : Number(big);
}

/** Writes `minor` minor units as a decimal in currency units with as few decimals as needed. */
export function formatScaled(minor: number, scale: number): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not an integer amount: ${minor}`);
  if (scale === 1) return String(minor);
  const scaleDigits = Math.round(Math.log10(scale));
  if (10 ** scaleDigits !== scale) throw new RangeError(`scale must be a power of ten: ${scale}`);
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(scaleDigits + 1, "0");
  const whole = digits.slice(0, digits.length - scaleDigits);
  const fraction = digits.slice(digits.length - scaleDigits).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** Minor units per currency unit for CNY amounts kept in fen. */
export const fenPerYuan = 100;
