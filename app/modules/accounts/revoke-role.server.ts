import { and, eq, isNull } from "drizzle-orm";
import { roleAssignments } from "~db/schema/accounts";
import { areas } from "~db/schema/areas";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { canRevokeRole, type ScopedRole } from "./permissions";
import { invalidateUserSessions } from "./session.server";

export interface RevokeRoleInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  assignmentId: string;
  reason: string;
  meta?: RequestMeta;
  now?: Date;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Revokes one role assignment with a reason, audited, and ends every session of the person: rights
 * taken away must not linger in a session opened under them. Whoever may grant the role there may revoke it.
 */
export async function revokeRole({
  actor,
  actorRoles,
  assignmentId,
  reason,
  meta,
  now = new Date(),
}: RevokeRoleInput) {
  const trimmed = reason.trim();
  if (!trimmed) throw new DomainError("admin:errors.reasonRequired", 422);
  if (!uuidPattern.test(assignmentId)) throw new DomainError("admin:errors.assignmentNotFound", 404);
  const [assignment] = await db
    .select({
      id: roleAssignments.id,
      userId: roleAssignments.userId,
      role: roleAssignments.role,
      areaId: roleAssignments.areaId,
      organisationId: roleAssignments.organisationId,
      revokedAt: roleAssignments.revokedAt,
      areaCode: areas.code,
      areaPath: areas.path,
      areaLevel: areas.level,
    })
    .from(roleAssignments)
    .innerJoin(areas, eq(areas.id, roleAssignments.areaId))
    .where(eq(roleAssignments.id, assignmentId));
  if (!assignment) throw new DomainError("admin:errors.assignmentNotFound", 404);
  const permission = canRevokeRole(actorRoles, {
    role: assignment.role,
    areaPath: assignment.areaPath,
    areaLevel: assignment.areaLevel,
  });
  if (!permission.allowed) throw new DomainError(permission.reason, 403);
  if (assignment.userId === actor.id) throw new DomainError("admin:errors.notOnYourself", 403);
  if (assignment.revokedAt) throw new DomainError("admin:errors.alreadyRevoked", 409);

  return db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(roleAssignments)
      .set({ revokedAt: now, revokedBy: actor.id })
      .where(and(eq(roleAssignments.id, assignmentId), isNull(roleAssignments.revokedAt)))
      .returning({ id: roleAssignments.id });
    if (!revoked) throw new DomainError("admin:errors.alreadyRevoked", 409);
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "role.revoked",
      subjectType: "role_assignment",
      subjectId: assignmentId,
      areaId: assignment.areaId,
      before: {
        userId: assignment.userId,
        role: assignment.role,
        areaCode: assignment.areaCode,
        organisationId: assignment.organisationId,
      },
      after: { revoked: true },
      reason: trimmed,
      meta,
    });
    await invalidateUserSessions(tx, assignment.userId);
    return { assignmentId, userId: assignment.userId };
  });
}
