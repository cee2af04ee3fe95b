/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters — registration
 * department (1), organisation category (1), administrative division (6 digits), organisation code
 * (9, GB 11714), check character (1). Pure and client-safe, so the form checks what the server checks.
 */

/** The code's alphabet: digits and capitals without I, O, Z, S, V (easily misread). */
export const creditCodeCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type CreditCodeProblem = "length" | "character" | "checkCharacter";
export type CreditCodeResult = { ok: true; code: string } | { ok: false; reason: CreditCodeProblem };

/** The catalogue key explaining each problem (organisations namespace). */
export const creditCodeMessages: Record<CreditCodeProblem, string> = {
  length: "organisations:errors.creditCodeLength",
  character: "organisations:errors.creditCodeCharacter",
  checkCharacter: "organisations:errors.creditCodeCheck",
};

/** Trims, drops inner spaces, turns full-width characters into half-width ones and upper-cases. */
export function normaliseCreditCode(raw: string): string {
  return raw.normalize("NFKC").replace(/\s+/g, "").toUpperCase();
}

/** The 18th character the first 17 call for. */
export function creditCodeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += creditCodeCharset.indexOf(first17[i]!) * weights[i]!;
  const check = 31 - (sum % 31);
  return creditCodeCharset[check === 31 ? 0 : check]!;
}

export function checkCreditCode(raw: string): CreditCodeResult {
  const code = normaliseCreditCode(raw);
  if (code.length !== 18) return { ok: false, reason: "length" };
  for (const c of code) if (!creditCodeCharset.includes(c)) return { ok: false, reason: "character" };
  if (creditCodeCheckCharacter(code) !== code[17]) return { ok: false, reason: "checkCharacter" };
  return { ok: true, code };
}

const orgCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/**
 * Whether the embedded 9-character organisation code (positions 9–17) carries a valid GB 11714 check
 * character. Informational only: codes issued since 2015 do not all keep it, so registration does not
 * require it.
 */
export function hasValidOrganisationCode(code: string): boolean {
  const org = normaliseCreditCode(code).slice(8, 17);
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(org)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(org[i]!, 36) * orgCodeWeights[i]!;
  const c = 11 - (sum % 11);
  const expected = c === 10 ? "X" : c === 11 ? "0" : String(c);
  return org[8] === expected;
}
