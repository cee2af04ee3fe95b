import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { sessions } from "~db/schema/accounts";
import { db } from "~/lib/db.server";
import { isDomainError } from "~/lib/errors";
import {
  PASSWORD,
  grantRole,
  makeCommunity,
  registerPerson,
  uniqueEmail,
  uniqueIp,
  uniquePhone,
} from "../../../tests/helpers/account-fixtures";
import { deleteAccount } from "./delete-account.server";
import { invalidCredentials, logIn } from "./log-in.server";
import { logOut } from "./log-out.server";
import { sessionIdFromToken, sessionPolicy, validateSessionToken } from "./session.server";

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isDomainError(error), `expected a DomainError, got ${String(error)}`).toBe(true);
  return error as { code: string; status: number };
}

const SECOND = 1000;

describe("log in", () => {
  test("with the phone typed any usual way, or the email in any case", async () => {
    const phone = uniquePhone();
    const { user } = await registerPerson({ identifier: phone });
    for (const typed of [phone, `+86-${phone.replace(/\s/g, "-")}`, `86${phone.replace(/\s/g, "")}`]) {
      const result = await logIn({ identifier: typed, password: PASSWORD, ip: uniqueIp(), userAgent: "test" });
      expect(result.userId).toBe(user.id);
      expect(result.kind).toBe("resident");
      expect((await validateSessionToken(result.token))?.user.id).toBe(user.id);
    }
    const email = uniqueEmail();
    const { user: byEmail } = await registerPerson({ identifier: email });
    const result = await logIn({ identifier: email.toUpperCase(), password: PASSWORD, ip: uniqueIp(), userAgent: null });
    expect(result.userId).toBe(byEmail.id);
  });

  test("a wrong password and an unknown account get the same refusal", async () => {
    const phone = uniquePhone();
    await registerPerson({ identifier: phone });
    const wrong = await refusal(logIn({ identifier: phone, password: "not the password", ip: uniqueIp(), userAgent: null }));
    const unknown = await refusal(logIn({ identifier: uniquePhone(), password: PASSWORD, ip: uniqueIp(), userAgent: null }));
    const unknownEmail = await refusal(logIn({ identifier: uniqueEmail(), password: PASSWORD, ip: uniqueIp(), userAgent: null }));
    expect(wrong).toEqual(unknown);
    expect(unknown).toEqual(unknownEmail);
    expect(wrong).toMatchObject({ code: invalidCredentials, status: 400 });
  });

  test("a deleted account cannot log in, with the same refusal", async () => {
    const phone = uniquePhone();
    const { user } = await registerPerson({ identifier: phone });
    await deleteAccount({ userId: user.id, password: PASSWORD, meta: { ip: null, userAgent: null } });
    const error = await refusal(logIn({ identifier: phone, password: PASSWORD, ip: uniqueIp(), userAgent: null }));
    expect(error).toMatchObject({ code: invalidCredentials, status: 400 });
  });

  test("every login makes a new session and ends the one the visitor's cookie had (session fixation)", async () => {
    const phone = uniquePhone();
    const { user, token: registrationToken } = await registerPerson({ identifier: phone });
    const first = await logIn({ identifier: phone, password: PASSWORD, ip: uniqueIp(), userAgent: null, previousToken: registrationToken });
    expect(first.token).not.toBe(registrationToken);
    expect(await validateSessionToken(registrationToken)).toBeNull();
    const second = await logIn({ identifier: phone, password: PASSWORD, ip: uniqueIp(), userAgent: null, previousToken: first.token });
    expect(second.token).not.toBe(first.token);
    expect(await validateSessionToken(first.token)).toBeNull();
    expect((await validateSessionToken(second.token))?.user.id).toBe(user.id);
    // A login on another device (no previous cookie) leaves this one alone.
    const other = await logIn({ identifier: phone, password: PASSWORD, ip: uniqueIp(), userAgent: null });
    expect(await validateSessionToken(second.token)).not.toBeNull();
    expect(await validateSessionToken(other.token)).not.toBeNull();
    // Only the hash of a token is stored.
    const stored = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, user.id));
    expect(stored.map((s) => s.id)).not.toContain(other.token);
    expect(stored.map((s) => s.id)).toContain(sessionIdFromToken(other.token));
  });

  test("officials get a privileged session with short timeouts", async () => {
    const phone = uniquePhone();
    const { user } = await registerPerson({ identifier: phone });
    const community = await makeCommunity();
    await grantRole(user.id, "committee_member", community.id);
    const now = new Date();
    const result = await logIn({ identifier: phone, password: PASSWORD, ip: uniqueIp(), userAgent: null, now });
    expect(result.kind).toBe("privileged");
    const [row] = await db.select().from(sessions).where(eq(sessions.id, sessionIdFromToken(result.token)));
    expect(row!.idleSeconds).toBe(sessionPolicy.privileged.idleSeconds);
    expect(row!.expiresAt.getTime() - now.getTime()).toBe(sessionPolicy.privileged.idleSeconds * SECOND);
    expect(row!.absoluteExpiresAt.getTime() - now.getTime()).toBe(sessionPolicy.privileged.absoluteSeconds * SECOND);
    // Idle for 31 minutes: gone.
    expect(await validateSessionToken(result.token, new Date(now.getTime() + 31 * 60 * SECOND))).toBeNull();
  });

  test("log out ends the session; logging out twice is harmless", async () => {
    const phone = uniquePhone();
    await registerPerson({ identifier: phone });
    const { token } = await logIn({ identifier: phone, password: PASSWORD, ip: uniqueIp(), userAgent: null });
    await logOut({ token });
    expect(await validateSessionToken(token)).toBeNull();
    await logOut({ token });
    await logOut({ token: undefined });
  });
});

