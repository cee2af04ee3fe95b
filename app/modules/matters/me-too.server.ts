import { and, eq, sql } from "drizzle-orm";
import { matterMeToos, matters } from "~db/schema/matters";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { isResidentWithin, type ScopedRole } from "~/modules/accounts/permissions";
import { follow } from "~/modules/notifications/follow.server";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { getMatter } from "./matter-queries.server";

type Actor = { id: string; pseudonymSeed: string | null };

async function loadForMeToo(matterId: string, actor: Actor, actorRoles: readonly ScopedRole[]) {
  const matter = await getMatter(matterId);
  if (!matter) throw new DomainError("matters:errors.matterNotFound", 404);
  if (!isResidentWithin(actorRoles, matter.community.path))
    throw new DomainError("matters:errors.notResident", 403);
  if (matter.authorId === actor.id) throw new DomainError("matters:errors.ownMatter", 403);
  return matter;
}

/**
 * Another verified resident of the community says "me too" (我也关注): one each (the primary key), so a
 * double click or two tabs at once leave one row and add one to the kept count, in the same transaction.
 * The count orders the committee's queue. The resident then follows the matter.
 */
export async function addMeToo({
  actor,
  actorRoles,
  matterId,
  now = new Date(),
}: {
  actor: Actor;
  actorRoles: readonly ScopedRole[];
  matterId: string;
  now?: Date;
}) {
  const matter = await loadForMeToo(matterId, actor, actorRoles);
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(matterMeToos)
      .values({ matterId: matter.id, userId: actor.id, createdAt: now })
      .onConflictDoNothing()
      .returning({ userId: matterMeToos.userId });
    if (inserted.length === 0) return { status: "already" as const };
    await tx
      .update(matters)
      .set({ meTooCount: sql`${matters.meTooCount} + 1` })
      .where(eq(matters.id, matter.id));
    await recordParticipation(tx, {
      kind: "matter.me_too",
      actor,
      areaId: matter.gridId ?? matter.communityId,
      subjectType: "matter",
      subjectId: matter.id,
    });
    await follow(tx, actor.id, "matter", matter.id);
    return { status: "added" as const };
  });
}

/** Taking a "me too" back; the count goes down with the row, once. */
export async function retractMeToo({
  actor,
  actorRoles,
  matterId,
}: {
  actor: Actor;
  actorRoles: readonly ScopedRole[];
  matterId: string;
}) {
  const matter = await loadForMeToo(matterId, actor, actorRoles);
  return db.transaction(async (tx) => {
    const deleted = await tx
      .delete(matterMeToos)
      .where(and(eq(matterMeToos.matterId, matter.id), eq(matterMeToos.userId, actor.id)))
      .returning({ userId: matterMeToos.userId });
    if (deleted.length === 0) return { status: "none" as const };
    await tx
      .update(matters)
      .set({ meTooCount: sql`greatest(${matters.meTooCount} - 1, 0)` })
      .where(eq(matters.id, matter.id));
    return { status: "retracted" as const };
  });
}
