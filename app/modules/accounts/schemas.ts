import { z } from "zod";
import { DomainError } from "~/lib/errors";
import { messageKey, parseMessageKey } from "~/lib/messages";
import { requiredText } from "~/lib/validation";
import { parseIdentifier } from "./identifier";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const DISPLAY_NAME_MAX = 40;

/**
 * The passwords attackers try first (top of the public breach lists, plus the Chinese favourites). Kept
 * short on purpose: the length rule does most of the work, and a long list would ship to every browser.
 */
export const commonPasswords: ReadonlySet<string> = new Set([
  "12345678",
  "123456789",
  "1234567890",
  "11111111",
  "88888888",
  "00000000",
  "66666666",
  "12341234",
  "87654321",
  "11223344",
  "password",
  "password1",
  "password123",
  "passw0rd",
  "qwerty123",
  "qwertyuiop",
  "1qaz2wsx",
  "a123456789",
  "a12345678",
  "aa123456",
  "abc12345",
  "abcd1234",
  "iloveyou",
  "woaini1314",
  "5201314520",
  "admin123",
  "kapok123",
]);

export function isCommonPassword(password: string): boolean {
  return commonPasswords.has(password.toLowerCase());
}

const requiredString = () => z.string({ required_error: "errors:required", invalid_type_error: "errors:required" });

/** A phone number or email, normalised ("+8613812345678" / "alice@example.com"). */
export const identifierField = requiredString()
  .trim()
  .min(1, "errors:required")
  .max(254, messageKey("errors:tooLong", { max: 254 }))
  .transform((raw, ctx) => {
    const parsed = parseIdentifier(raw);
    if (!parsed) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "accounts:errors.identifierInvalid" });
      return z.NEVER;
    }
    return parsed.value;
  });

/** A password someone is choosing now. Never trimmed: spaces are characters too. */
export const newPasswordField = requiredString()
  .min(PASSWORD_MIN, messageKey("errors:tooShort", { min: PASSWORD_MIN }))
  .max(PASSWORD_MAX, messageKey("errors:tooLong", { max: PASSWORD_MAX }))
  .refine((value) => !isCommonPassword(value), "accounts:errors.passwordTooCommon");

/** A password someone already has: only presence and a sane upper bound (no hints about the rules). */
export const existingPasswordField = requiredString()
  .min(1, "errors:required")
  .max(PASSWORD_MAX * 4, messageKey("errors:tooLong", { max: PASSWORD_MAX }));

export const registerSchema = z.object({
  identifier: identifierField,
  password: newPasswordField,
  displayName: requiredText({ max: DISPLAY_NAME_MAX }),
});

export const loginSchema = z.object({
  identifier: identifierField,
  password: existingPasswordField,
  redirectTo: z.string().max(2000).optional(),
});

export const changePasswordSchema = z
  .object({
    currentPassword: existingPasswordField,
    newPassword: newPasswordField,
    confirmPassword: requiredString().min(1, "errors:required").max(PASSWORD_MAX * 4),
  })
  .refine((value) => value.newPassword === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "accounts:errors.passwordsDiffer",
  });

export const deleteAccountSchema = z.object({
  password: existingPasswordField,
});

/** Password fields are never sent back to the browser, not even after a failed submission. */
export const passwordFields = ["password", "currentPassword", "newPassword", "confirmPassword"];

/**
 * Use-cases check their input again (routes already did): a caller that skips the form still gets a 400
 * with the first problem, never a write and never a 500.
 */
export function parseOrRefuse<S extends z.ZodTypeAny>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data as z.output<S>;
  const { key, params } = parseMessageKey(parsed.error.issues[0]?.message ?? "errors:required");
  throw new DomainError(key, 400, params as Record<string, string | number>);
}
