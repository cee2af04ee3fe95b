import { and, eq, isNull } from "drizzle-orm";
import { sessions, users } from "~db/schema/accounts";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { verifyAgainstDummy, verifyPassword } from "./password.server";
import { forgiveAttempt, reservePasswordAttempt } from "./rate-limits.server";
import { sessionKindFor } from "./account-queries.server";
import { loginSchema, parseOrRefuse } from "./schemas";
import { createSession, sessionIdFromToken } from "./session.server";

export interface LogInInput {
  identifier: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  /** The token in the visitor's cookie before this login, if any: that session ends (session fixation). */
  previousToken?: string | null;
  now?: Date;
}

/** The only answer to a wrong phone/email or password, whichever of the two was wrong. */
export const invalidCredentials = "accounts:errors.invalidCredentials";

/**
 * Checks the password and starts a new session. An unknown account, a deleted one and a wrong password
 * all get the same error after the same amount of password work.
 */
export async function logIn(input: LogInInput) {
  const now = input.now ?? new Date();
  const { identifier, password } = parseOrRefuse(loginSchema, input);
  const column = identifier.includes("@") ? users.email : users.phone;
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(column, identifier), isNull(users.deletedAt)));
  const reservations = await reservePasswordAttempt({
    account: user ? `user:${user.id}` : `identifier:${identifier}`,
    ip: input.ip,
    now,
  });
  const ok = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
  if (!user || !ok) throw new DomainError(invalidCredentials, 400);
  await forgiveAttempt(reservations);
  const kind = await sessionKindFor(user.id);
  return db.transaction(async (tx) => {
    if (input.previousToken) await tx.delete(sessions).where(eq(sessions.id, sessionIdFromToken(input.previousToken)));
    const { token, session } = await createSession(tx, { userId: user.id, kind, userAgent: input.userAgent, now });
    return { userId: user.id, token, expiresAt: session.expiresAt, kind };
  });
}
