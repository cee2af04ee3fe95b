import { describe, expect, test } from "vitest";
import { displayNameOrDeleted, maskEmail, maskPhone, parseIdentifier } from "./identifier";

describe("parseIdentifier", () => {
  test.each([
    ["13812345678", "+8613812345678"],
    ["138 1234 5678", "+8613812345678"],
    ["138-1234-5678", "+8613812345678"],
    ["+86 138 1234 5678", "+8613812345678"],
    ["+86-138-1234-5678", "+8613812345678"],
    ["(+86) 13812345678", "+8613812345678"],
    ["86 13812345678", "+8613812345678"],
    ["008613812345678", "+8613812345678"],
    ["１３８１２３４５６７８", "+8613812345678"],
    ["  19912345678 ", "+8619912345678"],
  ])("phone %s → %s", (raw, expected) => {
    expect(parseIdentifier(raw)).toEqual({ kind: "phone", value: expected });
  });

  test.each([
    "1381234567", // 10 digits
    "138123456789", // 12 digits
    "12812345678", // no mainland mobile starts with 12
    "+85291234567", // Hong Kong number: not supported for sign-in
    "+1 415 555 0100",
    "8613812345678x",
    "",
    "abc",
  ])("not an identifier: %s", (raw) => {
    expect(parseIdentifier(raw)).toBeNull();
  });

  test("emails are lower-cased and trimmed", () => {
    expect(parseIdentifier("  Alice.Wong@Example.COM ")).toEqual({ kind: "email", value: "alice.wong@example.com" });
  });

  test.each(["alice@", "@example.com", "alice@example", "a b@example.com", `${"a".repeat(250)}@example.com`])(
    "not an email: %s",
    (raw) => {
      expect(parseIdentifier(raw)).toBeNull();
    },
  );
});

describe("masking", () => {
  test("phones keep the prefix, the first three and the last four digits", () => {
    expect(maskPhone("+8613812345678")).toBe("+86 138****5678");
  });

  test("emails keep the first and last character of the local part and the domain", () => {
    expect(maskEmail("alice@example.com")).toBe("a***e@example.com");
    expect(maskEmail("al@example.com")).toBe("a***@example.com");
  });
});

test("a deleted account's empty name shows as the deleted-user label", () => {
  const t = (key: string) => `[${key}]`;
  expect(displayNameOrDeleted("", t)).toBe("[accounts:deletedUser]");
  expect(displayNameOrDeleted("阿明", t)).toBe("阿明");
});
