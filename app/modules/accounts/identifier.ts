/**
 * How people sign in: a mainland mobile number or an email address. Client-safe and pure, so the form
 * checks what the server checks.
 */
export type Identifier = { kind: "phone"; value: string } | { kind: "email"; value: string };

const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;
// Deliberately loose: deliverability is proven by use, not by a regular expression.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_EMAIL_LENGTH = 254;

/**
 * "138 1234 5678", "+86 138-1234-5678", "86 13812345678", "0086…" → "+8613812345678" (E.164);
 * "Alice@Example.COM" → "alice@example.com". Anything else → null.
 */
export function parseIdentifier(raw: string): Identifier | null {
  const input = raw.normalize("NFKC").trim();
  if (input.includes("@")) {
    const email = input.toLowerCase();
    return email.length <= MAX_EMAIL_LENGTH && EMAIL.test(email) ? { kind: "email", value: email } : null;
  }
  // People type numbers the way they read them out: with spaces, dashes or brackets around the prefix.
  let digits = input.replace(/[\s\-()]/g, "");
  if (digits.startsWith("+86")) digits = digits.slice(3);
  else if (digits.startsWith("0086")) digits = digits.slice(4);
  else if (digits.startsWith("86") && digits.length === 13) digits = digits.slice(2);
  return MAINLAND_MOBILE.test(digits) ? { kind: "phone", value: `+86${digits}` } : null;
}

/** "+8613812345678" → "+86 138****5678": enough to recognise one's own number, not to read it off a screen. */
export function maskPhone(phone: string): string {
  const national = phone.startsWith("+86") ? phone.slice(3) : phone;
  if (national.length < 7) return "****";
  return `${phone.startsWith("+86") ? "+86 " : ""}${national.slice(0, 3)}****${national.slice(-4)}`;
}

/** "alice@example.com" → "a***e@example.com". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "***";
  const local = email.slice(0, at);
  const shown = local.length > 2 ? `${local[0]}***${local[local.length - 1]}` : `${local[0]}***`;
  return `${shown}${email.slice(at)}`;
}

/** Deleted accounts keep their row with an empty display name; show them with this catalogue key. */
export const deletedUserKey = "accounts:deletedUser";

/** The key or text to show for a person's name: the deleted-user label when the account is gone. */
export function displayNameOrDeleted(displayName: string, t: (key: string) => string): string {
  return displayName.trim() === "" ? t(deletedUserKey) : displayName;
}
