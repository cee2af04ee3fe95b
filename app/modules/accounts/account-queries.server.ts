import { and, eq, isNull } from "drizzle-orm";
import { users } from "~db/schema/accounts";
import { db } from "~/lib/db.server";
import { listActiveRoles, type ActiveRole } from "./role-queries.server";
import { privilegedRoles } from "./roles";
import type { SessionKind } from "./session.server";

export type AccountOverview = {
  displayName: string;
  email: string | null;
  phone: string | null;
  locale: string | null;
  largeText: boolean;
  createdAt: Date;
  roles: ActiveRole[];
};

/** What the account page shows the person about themselves; null when the account is gone. */
export async function getAccountOverview(userId: string): Promise<AccountOverview | null> {
  const [user] = await db
    .select({
      displayName: users.displayName,
      email: users.email,
      phone: users.phone,
      locale: users.locale,
      largeText: users.largeText,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deletedAt)));
  if (!user) return null;
  return { ...user, roles: await listActiveRoles(userId) };
}

/** Officials and admins get the short ASVS timeouts; everyone else the resident ones. */
export async function sessionKindFor(userId: string): Promise<SessionKind> {
  const active = await listActiveRoles(userId);
  return active.some((r) => privilegedRoles.has(r.role)) ? "privileged" : "resident";
}
