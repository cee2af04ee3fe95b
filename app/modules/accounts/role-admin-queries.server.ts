import { and, asc, desc, eq, isNull } from "drizzle-orm";
import { organisations, roleAssignments, users } from "~db/schema/accounts";
import { areas } from "~db/schema/areas";
import { db } from "~/lib/db.server";
import { parseIdentifier } from "./identifier";

/** A person by phone number or email, as the role page searches; deleted accounts are not found. */
export async function findPersonByContact(query: string) {
  const identifier = parseIdentifier(query);
  if (!identifier) return null;
  const [person] = await db
    .select({
      id: users.id,
      displayName: users.displayName,
      email: users.email,
      phone: users.phone,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(
      and(
        identifier.kind === "email" ? eq(users.email, identifier.value) : eq(users.phone, identifier.value),
        isNull(users.deletedAt),
      ),
    );
  return person ?? null;
}

/** Someone's active roles with the area (and organisation) each is held in, newest first. */
export async function listPersonRoles(userId: string) {
  return db
    .select({
      id: roleAssignments.id,
      role: roleAssignments.role,
      grantedAt: roleAssignments.grantedAt,
      areaCode: areas.code,
      areaPath: areas.path,
      areaLevel: areas.level,
      areaNameZhCn: areas.nameZhCn,
      areaNameZhHk: areas.nameZhHk,
      areaNameEn: areas.nameEn,
      organisationName: organisations.name,
      organisationNameEn: organisations.nameEn,
    })
    .from(roleAssignments)
    .innerJoin(areas, eq(areas.id, roleAssignments.areaId))
    .leftJoin(organisations, eq(organisations.id, roleAssignments.organisationId))
    .where(and(eq(roleAssignments.userId, userId), isNull(roleAssignments.revokedAt)))
    .orderBy(desc(roleAssignments.grantedAt));
}

/** The NGOs an NGO role can be granted in (the form's select). */
export async function listNgoOrganisations() {
  return db
    .select({
      id: organisations.id,
      name: organisations.name,
      nameEn: organisations.nameEn,
      status: organisations.status,
    })
    .from(organisations)
    .where(eq(organisations.kind, "ngo"))
    .orderBy(asc(organisations.name))
    .limit(500);
}
