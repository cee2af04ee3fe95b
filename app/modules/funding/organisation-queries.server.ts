import { and, asc, count, desc, eq, ilike, inArray, isNull, or } from "drizzle-orm";
import type { Queryable } from "~db/client";
import { organisations, roleAssignments, users } from "~db/schema/accounts";
import { areas } from "~db/schema/areas";
import {
  organisationDeclarations,
  organisationInvitations,
  organisationServiceAreas,
} from "~db/schema/funding";
import type { Locale } from "~/i18n/config";
import { db } from "~/lib/db.server";
import { localizedName } from "~/lib/localized-name";
import { DomainError } from "~/lib/errors";
import type { ScopedRole } from "~/modules/accounts/permissions";
import {
  canVerifyOrganisation,
  isOrganisationAdmin,
  isOrganisationMember,
  memberOrganisationIds,
  type OrgScopedRole,
} from "./permissions";

export const certificateSubject = "organisation_certificate";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string) => uuidPattern.test(id);

const officialRoles = new Set(["street_official", "district_official", "city_official", "platform_admin"]);

/** One NGO with the area it is registered in, or null. Never trust the id. */
export async function getOrganisation(organisationId: string, q: Queryable = db) {
  if (!isUuid(organisationId)) return null;
  const [row] = await q
    .select({
      id: organisations.id,
      name: organisations.name,
      nameEn: organisations.nameEn,
      creditCode: organisations.creditCode,
      status: organisations.status,
      legalForm: organisations.legalForm,
      registrationAuthority: organisations.registrationAuthority,
      address: organisations.address,
      contactName: organisations.contactName,
      contactPhone: organisations.contactPhone,
      contactEmail: organisations.contactEmail,
      description: organisations.description,
      createdAt: organisations.createdAt,
      decidedAt: organisations.decidedAt,
      rejectionReason: organisations.rejectionReason,
      area: {
        id: areas.id,
        code: areas.code,
        path: areas.path,
        nameZhCn: areas.nameZhCn,
        nameZhHk: areas.nameZhHk,
        nameEn: areas.nameEn,
      },
    })
    .from(organisations)
    .innerJoin(areas, eq(areas.id, organisations.areaId))
    .where(and(eq(organisations.id, organisationId), eq(organisations.kind, "ngo")));
  return row ?? null;
}

export type OrganisationRow = NonNullable<Awaited<ReturnType<typeof getOrganisation>>>;

export type OrganisationViewer = {
  isMember: boolean;
  isAdmin: boolean;
  canVerify: boolean;
  /** Contact details: members and officials only. */
  seesContact: boolean;
};

export function viewerOf(org: Pick<OrganisationRow, "id" | "area">, roles: readonly OrgScopedRole[]) {
  const isMember = isOrganisationMember(roles, org.id);
  const canVerify = canVerifyOrganisation(roles, org.area.path).allowed;
  return {
    isMember,
    isAdmin: isOrganisationAdmin(roles, org.id),
    canVerify,
    seesContact: isMember || canVerify || roles.some((r) => officialRoles.has(r.role)),
  } satisfies OrganisationViewer;
}

/**
 * The organisation as `roles` may see it: a verified one is public; a pending or rejected one exists
 * only for its members and the officials who verify it (404 for everyone else, so ids leak nothing).
 */
export async function loadVisibleOrganisation(organisationId: string, roles: readonly OrgScopedRole[]) {
  const org = await getOrganisation(organisationId);
  if (!org) throw new DomainError("organisations:errors.notFound", 404);
  const viewer = viewerOf(org, roles);
  if (org.status !== "verified" && !viewer.isMember && !viewer.canVerify)
    throw new DomainError("organisations:errors.notFound", 404);
  return { org, viewer };
}

/** Same, for an act only the organisation's admins may do (non-members get 404, members 403). */
export async function loadOrganisationToAdminister(organisationId: string, roles: readonly OrgScopedRole[]) {
  const { org, viewer } = await loadVisibleOrganisation(organisationId, roles);
  if (!viewer.isAdmin) throw new DomainError("organisations:errors.notAdmin", 403);
  return { org, viewer };
}

export async function listServiceAreas(organisationId: string, q: Queryable = db) {
  return q
    .select({
      id: areas.id,
      code: areas.code,
      level: areas.level,
      nameZhCn: areas.nameZhCn,
      nameZhHk: areas.nameZhHk,
      nameEn: areas.nameEn,
    })
    .from(organisationServiceAreas)
    .innerJoin(areas, eq(areas.id, organisationServiceAreas.areaId))
    .where(eq(organisationServiceAreas.organisationId, organisationId))
    .orderBy(asc(areas.path));
}

