import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Queryable } from "~db/client";
import { organisations, roleAssignments } from "~db/schema/accounts";
import { areas } from "~db/schema/areas";
import { fundingApplications, fundingAwards, fundingCalls } from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { canManageCall } from "./permissions";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => uuidPattern.test(value);

/** A call with the area that runs it (path for permissions, names for the public pages). */
export async function findCallWithArea(callId: string, q: Queryable = db) {
  if (!isUuid(callId)) return null;
  const [found] = await q
    .select({
      call: fundingCalls,
      area: {
        id: areas.id,
        path: areas.path,
        nameZhCn: areas.nameZhCn,
        nameZhHk: areas.nameZhHk,
        nameEn: areas.nameEn,
      },
    })
    .from(fundingCalls)
    .innerJoin(areas, eq(areas.id, fundingCalls.areaId))
    .where(eq(fundingCalls.id, callId));
  return found ?? null;
}

/** The call an official runs: 404 for an unknown or draft call, 403 for an official of another area. */
export async function findManagedCall(callId: string, actorRoles: readonly ScopedRole[], q: Queryable = db) {
  const found = await findCallWithArea(callId, q);
  if (!found || found.call.status === "draft") throw new DomainError("awards:errors.callNotFound", 404);
  const decision = canManageCall(actorRoles, found.area.path);
  if (!decision.allowed) throw new DomainError("awards:errors.notYourCall", 403);
  return found;
}

/** The call's awards (not withdrawn unless asked), in rank order, with the application and organisation. */
export async function listCallAwards(
  callId: string,
  options: { withdrawn?: boolean } = {},
  q: Queryable = db,
) {
  const rows = await q
    .select({
      id: fundingAwards.id,
      applicationId: fundingAwards.applicationId,
      amountMinor: fundingAwards.amountMinor,
      rank: fundingAwards.rank,
      totalScore: fundingAwards.totalScore,
      deviationNote: fundingAwards.deviationNote,
      status: fundingAwards.status,
      proposedAt: fundingAwards.proposedAt,
      confirmedAt: fundingAwards.confirmedAt,
      title: fundingApplications.title,
      summary: fundingApplications.summary,
      livelihoodProjectId: fundingApplications.livelihoodProjectId,
      organisationId: organisations.id,
      organisationName: organisations.name,
      creditCode: organisations.creditCode,
    })
    .from(fundingAwards)
    .innerJoin(fundingApplications, eq(fundingApplications.id, fundingAwards.applicationId))
    .innerJoin(organisations, eq(organisations.id, fundingApplications.organisationId))
    .where(eq(fundingAwards.callId, callId))
    .orderBy(asc(fundingAwards.rank));
  return options.withdrawn ? rows : rows.filter((r) => r.status !== "withdrawn");
}

/** The users who administer the given organisations (to tell them about the notice and the award). */
export async function organisationAdminIds(organisationIds: readonly string[]): Promise<string[]> {
  if (organisationIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ userId: roleAssignments.userId })
    .from(roleAssignments)
    .where(
      and(
        inArray(roleAssignments.organisationId, [...organisationIds]),
        eq(roleAssignments.role, "ngo_admin"),
        isNull(roleAssignments.revokedAt),
      ),
    );
  return rows.map((r) => r.userId);
}

/** The organisations that applied and passed screening (ranked applicants). */
export async function rankedApplicantOrganisations(callId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ organisationId: fundingApplications.organisationId })
    .from(fundingApplications)
    .where(
      and(
        eq(fundingApplications.callId, callId),
        inArray(fundingApplications.status, ["eligible", "awarded", "not_awarded"]),
      ),
    );
  return rows.map((r) => r.organisationId);
}
