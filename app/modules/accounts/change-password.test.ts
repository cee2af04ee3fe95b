import { eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { sessions, users } from "~db/schema/accounts";
import { db } from "~/lib/db.server";
import { isDomainError } from "~/lib/errors";
import { PASSWORD, grantRole, makeCommunity, registerPerson, uniqueIp, uniquePhone } from "../../../tests/helpers/account-fixtures";
import { changePassword, currentPasswordWrong } from "./change-password.server";
import { invalidCredentials, logIn } from "./log-in.server";
import { sessionIdFromToken, sessionPolicy, validateSessionToken } from "./session.server";

const NEW = "a brand new passphrase";

async function failure(promise: Promise<unknown>) {
  return promise.then(
    () => null,
    (e: unknown) => e,
  );
}

test("a new password ends every session of the person and starts a fresh one for this device", async () => {
  const phone = uniquePhone();
  const { user, token: registered } = await registerPerson({ identifier: phone });
  const phoneSession = await logIn({ identifier: phone, password: PASSWORD, ip: uniqueIp(), userAgent: "phone" });
  const laptopSession = await logIn({ identifier: phone, password: PASSWORD, ip: uniqueIp(), userAgent: "laptop" });
  const { token } = await changePassword({
    userId: user.id,
    currentPassword: PASSWORD,
    newPassword: NEW,
    confirmPassword: NEW,
    ip: uniqueIp(),
    userAgent: "laptop",
  });
  for (const old of [registered, phoneSession.token, laptopSession.token]) expect(await validateSessionToken(old)).toBeNull();
  expect((await validateSessionToken(token))?.user.id).toBe(user.id);
  const remaining = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, user.id));
  expect(remaining.map((s) => s.id)).toEqual([sessionIdFromToken(token)]);
  const [row] = await db.select({ passwordChangedAt: users.passwordChangedAt }).from(users).where(eq(users.id, user.id));
  expect(row!.passwordChangedAt).not.toBeNull();
  // The old password no longer works; the new one does.
  const old = await failure(logIn({ identifier: phone, password: PASSWORD, ip: uniqueIp(), userAgent: null }));
  expect(old).toMatchObject({ code: invalidCredentials });
  expect((await logIn({ identifier: phone, password: NEW, ip: uniqueIp(), userAgent: null })).userId).toBe(user.id);
});

test("a wrong current password is refused and changes nothing", async () => {
  const phone = uniquePhone();
  const { user, token } = await registerPerson({ identifier: phone });
  const error = await failure(
    changePassword({ userId: user.id, currentPassword: "wrong", newPassword: NEW, confirmPassword: NEW, ip: uniqueIp(), userAgent: null }),
  );
  expect(isDomainError(error)).toBe(true);
  expect(error).toMatchObject({ code: currentPasswordWrong, status: 400 });
  expect(await validateSessionToken(token)).not.toBeNull();
  expect((await logIn({ identifier: phone, password: PASSWORD, ip: uniqueIp(), userAgent: null })).userId).toBe(user.id);
});

test("bad new passwords are refused before anything is checked or written", async () => {
  const { user, token } = await registerPerson();
  for (const [newPassword, confirmPassword, code] of [
    ["short", "short", "errors:tooShort"],
    ["12345678", "12345678", "accounts:errors.passwordTooCommon"],
    [NEW, `${NEW}!`, "accounts:errors.passwordsDiffer"],
  ] as const) {
    const error = await failure(
      changePassword({ userId: user.id, currentPassword: PASSWORD, newPassword, confirmPassword, ip: uniqueIp(), userAgent: null }),
    );
    expect(error).toMatchObject({ code, status: 400 });
  }
  expect(await validateSessionToken(token)).not.toBeNull();
});

test("an official's fresh session after the change is privileged again", async () => {
  const { user } = await registerPerson();
  await grantRole(user.id, "street_official", (await makeCommunity()).id);
  const { token } = await changePassword({
    userId: user.id,
    currentPassword: PASSWORD,
    newPassword: NEW,
    confirmPassword: NEW,
    ip: uniqueIp(),
    userAgent: null,
  });
  const validated = await validateSessionToken(token);
  expect(validated?.session.idleSeconds).toBe(sessionPolicy.privileged.idleSeconds);
});
