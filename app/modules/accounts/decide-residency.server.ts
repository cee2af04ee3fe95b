import { and, eq, isNull } from "drizzle-orm";
import type { Tx } from "~db/client";
import { residencyRequests, roleAssignments } from "~db/schema/accounts";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { isUniqueViolation } from "~/lib/pg-errors.server";
import type { RequestMeta } from "~/lib/request-meta.server";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { canReviewResidency, type ScopedRole } from "./permissions";
import { getResidencyRequestForReview } from "./residency-queries.server";

/**
 * Makes the person a verified resident of one community (and grid), ending any earlier residence in
 * the same transaction: a person lives in one place at a time (moving house), which the partial unique
 * index `role_assignments_one_residence_uq` also enforces.
 */
export async function grantResidence(
  tx: Tx,
  {
    userId,
    communityId,
    gridId,
    grantedBy,
    now,
  }: { userId: string; communityId: number; gridId: number | null; grantedBy: string; now: Date },
) {
  const previous = await tx
    .update(roleAssignments)
    .set({ revokedAt: now, revokedBy: grantedBy })
    .where(
      and(
        eq(roleAssignments.userId, userId),
        eq(roleAssignments.role, "resident"),
        isNull(roleAssignments.revokedAt),
      ),
    )
    .returning({ id: roleAssignments.id, areaId: roleAssignments.areaId, gridId: roleAssignments.gridId });
  const [assignment] = await tx
    .insert(roleAssignments)
    .values({ userId, role: "resident", areaId: communityId, gridId, grantedBy, grantedAt: now })
    .returning({ id: roleAssignments.id });
  return { assignmentId: assignment!.id, previous: previous[0] ?? null };
}

export interface DecideResidencyInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  requestId: string;
  decision: "approve" | "reject";
  reason?: string | null;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * A committee member (or the grid worker) approves or rejects a pending request. The status changes
 * with a conditional UPDATE … WHERE status = 'pending', so of two reviewers clicking at once exactly one
 * decides and the other is told it was already decided.
 */
export async function decideResidency({
  actor,
  actorRoles,
  requestId,
  decision,
  reason,
  meta,
  now = new Date(),
}: DecideResidencyInput) {
  const request = await getResidencyRequestForReview(requestId);
  if (!request) throw new DomainError("residency:errors.requestNotFound", 404);
  const permission = canReviewResidency(actorRoles, {
    communityPath: request.communityPath,
    gridPath: request.gridPath,
  });
  if (!permission.allowed) throw new DomainError(permission.reason, 403);
  // Nobody verifies themselves, whatever role they hold.
  if (request.userId === actor.id) throw new DomainError("residency:errors.ownRequest", 403);
  const trimmedReason = reason?.trim() || null;
  if (decision === "reject" && !trimmedReason) throw new DomainError("residency:errors.reasonRequired", 422);
  if (request.status !== "pending") throw new DomainError("residency:errors.alreadyDecided", 409);
  if (!request.requester.pseudonymSeed) throw new DomainError("residency:errors.requesterGone", 409);
  const requester = { id: request.userId, pseudonymSeed: request.requester.pseudonymSeed };

  try {
    return await db.transaction(async (tx) => {
      const [decided] = await tx
        .update(residencyRequests)
        .set({
          status: decision === "approve" ? "approved" : "rejected",
          decidedBy: actor.id,
          decidedAt: now,
          decisionReason: trimmedReason,
        })
        .where(and(eq(residencyRequests.id, requestId), eq(residencyRequests.status, "pending")))
        .returning({ id: residencyRequests.id });
      if (!decided) throw new DomainError("residency:errors.alreadyDecided", 409);

      const subject = {
        subjectType: "residency_request",
        subjectId: requestId,
        areaId: request.gridId ?? request.communityId,
      };
      if (decision === "reject") {
        await recordAudit(tx, {
          actorUserId: actor.id,
          action: "residency.rejected",
          ...subject,
          before: { status: "pending" },
          after: {
            status: "rejected",
            userId: request.userId,
            communityId: request.communityId,
            gridId: request.gridId,
          },
          reason: trimmedReason,
          meta,
        });
        return { status: "rejected" as const };
      }

      const { assignmentId, previous } = await grantResidence(tx, {
        userId: request.userId,
        communityId: request.communityId,
        gridId: request.gridId,
        grantedBy: actor.id,
        now,
      });
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "residency.approved",
        ...subject,
        before: {
          status: "pending",
          residence: previous ? { communityId: previous.areaId, gridId: previous.gridId } : null,
        },
        after: {
          status: "approved",
          userId: request.userId,
          communityId: request.communityId,
          gridId: request.gridId,
          assignmentId,
        },
        reason: trimmedReason,
        meta,
      });
      await recordParticipation(tx, {
        kind: "residency.verified",
        actor: requester,
        areaId: request.gridId ?? request.communityId,
        subjectType: "residency_request",
        subjectId: requestId,
        meta: { via: "request" },
      });
      return { status: "approved" as const, assignmentId };
    });
  } catch (error) {
    // The person became a resident elsewhere in the same instant (an invite redeemed meanwhile).
    if (isUniqueViolation(error)) throw new DomainError("residency:errors.alreadyDecided", 409);
    throw error;
  }
}
