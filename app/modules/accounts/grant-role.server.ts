import { eq } from "drizzle-orm";
import { organisations, roleAssignments, users } from "~db/schema/accounts";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { isUniqueViolation } from "~/lib/pg-errors.server";
import type { RequestMeta } from "~/lib/request-meta.server";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { getAreaByCode } from "~/modules/geography/queries.server";
import { canGrantRole, type ScopedRole } from "./permissions";
import type { Role } from "./roles";
import { invalidateUserSessions } from "./session.server";

const ngoRoles: ReadonlySet<Role> = new Set(["ngo_admin", "ngo_member"]);

export interface GrantRoleInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  targetUserId: string;
  role: Role;
  areaCode: string;
  /** Required for NGO roles, refused for the others. */
  organisationId?: string | null;
  meta?: RequestMeta;
  now?: Date;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Grants a scoped role, audited, and ends every session of the person so their next one is made under
 * the new rights and the timeouts that go with them. Nobody grants roles to themselves.
 */
export async function grantRole({
  actor,
  actorRoles,
  targetUserId,
  role,
  areaCode,
  organisationId,
  meta,
  now = new Date(),
}: GrantRoleInput) {
  if (!uuidPattern.test(targetUserId)) throw new DomainError("admin:errors.personNotFound", 404);
  const [target] = await db
    .select({ id: users.id, deletedAt: users.deletedAt })
    .from(users)
    .where(eq(users.id, targetUserId));
  if (!target || target.deletedAt) throw new DomainError("admin:errors.personNotFound", 404);
  const area = await getAreaByCode(areaCode);
  if (!area) throw new DomainError("admin:errors.areaNotFound", 404);
  const permission = canGrantRole(actorRoles, { role, areaPath: area.path, areaLevel: area.level });
  if (!permission.allowed) throw new DomainError(permission.reason, 403);
  if (target.id === actor.id) throw new DomainError("admin:errors.notOnYourself", 403);

  let organisation: { id: string; name: string } | null = null;
  if (ngoRoles.has(role)) {
    if (!organisationId || !uuidPattern.test(organisationId))
      throw new DomainError("admin:errors.organisationRequired", 422);
    const [found] = await db
      .select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
      .from(organisations)
      .where(eq(organisations.id, organisationId));
    if (!found || found.kind !== "ngo") throw new DomainError("admin:errors.organisationNotFound", 404);
    organisation = { id: found.id, name: found.name };
  } else if (organisationId) {
    throw new DomainError("admin:errors.organisationOnlyForNgo", 422);
  }

  try {
    return await db.transaction(async (tx) => {
      const [assignment] = await tx
        .insert(roleAssignments)
        .values({
          userId: target.id,
          role,
          areaId: area.id,
          organisationId: organisation?.id ?? null,
          grantedBy: actor.id,
          grantedAt: now,
        })
        .returning({ id: roleAssignments.id });
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "role.granted",
        subjectType: "role_assignment",
        subjectId: assignment!.id,
        areaId: area.id,
        after: { userId: target.id, role, areaCode: area.code, organisationId: organisation?.id ?? null },
        meta,
      });
      await invalidateUserSessions(tx, target.id);
      return { assignmentId: assignment!.id, area, organisation };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("admin:errors.alreadyHeld", 409);
    throw error;
  }
}
