import { count, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { sessions, users } from "~db/schema/accounts";
import { participationEvents } from "~db/schema/ledger";
import { db } from "~/lib/db.server";
import { isDomainError } from "~/lib/errors";
import { actorPseudonym } from "~/modules/participation/pseudonym.server";
import {
  PASSWORD,
  eventsOf,
  ledgerCounts,
  registerPerson,
  rootCity,
  uniqueEmail,
  uniqueIp,
  uniquePhone,
} from "../../../tests/helpers/account-fixtures";
import { verifyPassword } from "./password.server";
import { registerAccount, registrationRefused } from "./register.server";
import { validateSessionToken } from "./session.server";

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isDomainError(error), `expected a DomainError, got ${String(error)}`).toBe(true);
  return error as { code: string; status: number; params: Record<string, unknown> };
}

async function userCount() {
  const [row] = await db.select({ n: count() }).from(users);
  return row!.n;
}

describe("registration", () => {
  test("with a phone number: normalised to E.164, hashed password, a session and the registered event at city level", async () => {
    const city = await rootCity();
    const before = await eventsOf("account.registered", city.id);
    const typed = uniquePhone();
    const { user, token } = await registerPerson({ identifier: `+86 ${typed}`, displayName: "  阿明 " });
    expect(user.phone).toBe(`+86${typed.replace(/\s/g, "")}`);
    expect(user.email).toBeNull();
    expect(user.displayName).toBe("阿明");
    expect(user.pseudonymSeed).toMatch(/^[\w-]{40,}$/);
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(user.passwordHash!, PASSWORD)).toBe(true);
    const validated = await validateSessionToken(token);
    expect(validated?.user.id).toBe(user.id);
    expect(await eventsOf("account.registered", city.id)).toBe(before + 1);
    const [event] = await db
      .select()
      .from(participationEvents)
      .where(eq(participationEvents.actorPseudonym, await actorPseudonym(user)));
    expect(event).toMatchObject({ kind: "account.registered", areaId: city.id, channel: "web" });
    // The event names the account only by its pseudonym.
    expect(JSON.stringify(event)).not.toContain(user.id);
  });

  test("with an email: lower-cased", async () => {
    const typed = uniqueEmail();
    const { user } = await registerPerson({ identifier: typed });
    expect(user.email).toBe(typed.toLowerCase());
    expect(user.phone).toBeNull();
  });

  test("a taken phone or email gets the generic refusal and writes nothing", async () => {
    const phone = uniquePhone();
    const email = uniqueEmail();
    await registerPerson({ identifier: phone });
    await registerPerson({ identifier: email });
    const users0 = await userCount();
    const ledger0 = await ledgerCounts();
    for (const again of [phone.replace(/\s/g, "-"), `86${phone.replace(/\s/g, "")}`, email.toUpperCase()]) {
      const error = await refusal(registerPerson({ identifier: again, password: "another password" }));
      expect(error).toMatchObject({ code: registrationRefused, status: 409 });
    }
    expect(await userCount()).toBe(users0);
    expect(await ledgerCounts()).toEqual(ledger0);
  });

  test("two parallel registrations of one identifier: exactly one account, the other refused (no other error)", async () => {
    const phone = uniquePhone();
    const ledger0 = await ledgerCounts();
    const results = await Promise.allSettled([
      registerPerson({ identifier: phone, displayName: "甲" }),
      registerPerson({ identifier: phone, displayName: "乙" }),
      registerPerson({ identifier: phone, displayName: "丙" }),
    ]);
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(2);
    for (const r of rejected) expect(r.reason).toMatchObject({ code: registrationRefused, status: 409 });
    const rows = await db.select({ id: users.id }).from(users).where(eq(users.phone, `+86${phone.replace(/\s/g, "")}`));
    expect(rows).toHaveLength(1);
    const [sessionRows] = await db.select({ n: count() }).from(sessions).where(eq(sessions.userId, rows[0]!.id));
    expect(sessionRows!.n).toBe(1);
    const ledger1 = await ledgerCounts();
    expect(ledger1.events).toBe(ledger0.events + 1);
  });

  test.each([
    ["an invalid phone", { identifier: "138 1234 567", password: PASSWORD, displayName: "A" }, "accounts:errors.identifierInvalid"],
    ["a short password", { identifier: "13800000000", password: "1234567", displayName: "A" }, "errors:tooShort"],
    ["a common password", { identifier: "13800000000", password: "qwerty123", displayName: "A" }, "accounts:errors.passwordTooCommon"],
    ["a blank name", { identifier: "13800000000", password: PASSWORD, displayName: "   " }, "errors:required"],
    ["a long name", { identifier: "13800000000", password: PASSWORD, displayName: "x".repeat(41) }, "errors:tooLong"],
  ])("bad input (%s) is refused with 400 and writes nothing", async (_label, input, code) => {
    await rootCity();
    const users0 = await userCount();
    const ledger0 = await ledgerCounts();
    const error = await refusal(registerAccount({ ...input, ip: uniqueIp(), userAgent: null }));
    expect(error).toMatchObject({ code, status: 400 });
    expect(await userCount()).toBe(users0);
    expect(await ledgerCounts()).toEqual(ledger0);
  });

  test("registration attempts per address are limited (20 an hour), refused with 429 and nothing written", async () => {
    await rootCity();
    const ip = uniqueIp();
    const now = new Date();
    const taken = uniqueEmail();
    await registerPerson({ identifier: taken });
    // Attempts count, whatever their outcome: refusals of taken details use up the budget too.
    for (let i = 0; i < 20; i++) {
      await refusal(registerAccount({ identifier: taken, password: PASSWORD, displayName: "A", ip, userAgent: null, now }));
    }
    const users0 = await userCount();
    const error = await refusal(
      registerAccount({ identifier: uniqueEmail(), password: PASSWORD, displayName: "A", ip, userAgent: null, now }),
    );
    expect(error).toMatchObject({ code: "errors:rateLimited", status: 429 });
    expect(Number(error.params.minutes)).toBeGreaterThanOrEqual(1);
    expect(await userCount()).toBe(users0);
    // Another address is not affected.
    await registerAccount({ identifier: uniqueEmail(), password: PASSWORD, displayName: "A", ip: uniqueIp(), userAgent: null, now });
  });
});
