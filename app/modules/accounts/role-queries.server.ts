import { and, eq, isNull } from "drizzle-orm";
import { areas } from "~db/schema/areas";
import { roleAssignments } from "~db/schema/accounts";
import { db } from "~/lib/db.server";
import type { Role } from "./roles";

export type ActiveRole = {
  id: string;
  role: Role;
  areaId: number;
  areaCode: string;
  areaPath: string;
  areaLevel: string;
  areaNameZhCn: string;
  areaNameZhHk: string;
  areaNameEn: string;
  organisationId: string | null;
  gridId: number | null;
};

/** The person's current (unrevoked) roles with the area each is held in. */
export async function listActiveRoles(userId: string): Promise<ActiveRole[]> {
  return db
    .select({
      id: roleAssignments.id,
      role: roleAssignments.role,
      areaId: roleAssignments.areaId,
      areaCode: areas.code,
      areaPath: areas.path,
      areaLevel: areas.level,
      areaNameZhCn: areas.nameZhCn,
      areaNameZhHk: areas.nameZhHk,
      areaNameEn: areas.nameEn,
      organisationId: roleAssignments.organisationId,
      gridId: roleAssignments.gridId,
    })
    .from(roleAssignments)
    .innerJoin(areas, eq(areas.id, roleAssignments.areaId))
    .where(and(eq(roleAssignments.userId, userId), isNull(roleAssignments.revokedAt)));
}
