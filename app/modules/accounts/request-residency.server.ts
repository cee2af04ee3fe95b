import { and, eq, isNull } from "drizzle-orm";
import { residencyRequests, roleAssignments } from "~db/schema/accounts";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { isUniqueViolation } from "~/lib/pg-errors.server";
import { getAreaByCode } from "~/modules/geography/queries.server";
import { recordParticipation } from "~/modules/participation/record-participation.server";

export interface RequestResidencyInput {
  actor: { id: string; pseudonymSeed: string | null };
  communityCode: string;
  gridCode?: string | null;
  message?: string | null;
}

/**
 * A resident asks the committee of one community to verify that they live there. One pending request
 * per person: the partial unique index decides races, and the loser gets a clear refusal, not a 500.
 */
export async function requestResidency({ actor, communityCode, gridCode, message }: RequestResidencyInput) {
  const community = await getAreaByCode(communityCode);
  if (!community || community.level !== "community")
    throw new DomainError("residency:errors.pickCommunity", 422);
  let grid = null;
  if (gridCode) {
    grid = await getAreaByCode(gridCode);
    if (!grid || grid.level !== "grid" || grid.parentId !== community.id) {
      throw new DomainError("residency:errors.gridNotInCommunity", 422);
    }
  }
  const [current] = await db
    .select({ areaId: roleAssignments.areaId, gridId: roleAssignments.gridId })
    .from(roleAssignments)
    .where(
      and(
        eq(roleAssignments.userId, actor.id),
        eq(roleAssignments.role, "resident"),
        isNull(roleAssignments.revokedAt),
      ),
    );
  // Asking again for the place one is already verified in would only create work for the committee;
  // a different grid of the same community (moving within it) is a real change.
  if (current && current.areaId === community.id && (!grid || current.gridId === grid.id)) {
    throw new DomainError("residency:errors.alreadyResident", 409);
  }

  try {
    return await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(residencyRequests)
        .values({
          userId: actor.id,
          communityId: community.id,
          gridId: grid?.id ?? null,
          message: message?.trim() || null,
        })
        .returning({ id: residencyRequests.id, createdAt: residencyRequests.createdAt });
      await recordParticipation(tx, {
        kind: "residency.requested",
        actor,
        areaId: grid?.id ?? community.id,
        subjectType: "residency_request",
        subjectId: created!.id,
      });
      return { id: created!.id, community, grid };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("residency:errors.alreadyPending", 409);
    throw error;
  }
}