/** The organisation's current integrity declaration (the newest), or null. For reviewers and officials. */
export async function latestDeclaration(organisationId: string, q: Queryable = db) {
  if (!isUuid(organisationId)) return null;
  const [row] = await q
    .select({
      id: organisationDeclarations.id,
      declarantName: organisationDeclarations.declarantName,
      declaredAt: organisationDeclarations.declaredAt,
      notAbnormal1y: organisationDeclarations.notAbnormal1y,
      notSeriousViolation2y: organisationDeclarations.notSeriousViolation2y,
      noMajorViolation3y: organisationDeclarations.noMajorViolation3y,
      note: organisationDeclarations.note,
    })
    .from(organisationDeclarations)
    .where(eq(organisationDeclarations.organisationId, organisationId))
    .orderBy(desc(organisationDeclarations.declaredAt), desc(organisationDeclarations.id))
    .limit(1);
  return row ?? null;
}

export type Declaration = NonNullable<Awaited<ReturnType<typeof latestDeclaration>>>;

/** Every declaration, newest first (the history stays; a new one supersedes). */
export async function listDeclarations(organisationId: string) {
  return db
    .select({
      id: organisationDeclarations.id,
      declarantName: organisationDeclarations.declarantName,
      declaredAt: organisationDeclarations.declaredAt,
      notAbnormal1y: organisationDeclarations.notAbnormal1y,
      notSeriousViolation2y: organisationDeclarations.notSeriousViolation2y,
      noMajorViolation3y: organisationDeclarations.noMajorViolation3y,
      note: organisationDeclarations.note,
    })
    .from(organisationDeclarations)
    .where(eq(organisationDeclarations.organisationId, organisationId))
    .orderBy(desc(organisationDeclarations.declaredAt), desc(organisationDeclarations.id));
}

const directoryColumns = {
  id: organisations.id,
  name: organisations.name,
  nameEn: organisations.nameEn,
  legalForm: organisations.legalForm,
  status: organisations.status,
  areaNameZhCn: areas.nameZhCn,
  areaNameZhHk: areas.nameZhHk,
  areaNameEn: areas.nameEn,
};

/** Verified NGOs, optionally filtered by a name or credit-code fragment. */
export async function listVerifiedOrganisations({
  search = "",
  limit = 100,
}: {
  search?: string;
  limit?: number;
}) {
  const term = search
    .trim()
    .slice(0, 60)
    .replace(/[\\%_]/g, (c) => `\\${c}`);
  const conditions = [eq(organisations.kind, "ngo"), eq(organisations.status, "verified")];
  if (term) {
    const pattern = `%${term}%`;
    conditions.push(
      or(
        ilike(organisations.name, pattern),
        ilike(organisations.nameEn, pattern),
        ilike(organisations.creditCode, pattern),
      )!,
    );
  }
  return db
    .select(directoryColumns)
    .from(organisations)
    .innerJoin(areas, eq(areas.id, organisations.areaId))
    .where(and(...conditions))
    .orderBy(asc(organisations.name))
    .limit(limit);
}

/** The organisations the person belongs to, whatever their status. */
export async function listMyOrganisations(roles: readonly OrgScopedRole[]) {
  const ids = memberOrganisationIds(roles);
  if (ids.length === 0) return [];
  const rows = await db
    .select(directoryColumns)
    .from(organisations)
    .innerJoin(areas, eq(areas.id, organisations.areaId))
    .where(and(eq(organisations.kind, "ngo"), inArray(organisations.id, ids)))
    .orderBy(asc(organisations.name));
  return rows.map((r) => ({ ...r, isAdmin: isOrganisationAdmin(roles, r.id) }));
}

/** Pending organisations the official may verify (those registered in or under their areas). */
export async function listReviewQueue(roles: readonly ScopedRole[]) {
  const rows = await db
    .select({
      ...directoryColumns,
      creditCode: organisations.creditCode,
      createdAt: organisations.createdAt,
      areaPath: areas.path,
    })
    .from(organisations)
    .innerJoin(areas, eq(areas.id, organisations.areaId))
    .where(and(eq(organisations.kind, "ngo"), eq(organisations.status, "pending")))
    .orderBy(asc(organisations.createdAt));
  return rows.filter((r) => canVerifyOrganisation(roles, r.areaPath).allowed);
}

/** Active members with their role (one row per role assignment). */
export async function listMembers(organisationId: string, q: Queryable = db) {
  return q
    .select({
      assignmentId: roleAssignments.id,
      userId: roleAssignments.userId,
      role: roleAssignments.role,
      displayName: users.displayName,
      grantedAt: roleAssignments.grantedAt,
    })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(
      and(
        eq(roleAssignments.organisationId, organisationId),
        inArray(roleAssignments.role, ["ngo_admin", "ngo_member"]),
        isNull(roleAssignments.revokedAt),
      ),
    )
    .orderBy(asc(roleAssignments.grantedAt), asc(roleAssignments.id));
}

