import { describe, expect, test } from "vitest";
import { isDomainError } from "~/lib/errors";
import { changePasswordSchema, isCommonPassword, loginSchema, parseOrRefuse, registerSchema } from "./schemas";

const messages = (result: { success: boolean; error?: { issues: { path: (string | number)[]; message: string }[] } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));

describe("registerSchema", () => {
  test("normalises the identifier and trims the display name", () => {
    const parsed = registerSchema.parse({ identifier: "+86 138-1234-5678", password: "long enough pw", displayName: "  阿明  " });
    expect(parsed).toEqual({ identifier: "+8613812345678", password: "long enough pw", displayName: "阿明" });
  });

  test("passwords must be 8 to 128 characters and not among the most common", () => {
    const base = { identifier: "a@example.com", displayName: "A" };
    expect(messages(registerSchema.safeParse({ ...base, password: "short" }))).toEqual({ password: 'errors:tooShort|{"min":8}' });
    expect(messages(registerSchema.safeParse({ ...base, password: "x".repeat(129) }))).toEqual({
      password: 'errors:tooLong|{"max":128}',
    });
    for (const common of ["12345678", "password", "11111111", "qwerty123", "a123456789", "PASSWORD"]) {
      expect(isCommonPassword(common)).toBe(true);
      expect(messages(registerSchema.safeParse({ ...base, password: common }))).toEqual({ password: "accounts:errors.passwordTooCommon" });
    }
    expect(registerSchema.safeParse({ ...base, password: "x".repeat(128) }).success).toBe(true);
  });

  test("display names are 1 to 40 characters after trimming", () => {
    const base = { identifier: "a@example.com", password: "long enough pw" };
    expect(messages(registerSchema.safeParse({ ...base, displayName: "   " }))).toEqual({ displayName: "errors:required" });
    expect(messages(registerSchema.safeParse({ ...base, displayName: "名".repeat(41) }))).toEqual({
      displayName: 'errors:tooLong|{"max":40}',
    });
  });

  test("an identifier that is neither a mainland mobile nor an email is refused", () => {
    expect(messages(registerSchema.safeParse({ identifier: "12345", password: "long enough pw", displayName: "A" }))).toEqual({
      identifier: "accounts:errors.identifierInvalid",
    });
  });
});

test("login does not apply the new-password rules (old accounts, same message for everything)", () => {
  expect(loginSchema.safeParse({ identifier: "13812345678", password: "short" }).success).toBe(true);
  expect(messages(loginSchema.safeParse({ identifier: "13812345678" }))).toEqual({ password: "errors:required" });
});

test("the new password must be typed the same twice", () => {
  const result = changePasswordSchema.safeParse({ currentPassword: "old", newPassword: "new password 1", confirmPassword: "new password 2" });
  expect(messages(result)).toEqual({ confirmPassword: "accounts:errors.passwordsDiffer" });
});

test("parseOrRefuse turns the first problem into a 400 refusal with its parameters", () => {
  const error = (() => {
    try {
      parseOrRefuse(registerSchema, { identifier: "a@example.com", password: "short", displayName: "A" });
    } catch (e) {
      return e;
    }
  })();
  expect(isDomainError(error)).toBe(true);
  expect(error).toMatchObject({ code: "errors:tooShort", status: 400, params: { min: 8 } });
});
