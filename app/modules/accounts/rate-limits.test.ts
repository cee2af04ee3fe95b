import { count, eq } from "drizzle-orm";
import { afterEach, describe, expect, test } from "vitest";
import { sessions } from "~db/schema/accounts";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { isDomainError } from "~/lib/errors";
import { PASSWORD, registerPerson, uniqueIp, uniquePhone } from "../../../tests/helpers/account-fixtures";
import { changePassword, currentPasswordWrong } from "./change-password.server";
import { invalidCredentials, logIn } from "./log-in.server";
import { passwordFailuresPerIp } from "./rate-limits.server";

async function outcome(promise: Promise<unknown>) {
  return promise.then(
    () => "ok",
    (e: unknown) => (isDomainError(e) ? `${e.status} ${e.code}` : `unexpected ${String(e)}`),
  );
}

const REFUSED = `400 ${invalidCredentials}`;
const LIMITED = "429 errors:rateLimited";

afterEach(() => {
  env.KAPOK_RATE_LIMITS = "on";
});

describe("login rate limits", () => {
  test("the 6th failed login to one account within a minute is refused with 429, even with the right password", async () => {
    const phone = uniquePhone();
    const { user } = await registerPerson({ identifier: phone });
    const now = new Date();
    for (let i = 0; i < 5; i++) {
      expect(await outcome(logIn({ identifier: phone, password: `wrong ${i}`, ip: uniqueIp(), userAgent: null, now }))).toBe(REFUSED);
    }
    const [before] = await db.select({ n: count() }).from(sessions).where(eq(sessions.userId, user.id));
    expect(await outcome(logIn({ identifier: phone, password: PASSWORD, ip: uniqueIp(), userAgent: null, now }))).toBe(LIMITED);
    const [after] = await db.select({ n: count() }).from(sessions).where(eq(sessions.userId, user.id));
    expect(after!.n).toBe(before!.n);
    // The phone typed another way and the same account reached by any address: the same budget.
    expect(
      await outcome(logIn({ identifier: `+86${phone.replace(/\s/g, "")}`, password: PASSWORD, ip: uniqueIp(), userAgent: null, now })),
    ).toBe(LIMITED);
    // A minute later the next window opens.
    const later = new Date(now.getTime() + 61_000);
    expect(await outcome(logIn({ identifier: phone, password: PASSWORD, ip: uniqueIp(), userAgent: null, now: later }))).toBe("ok");
  });

  test("successful logins do not use up the failure budget", async () => {
    const phone = uniquePhone();
    await registerPerson({ identifier: phone });
    const now = new Date();
    const ip = uniqueIp();
    for (let i = 0; i < 4; i++) {
      expect(await outcome(logIn({ identifier: phone, password: "wrong", ip, userAgent: null, now }))).toBe(REFUSED);
    }
    for (let i = 0; i < 10; i++) {
      expect(await outcome(logIn({ identifier: phone, password: PASSWORD, ip, userAgent: null, now }))).toBe("ok");
    }
    expect(await outcome(logIn({ identifier: phone, password: "wrong", ip, userAgent: null, now }))).toBe(REFUSED);
    expect(await outcome(logIn({ identifier: phone, password: PASSWORD, ip, userAgent: null, now }))).toBe(LIMITED);
  });

  test("unknown accounts are limited the same way (no difference that reveals which exist)", async () => {
    const phone = uniquePhone();
    const now = new Date();
    for (let i = 0; i < 5; i++) {
      expect(await outcome(logIn({ identifier: phone, password: "guess", ip: uniqueIp(), userAgent: null, now }))).toBe(REFUSED);
    }
    expect(await outcome(logIn({ identifier: phone, password: "guess", ip: uniqueIp(), userAgent: null, now }))).toBe(LIMITED);
  });

  test("parallel guesses cannot overshoot the limit", async () => {
    const phone = uniquePhone();
    await registerPerson({ identifier: phone });
    const now = new Date();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => outcome(logIn({ identifier: phone, password: `guess ${i}`, ip: uniqueIp(), userAgent: null, now }))),
    );
    expect(results.filter((r) => r === REFUSED)).toHaveLength(5);
    expect(results.filter((r) => r === LIMITED)).toHaveLength(7);
  });

  test("another account from the same address is not blocked until the (generous) per-address limit", async () => {
    const ip = uniqueIp();
    const now = new Date();
    const victim = uniquePhone();
    await registerPerson({ identifier: victim });
    for (let i = 0; i < 5; i++) {
      expect(await outcome(logIn({ identifier: victim, password: "wrong", ip, userAgent: null, now }))).toBe(REFUSED);
    }
    expect(await outcome(logIn({ identifier: victim, password: PASSWORD, ip, userAgent: null, now }))).toBe(LIMITED);
    // A neighbour behind the same carrier NAT logs in fine.
    const neighbour = uniquePhone();
    await registerPerson({ identifier: neighbour });
    expect(await outcome(logIn({ identifier: neighbour, password: PASSWORD, ip, userAgent: null, now }))).toBe("ok");
    // Failures spread over many accounts use up the address's budget (100 per 10 minutes)...
    for (let i = 5; i < passwordFailuresPerIp.limit; i++) {
      expect(await outcome(logIn({ identifier: uniquePhone(), password: "spray", ip, userAgent: null, now }))).toBe(REFUSED);
    }
    // ...and only then is the neighbour refused from that address, while other addresses still work.
    expect(await outcome(logIn({ identifier: neighbour, password: PASSWORD, ip, userAgent: null, now }))).toBe(LIMITED);
    expect(await outcome(logIn({ identifier: neighbour, password: PASSWORD, ip: uniqueIp(), userAgent: null, now }))).toBe("ok");
  });

  test("a wrong current password when changing it counts against the same budget", async () => {
    const phone = uniquePhone();
    const { user } = await registerPerson({ identifier: phone });
    const now = new Date();
    const attempt = (currentPassword: string) =>
      outcome(
        changePassword({
          userId: user.id,
          currentPassword,
          newPassword: "a brand new password",
          confirmPassword: "a brand new password",
          ip: uniqueIp(),
          userAgent: null,
          now,
        }),
      );
    for (let i = 0; i < 3; i++) expect(await attempt("wrong")).toBe(`400 ${currentPasswordWrong}`);
    for (let i = 0; i < 2; i++) {
      expect(await outcome(logIn({ identifier: phone, password: "wrong", ip: uniqueIp(), userAgent: null, now }))).toBe(REFUSED);
    }
    expect(await attempt(PASSWORD)).toBe(LIMITED);
  });

  test("KAPOK_RATE_LIMITS=off (load tests only) switches them off", async () => {
    env.KAPOK_RATE_LIMITS = "off";
    const phone = uniquePhone();
    await registerPerson({ identifier: phone });
    const now = new Date();
    const ip = uniqueIp();
    for (let i = 0; i < 8; i++) {
      expect(await outcome(logIn({ identifier: phone, password: "wrong", ip, userAgent: null, now }))).toBe(REFUSED);
    }
    expect(await outcome(logIn({ identifier: phone, password: PASSWORD, ip, userAgent: null, now }))).toBe("ok");
  });
});
