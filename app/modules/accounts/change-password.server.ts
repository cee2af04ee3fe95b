import { and, eq, isNull } from "drizzle-orm";
import { users } from "~db/schema/accounts";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { sessionKindFor } from "./account-queries.server";
import { hashPassword, verifyPassword } from "./password.server";
import { forgiveAttempt, reservePasswordAttempt } from "./rate-limits.server";
import { changePasswordSchema, parseOrRefuse } from "./schemas";
import { createSession, invalidateUserSessions } from "./session.server";

export interface ChangePasswordInput {
  userId: string;
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
  ip: string | null;
  userAgent: string | null;
  now?: Date;
}

/** Shown beside the current-password field. */
export const currentPasswordWrong = "accounts:errors.currentPasswordWrong";

/**
 * Sets a new password and ends every session of the person, this one included, then starts a fresh one for
 * this device: whoever else held a session (a lost phone, a shared computer) is signed out.
 */
export async function changePassword(input: ChangePasswordInput) {
  const now = input.now ?? new Date();
  const { currentPassword, newPassword } = parseOrRefuse(changePasswordSchema, input);
  const [user] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.id, input.userId), isNull(users.deletedAt)));
  if (!user?.passwordHash) throw new Response(null, { status: 404 });
  // Guessing the current password from a stolen session is guessing a password: same budget as login.
  const reservations = await reservePasswordAttempt({ account: `user:${input.userId}`, ip: input.ip, now });
  if (!(await verifyPassword(user.passwordHash, currentPassword))) throw new DomainError(currentPasswordWrong, 400);
  await forgiveAttempt(reservations);
  const passwordHash = await hashPassword(newPassword);
  const kind = await sessionKindFor(input.userId);
  return db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: now }).where(eq(users.id, input.userId));
    await invalidateUserSessions(tx, input.userId);
    const { token, session } = await createSession(tx, { userId: input.userId, kind, userAgent: input.userAgent, now });
    return { token, expiresAt: session.expiresAt };
  });
}
