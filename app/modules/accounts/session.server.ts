import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { and, eq, gt, ne, sql } from "drizzle-orm";
import type { Queryable } from "~db/client";
import { sessions, users } from "~db/schema/accounts";
import { db } from "~/lib/db.server";

const MINUTE = 60;
const DAY = 24 * 60 * MINUTE;

/** Residents stay signed in on their own phone; officials and admins get ASVS L2 timeouts. */
export const sessionPolicy = {
  resident: { idleSeconds: 30 * DAY, absoluteSeconds: 90 * DAY },
  privileged: { idleSeconds: 30 * MINUTE, absoluteSeconds: 12 * 60 * MINUTE },
} as const;

export type SessionKind = keyof typeof sessionPolicy;

/** 160 random bits, base32: the only copy is in the person's cookie. */
export function generateSessionToken(): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

export function sessionIdFromToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(
  tx: Queryable,
  {
    userId,
    kind,
    userAgent,
    now = new Date(),
  }: { userId: string; kind: SessionKind; userAgent?: string | null; now?: Date },
) {
  const token = generateSessionToken();
  const policy = sessionPolicy[kind];
  const session = {
    id: sessionIdFromToken(token),
    userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + policy.idleSeconds * 1000),
    absoluteExpiresAt: new Date(now.getTime() + policy.absoluteSeconds * 1000),
    idleSeconds: policy.idleSeconds,
    userAgent: userAgent?.slice(0, 200) ?? null,
  };
  await tx.insert(sessions).values(session);
  return { token, session };
}

export type SessionUser = {
  id: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  locale: string | null;
  largeText: boolean;
  pseudonymSeed: string | null;
};

export type ValidatedSession = {
  session: { id: string; expiresAt: Date; absoluteExpiresAt: Date; idleSeconds: number };
  user: SessionUser;
  /** True when the expiry slid forward and the cookie should be re-sent. */
  refreshed: boolean;
};

/*
 * Every signed-in request starts with this lookup, so it is a named prepared statement: built once, and
 * planned once per connection (drizzle asks postgres.js for a server-side prepared statement only when
 * the query is named), instead of being rebuilt and re-planned on every request.
 */
function prepareSessionLookup() {
  return db
    .select({
      session: {
        id: sessions.id,
        expiresAt: sessions.expiresAt,
        absoluteExpiresAt: sessions.absoluteExpiresAt,
        idleSeconds: sessions.idleSeconds,
      },
      user: {
        id: users.id,
        displayName: users.displayName,
        email: users.email,
        phone: users.phone,
        locale: users.locale,
        largeText: users.largeText,
        pseudonymSeed: users.pseudonymSeed,
        deletedAt: users.deletedAt,
      },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder("id")))
    .prepare("kapok_session_lookup");
}

let sessionLookup: ReturnType<typeof prepareSessionLookup> | undefined;

/**
 * Looks the token up by its hash; expired sessions are deleted. The expiry slides forward by the idle
 * timeout once half of it has passed (one write per half-period, not per request), never past the cap.
 */
export async function validateSessionToken(
  token: string,
  now = new Date(),
): Promise<ValidatedSession | null> {
  const id = sessionIdFromToken(token);
  sessionLookup ??= prepareSessionLookup();
  const [row] = await sessionLookup.execute({ id });
  if (!row) return null;
  const { session, user } = row;
  if (user.deletedAt || now >= session.expiresAt || now >= session.absoluteExpiresAt) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  let refreshed = false;
  const remaining = session.expiresAt.getTime() - now.getTime();
  if (remaining < (session.idleSeconds * 1000) / 2) {
    const next = new Date(
      Math.min(now.getTime() + session.idleSeconds * 1000, session.absoluteExpiresAt.getTime()),
    );
    if (next > session.expiresAt) {
      session.expiresAt = next;
      await db.update(sessions).set({ expiresAt: next }).where(eq(sessions.id, id));
      refreshed = true;
    }
  }
  const { deletedAt: _deleted, ...sessionUser } = user;
  return { session, user: sessionUser, refreshed };
}

export async function invalidateSession(sessionId: string) {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a person, or every one but the current (after a password change elsewhere). */
export async function invalidateUserSessions(tx: Queryable, userId: string, exceptSessionId?: string) {
  await tx
    .delete(sessions)
    .where(
      exceptSessionId
        ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId))
        : eq(sessions.userId, userId),
    );
}

export async function countActiveSessions(userId: string, now = new Date()) {
  const rows = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)));
  return rows.length;
}
