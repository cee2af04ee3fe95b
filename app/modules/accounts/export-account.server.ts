import { and, asc, count, eq, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { residencyInvites, residencyRequests, roleAssignments, sessions, users } from "~db/schema/accounts";
import { areas } from "~db/schema/areas";
import { participationEvents } from "~db/schema/ledger";
import { db } from "~/lib/db.server";
import { actorPseudonym } from "~/modules/participation/pseudonym.server";

const areaName = (a: typeof areas) => ({
  code: a.code,
  nameZhCn: a.nameZhCn,
  nameZhHk: a.nameZhHk,
  nameEn: a.nameEn,
});

/**
 * The account part of "Download my data" (PIPL Art. 45), and nothing about anyone else: who decided on
 * their requests or granted their roles is left out, as are session ids (they are token hashes). The
 * route (`routes/account.export.ts`) adds each module's `personalData` section: what the person wrote or
 * did in the features.
 */
export async function exportAccount({ userId, now = new Date() }: { userId: string; now?: Date }) {
  const [user] = await db
    .select({
      id: users.id,
      displayName: users.displayName,
      email: users.email,
      phone: users.phone,
      locale: users.locale,
      largeText: users.largeText,
      createdAt: users.createdAt,
      passwordChangedAt: users.passwordChangedAt,
      pseudonymSeed: users.pseudonymSeed,
    })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deletedAt)));
  if (!user) throw new Response(null, { status: 404 });

  const grid = alias(areas, "grid");
  const roles = await db
    .select({
      role: roleAssignments.role,
      area: areaName(areas),
      organisationId: roleAssignments.organisationId,
      gridCode: grid.code,
      grantedAt: roleAssignments.grantedAt,
      revokedAt: roleAssignments.revokedAt,
    })
    .from(roleAssignments)
    .innerJoin(areas, eq(areas.id, roleAssignments.areaId))
    .leftJoin(grid, eq(grid.id, roleAssignments.gridId))
    .where(eq(roleAssignments.userId, userId))
    .orderBy(asc(roleAssignments.grantedAt));

  const requests = await db
    .select({
      community: areaName(areas),
      gridCode: grid.code,
      message: residencyRequests.message,
      status: residencyRequests.status,
      createdAt: residencyRequests.createdAt,
      decidedAt: residencyRequests.decidedAt,
      decisionReason: residencyRequests.decisionReason,
    })
    .from(residencyRequests)
    .innerJoin(areas, eq(areas.id, residencyRequests.communityId))
    .leftJoin(grid, eq(grid.id, residencyRequests.gridId))
    .where(eq(residencyRequests.userId, userId))
    .orderBy(asc(residencyRequests.createdAt));

  // Invite codes the person redeemed (who issued them is left out).
  const invites = await db
    .select({ community: areaName(areas), gridCode: grid.code, redeemedAt: residencyInvites.redeemedAt })
    .from(residencyInvites)
    .innerJoin(areas, eq(areas.id, residencyInvites.communityId))
    .leftJoin(grid, eq(grid.id, residencyInvites.gridId))
    .where(eq(residencyInvites.redeemedBy, userId))
    .orderBy(asc(residencyInvites.redeemedAt));

  const signedIn = await db
    .select({
      createdAt: sessions.createdAt,
      expiresAt: sessions.expiresAt,
      absoluteExpiresAt: sessions.absoluteExpiresAt,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(asc(sessions.createdAt));

  const [events] = await db
    .select({ n: count() })
    .from(participationEvents)
    .where(eq(participationEvents.actorPseudonym, await actorPseudonym(user)));

  return {
    format: "kapok-account-export",
    version: 2,
    exportedAt: now.toISOString(),
    profile: {
      id: user.id,
      displayName: user.displayName,
      email: user.email,
      phone: user.phone,
      locale: user.locale,
      largeText: user.largeText,
      createdAt: user.createdAt.toISOString(),
      passwordChangedAt: user.passwordChangedAt?.toISOString() ?? null,
    },
    roles: roles.map((r) => ({
      ...r,
      grantedAt: r.grantedAt.toISOString(),
      revokedAt: r.revokedAt?.toISOString() ?? null,
    })),
    residencyRequests: requests.map((r) => ({
      ...r,
      createdAt: r.createdAt.toISOString(),
      decidedAt: r.decidedAt?.toISOString() ?? null,
    })),
    residencyInvitesRedeemed: invites.map((i) => ({ ...i, redeemedAt: i.redeemedAt?.toISOString() ?? null })),
    sessions: signedIn.map((s) => ({
      createdAt: s.createdAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      absoluteExpiresAt: s.absoluteExpiresAt.toISOString(),
      userAgent: s.userAgent,
    })),
    // Events carry a pseudonym, not the person: counting them is as far as the link goes.
    participation: { events: events?.n ?? 0 },
  };
}

export type AccountExport = Awaited<ReturnType<typeof exportAccount>>;
