/**
 * Client-safe rules of meeting check-in codes: 6 characters from a 32-letter alphabet without the
 * look-alikes 0/O and 1/I, so a code read aloud or copied from a phone is hard to get wrong. 32 letters
 * give exactly 5 bits per character, so a code drawn from random bytes has no modulo bias.
 */
export const checkInAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export const checkInCodeLength = 6;

/** The code as typed (any case, spaces or dashes) in its canonical form, or null when it cannot be one. */
export function normalizeCheckInCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, "");
  if (code.length !== checkInCodeLength) return null;
  for (const ch of code) if (!checkInAlphabet.includes(ch)) return null;
  return code;
}

/** The code made of the first bytes given (5 bits each). */
export function codeFromBytes(bytes: Uint8Array): string {
  let code = "";
  for (let i = 0; i < checkInCodeLength; i++) code += checkInAlphabet[bytes[i]! & 31];
  return code;
}

/** "ABC DEF": easier to read out. */
export function formatCheckInCode(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}