/** Invitations of the organisation still waiting for an answer. */
export async function listOpenInvitations(organisationId: string) {
  return db
    .select({
      id: organisationInvitations.id,
      identifier: organisationInvitations.identifier,
      role: organisationInvitations.role,
      createdAt: organisationInvitations.createdAt,
    })
    .from(organisationInvitations)
    .where(
      and(
        eq(organisationInvitations.organisationId, organisationId),
        isNull(organisationInvitations.acceptedAt),
        isNull(organisationInvitations.cancelledAt),
      ),
    )
    .orderBy(asc(organisationInvitations.createdAt));
}

/** The person's sign-in identifiers, as invitations are addressed. */
export function identifiersOf(user: { email: string | null; phone: string | null }): string[] {
  return [user.email, user.phone].filter((v): v is string => Boolean(v));
}

/** Invitations addressed to the person's e-mail or phone and not yet answered. */
export async function listInvitationsFor(user: { email: string | null; phone: string | null }) {
  const ids = identifiersOf(user);
  if (ids.length === 0) return [];
  return db
    .select({
      id: organisationInvitations.id,
      role: organisationInvitations.role,
      createdAt: organisationInvitations.createdAt,
      organisationId: organisations.id,
      organisationName: organisations.name,
      organisationNameEn: organisations.nameEn,
    })
    .from(organisationInvitations)
    .innerJoin(organisations, eq(organisations.id, organisationInvitations.organisationId))
    .where(
      and(
        inArray(organisationInvitations.identifier, ids),
        isNull(organisationInvitations.acceptedAt),
        isNull(organisationInvitations.cancelledAt),
      ),
    )
    .orderBy(asc(organisationInvitations.createdAt));
}

export async function countInvitationsFor(user: { email: string | null; phone: string | null }) {
  const ids = identifiersOf(user);
  if (ids.length === 0) return 0;
  const [row] = await db
    .select({ n: count() })
    .from(organisationInvitations)
    .where(
      and(
        inArray(organisationInvitations.identifier, ids),
        isNull(organisationInvitations.acceptedAt),
        isNull(organisationInvitations.cancelledAt),
      ),
    );
  return row?.n ?? 0;
}

/** Where an organisation may be registered: the city or one of its districts (city first). */
export async function listRegistrationAreas() {
  return db
    .select({
      id: areas.id,
      code: areas.code,
      level: areas.level,
      nameZhCn: areas.nameZhCn,
      nameZhHk: areas.nameZhHk,
      nameEn: areas.nameEn,
    })
    .from(areas)
    .where(inArray(areas.level, ["city", "district"]))
    .orderBy(asc(areas.path));
}

/** Districts and streets an organisation may serve, in tree order (streets follow their district). */
export async function listServiceAreaOptions() {
  return db
    .select({
      id: areas.id,
      code: areas.code,
      level: areas.level,
      parentId: areas.parentId,
      nameZhCn: areas.nameZhCn,
      nameZhHk: areas.nameZhHk,
      nameEn: areas.nameEn,
    })
    .from(areas)
    .where(inArray(areas.level, ["district", "street"]))
    .orderBy(asc(areas.path));
}

/** The user's e-mail and phone (sign-in identifiers), for matching invitations. */
export async function getUserIdentifiers(userId: string) {
  const [row] = await db
    .select({ email: users.email, phone: users.phone })
    .from(users)
    .where(eq(users.id, userId));
  return row ?? { email: null, phone: null };
}

/** For loaders: the organisation as the viewer may see it, or a bare 404 (a DomainError is not an HTTP reply). */
export async function loadVisibleOrganisationOr404(organisationId: string, roles: readonly OrgScopedRole[]) {
  try {
    return await loadVisibleOrganisation(organisationId, roles);
  } catch (error) {
    if (error instanceof DomainError) throw new Response(null, { status: error.status });
    throw error;
  }
}

/** The choices of the registration form, named in the reader's language. */
export async function organisationFormOptions(locale: Locale) {
  const [registration, service] = await Promise.all([listRegistrationAreas(), listServiceAreaOptions()]);
  const groups = new Map<number, { code: string; name: string; streets: { code: string; name: string }[] }>();
  for (const a of service) {
    if (a.level === "district")
      groups.set(a.id, { code: a.code, name: localizedName(a, locale), streets: [] });
    else if (a.parentId !== null)
      groups.get(a.parentId)?.streets.push({ code: a.code, name: localizedName(a, locale) });
  }
  return {
    registrationAreas: registration.map((a) => ({
      code: a.code,
      level: a.level,
      name: localizedName(a, locale),
    })),
    serviceAreaGroups: [...groups.values()],
  };
}