describe("session expiry", () => {
  async function freshSession() {
    const phone = uniquePhone();
    await registerPerson({ identifier: phone });
    const now = new Date();
    const { token } = await logIn({ identifier: phone, password: PASSWORD, ip: uniqueIp(), userAgent: null, now });
    return { token, now, at: (seconds: number) => new Date(now.getTime() + seconds * SECOND) };
  }
  const { idleSeconds, absoluteSeconds } = sessionPolicy.resident;

  test("idle timeout: unused for longer than the idle period, the session is gone (and deleted)", async () => {
    const { token, at } = await freshSession();
    expect(await validateSessionToken(token, at(idleSeconds - 60))).not.toBeNull();
    const { token: idle, at: idleAt } = await freshSession();
    expect(await validateSessionToken(idle, idleAt(idleSeconds + 1))).toBeNull();
    const [row] = await db.select().from(sessions).where(eq(sessions.id, sessionIdFromToken(idle)));
    expect(row).toBeUndefined();
  });

  test("sliding refresh: once half the idle period has passed, the expiry moves forward (one write, not every request)", async () => {
    const { token, at } = await freshSession();
    const early = await validateSessionToken(token, at(60));
    expect(early?.refreshed).toBe(false);
    const later = await validateSessionToken(token, at(idleSeconds / 2 + 60));
    expect(later?.refreshed).toBe(true);
    expect(later!.session.expiresAt.getTime()).toBe(at(idleSeconds / 2 + 60 + idleSeconds).getTime());
    // Past the original expiry, still signed in thanks to the refresh.
    expect(await validateSessionToken(token, at(idleSeconds + 60))).not.toBeNull();
  });

  test("absolute timeout: even a session in constant use ends at the cap", async () => {
    const { token, at } = await freshSession();
    const step = idleSeconds * 0.6;
    let t = 0;
    while (t + step < absoluteSeconds) {
      t += step;
      const validated = await validateSessionToken(token, at(t));
      expect(validated, `still valid at ${t}s`).not.toBeNull();
      expect(validated!.session.expiresAt.getTime()).toBeLessThanOrEqual(at(absoluteSeconds).getTime());
    }
    expect(await validateSessionToken(token, at(absoluteSeconds + 1))).toBeNull();
  });
});
