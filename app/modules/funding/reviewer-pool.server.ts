import { and, asc, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import { roleAssignments, users } from "~db/schema/accounts";
import { areas } from "~db/schema/areas";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { isUniqueViolation } from "~/lib/pg-errors.server";
import type { RequestMeta } from "~/lib/request-meta.server";
import { maskEmail, maskPhone, parseIdentifier } from "~/modules/accounts/identifier";
import type { ActiveRole } from "~/modules/accounts/role-queries.server";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { canManageReviewerPool } from "./permissions";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const poolOfficialRoles = new Set([
  "street_official",
  "district_official",
  "city_official",
  "platform_admin",
]);

/** The areas whose pools the official keeps: each area they hold an official role in, widest first. */
export function poolAreasOf(actorRoles: readonly ActiveRole[]) {
  const seen = new Set<number>();
  return actorRoles
    .filter((r) => poolOfficialRoles.has(r.role) && !seen.has(r.areaId) && seen.add(r.areaId))
    .sort((a, b) => a.areaPath.length - b.areaPath.length);
}

function requirePoolRights(actorRoles: readonly ActiveRole[]) {
  const permission = canManageReviewerPool(actorRoles);
  if (!permission.allowed) throw new DomainError(permission.reason, 403);
  const own = poolAreasOf(actorRoles);
  if (own.length === 0) throw new DomainError("reviews:errors.notAnOfficial", 403);
  return own;
}

/** Areas at or inside any of `paths` (a prefix test: area codes may contain "_", a LIKE wildcard). */
const withinAny = (paths: string[]): SQL =>
  or(...paths.map((p) => sql`left(${areas.path}, ${p.length}) = ${p}`))!;

/**
 * The reviewers in the official's areas (held there or in an area inside them), with a masked contact so
 * the official recognises whom they added.
 */
export async function listReviewerPool(actorRoles: readonly ActiveRole[]) {
  const own = requirePoolRights(actorRoles);
  const rows = await db
    .select({
      assignmentId: roleAssignments.id,
      userId: users.id,
      displayName: users.displayName,
      email: users.email,
      phone: users.phone,
      grantedAt: roleAssignments.grantedAt,
      areaNameZhCn: areas.nameZhCn,
      areaNameZhHk: areas.nameZhHk,
      areaNameEn: areas.nameEn,
    })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .innerJoin(areas, eq(areas.id, roleAssignments.areaId))
    .where(
      and(
        eq(roleAssignments.role, "expert_reviewer"),
        isNull(roleAssignments.revokedAt),
        withinAny(own.map((r) => r.areaPath)),
      ),
    )
    .orderBy(asc(users.displayName), asc(roleAssignments.id));
  return rows.map(({ email, phone, ...r }) => ({
    ...r,
    contact: email ? maskEmail(email) : phone ? maskPhone(phone) : "",
  }));
}

/**
 * Adds an existing account to the pool of the official's area (their widest one unless `areaId` names
 * another they hold): grants expert_reviewer there, audited reviewer.added.
 */
export async function addReviewer({
  actor,
  actorRoles,
  identifier,
  areaId,
  meta,
  now = new Date(),
}: {
  actor: { id: string };
  actorRoles: readonly ActiveRole[];
  identifier: string;
  areaId?: number;
  meta?: RequestMeta;
  now?: Date;
}) {
  const own = requirePoolRights(actorRoles);
  const area = areaId === undefined ? own[0]! : own.find((r) => r.areaId === areaId);
  if (!area) throw new DomainError("reviews:errors.notYourArea", 403);
  const parsed = parseIdentifier(identifier);
  if (!parsed) throw new DomainError("reviews:errors.identifierInvalid", 422);
  const [person] = await db
    .select({ id: users.id, deletedAt: users.deletedAt })
    .from(users)
    .where(parsed.kind === "email" ? eq(users.email, parsed.value) : eq(users.phone, parsed.value));
  if (!person || person.deletedAt) throw new DomainError("reviews:errors.personNotFound", 404);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(roleAssignments)
        .values({
          userId: person.id,
          role: "expert_reviewer",
          areaId: area.areaId,
          grantedBy: actor.id,
          grantedAt: now,
        })
        .returning({ id: roleAssignments.id });
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "reviewer.added",
        subjectType: "role_assignment",
        subjectId: row!.id,
        areaId: area.areaId,
        after: { userId: person.id, role: "expert_reviewer", areaCode: area.areaCode },
        meta,
      });
      return { assignmentId: row!.id, userId: person.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("reviews:errors.alreadyInPool", 409);
    throw error;
  }
}

/**
 * Takes a reviewer out of the pool (revokes the role, audited reviewer.removed). Reviews they were
 * already drawn for stay theirs to finish.
 */
export async function removeReviewer({
  actor,
  actorRoles,
  assignmentId,
  meta,
  now = new Date(),
}: {
  actor: { id: string };
  actorRoles: readonly ActiveRole[];
  assignmentId: string;
  meta?: RequestMeta;
  now?: Date;
}) {
  const own = requirePoolRights(actorRoles);
  if (!uuidPattern.test(assignmentId)) throw new DomainError("reviews:errors.reviewerNotFound", 404);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        id: roleAssignments.id,
        userId: roleAssignments.userId,
        role: roleAssignments.role,
        areaId: roleAssignments.areaId,
        revokedAt: roleAssignments.revokedAt,
        areaPath: areas.path,
      })
      .from(roleAssignments)
      .innerJoin(areas, eq(areas.id, roleAssignments.areaId))
      .where(eq(roleAssignments.id, assignmentId))
      .for("update", { of: roleAssignments });
    if (
      !row ||
      row.role !== "expert_reviewer" ||
      row.revokedAt ||
      !own.some((r) => row.areaPath.startsWith(r.areaPath))
    )
      throw new DomainError("reviews:errors.reviewerNotFound", 404);
    await tx
      .update(roleAssignments)
      .set({ revokedAt: now, revokedBy: actor.id })
      .where(eq(roleAssignments.id, row.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "reviewer.removed",
      subjectType: "role_assignment",
      subjectId: row.id,
      areaId: row.areaId,
      before: { userId: row.userId, role: "expert_reviewer" },
      after: { revoked: true },
      meta,
    });
  });
}
