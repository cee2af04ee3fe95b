import { and, asc, count, desc, eq, inArray, isNull, ne } from "drizzle-orm";
import type { Queryable } from "~db/client";
import { organisations, roleAssignments } from "~db/schema/accounts";
import { areas } from "~db/schema/areas";
import {
  fundingApplications,
  fundingCallProjects,
  fundingCalls,
  fundingChecklistItems,
  fundingScreeningChecks,
  organisationDeclarations,
} from "~db/schema/funding";
import { livelihoodProjects, proposals } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import { canManageCall, isOrganisationMember, type OrgScopedRole } from "./permissions";

/**
 * Reading applications. Every read goes through the organisation's membership or the call's officials:
 * an id that is not yours gives null (the route answers 404), so nobody learns that it exists.
 * Drafts are private to the organisation.
 */

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string) => uuidPattern.test(id);

const callColumns = {
  id: fundingCalls.id,
  kind: fundingCalls.kind,
  title: fundingCalls.title,
  titleEn: fundingCalls.titleEn,
  status: fundingCalls.status,
  areaId: fundingCalls.areaId,
  areaPath: areas.path,
  publishAt: fundingCalls.publishAt,
  opensAt: fundingCalls.opensAt,
  closesAt: fundingCalls.closesAt,
  publishedAt: fundingCalls.publishedAt,
  perProjectCapMinor: fundingCalls.perProjectCapMinor,
  maxGrantSharePercent: fundingCalls.maxGrantSharePercent,
};

/** A call with what applying needs: its clock, money rules and the area that runs it. */
export async function loadCallRules(callId: string, q: Queryable = db) {
  if (!isUuid(callId)) return null;
  const [call] = await q
    .select(callColumns)
    .from(fundingCalls)
    .innerJoin(areas, eq(areas.id, fundingCalls.areaId))
    .where(eq(fundingCalls.id, callId));
  return call ?? null;
}
export type CallRules = NonNullable<Awaited<ReturnType<typeof loadCallRules>>>;

export async function loadApplicationRow(applicationId: string, q: Queryable = db) {
  if (!isUuid(applicationId)) return null;
  const [row] = await q
    .select({
      application: fundingApplications,
      organisationName: organisations.name,
      organisationAreaId: organisations.areaId,
    })
    .from(fundingApplications)
    .innerJoin(organisations, eq(organisations.id, fundingApplications.organisationId))
    .where(eq(fundingApplications.id, applicationId));
  if (!row) return null;
  const call = await loadCallRules(row.application.callId, q);
  if (!call) return null;
  return {
    ...row.application,
    organisationName: row.organisationName,
    organisationAreaId: row.organisationAreaId,
    call,
  };
}
export type LoadedApplication = NonNullable<Awaited<ReturnType<typeof loadApplicationRow>>>;

/** The application when the actor belongs to its organisation; otherwise null (404). */
export async function loadApplicationForOrg(
  applicationId: string,
  actorRoles: readonly OrgScopedRole[],
  q: Queryable = db,
): Promise<LoadedApplication | null> {
  const app = await loadApplicationRow(applicationId, q);
  if (!app || !isOrganisationMember(actorRoles, app.organisationId)) return null;
  return app;
}

/** The application when the actor runs its call and it has been submitted (drafts stay private); else null. */
export async function loadApplicationForOfficial(
  applicationId: string,
  actorRoles: readonly OrgScopedRole[],
  q: Queryable = db,
): Promise<LoadedApplication | null> {
  const app = await loadApplicationRow(applicationId, q);
  if (!app || app.status === "draft" || app.submittedAt === null) return null;
  if (!canManageCall(actorRoles, app.call.areaPath).allowed) return null;
  return app;
}

/** The checklist of a call with this application's screening result per item, in order. */
export async function screeningResult(applicationId: string, callId: string) {
  const items = await db
    .select({
      id: fundingChecklistItems.id,
      label: fundingChecklistItems.label,
      labelEn: fundingChecklistItems.labelEn,
    })
    .from(fundingChecklistItems)
    .where(eq(fundingChecklistItems.callId, callId))
    .orderBy(asc(fundingChecklistItems.position));
  const checks = await db
    .select({
      itemId: fundingScreeningChecks.itemId,
      passed: fundingScreeningChecks.passed,
      reason: fundingScreeningChecks.reason,
    })
    .from(fundingScreeningChecks)
    .where(eq(fundingScreeningChecks.applicationId, applicationId));
  const byItem = new Map(checks.map((c) => [c.itemId, c]));
  return items.map((item) => {
    const check = byItem.get(item.id);
    return { ...item, passed: check ? check.passed : null, reason: check?.reason ?? null };
  });
}

/** The applications of the actor's organisations, newest first, with their call's deadline. */
export async function listApplicationsForOrganisations(organisationIds: readonly string[]) {
  if (organisationIds.length === 0) return [];
  return db
    .select({
      id: fundingApplications.id,
      title: fundingApplications.title,
      status: fundingApplications.status,
      requestedMinor: fundingApplications.requestedMinor,
      reworkDueAt: fundingApplications.reworkDueAt,
      updatedAt: fundingApplications.updatedAt,
      organisationName: organisations.name,
      callId: fundingCalls.id,
      callTitle: fundingCalls.title,
      callTitleEn: fundingCalls.titleEn,
      closesAt: fundingCalls.closesAt,
    })
    .from(fundingApplications)
    .innerJoin(organisations, eq(organisations.id, fundingApplications.organisationId))
    .innerJoin(fundingCalls, eq(fundingCalls.id, fundingApplications.callId))
    .where(inArray(fundingApplications.organisationId, [...organisationIds]))
    .orderBy(desc(fundingApplications.updatedAt));
}

/** Submitted applications of a call (never drafts), for its officials, with screening progress. */
export async function listApplicationsForCall(callId: string) {
  const [{ items } = { items: 0 }] = await db
    .select({ items: count() })
    .from(fundingChecklistItems)
    .where(eq(fundingChecklistItems.callId, callId));
  const rows = await db
    .select({
      id: fundingApplications.id,
      title: fundingApplications.title,
      status: fundingApplications.status,
      requestedMinor: fundingApplications.requestedMinor,
      projectTotalMinor: fundingApplications.projectTotalMinor,
      submittedAt: fundingApplications.submittedAt,
      organisationName: organisations.name,
      checked: count(fundingScreeningChecks.itemId),
    })
    .from(fundingApplications)
    .innerJoin(organisations, eq(organisations.id, fundingApplications.organisationId))
    .leftJoin(fundingScreeningChecks, eq(fundingScreeningChecks.applicationId, fundingApplications.id))
    .where(and(eq(fundingApplications.callId, callId), ne(fundingApplications.status, "draft")))
    .groupBy(fundingApplications.id, organisations.name)
    .orderBy(asc(fundingApplications.submittedAt));
  return rows.map((r) => ({ ...r, checklistItems: items }));
}

/** The organisations the actor belongs to, with their verification status (to pick one when applying). */
export async function listOrganisationsByIds(ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: organisations.id,
      name: organisations.name,
      status: organisations.status,
      areaId: organisations.areaId,
    })
    .from(organisations)
    .where(inArray(organisations.id, [...ids]))
    .orderBy(asc(organisations.name));
}

/** Livelihood projects a call was created from (an application may say which one it would deliver). */
export async function listCallProjects(callId: string, q: Queryable = db) {
  return q
    .select({ id: livelihoodProjects.id, title: proposals.title })
    .from(fundingCallProjects)
    .innerJoin(livelihoodProjects, eq(livelihoodProjects.id, fundingCallProjects.projectId))
    .innerJoin(proposals, eq(proposals.id, livelihoodProjects.proposalId))
    .where(eq(fundingCallProjects.callId, callId))
    .orderBy(asc(proposals.title));
}

/** The organisation's latest integrity declaration, shown at screening. */
export async function latestDeclarationOf(organisationId: string) {
  const [row] = await db
    .select({
      declarantName: organisationDeclarations.declarantName,
      declaredAt: organisationDeclarations.declaredAt,
      notAbnormal1y: organisationDeclarations.notAbnormal1y,
      notSeriousViolation2y: organisationDeclarations.notSeriousViolation2y,
      noMajorViolation3y: organisationDeclarations.noMajorViolation3y,
      note: organisationDeclarations.note,
    })
    .from(organisationDeclarations)
    .where(eq(organisationDeclarations.organisationId, organisationId))
    .orderBy(desc(organisationDeclarations.declaredAt))
    .limit(1);
  return row ?? null;
}

/** The admins of an organisation (they hear of screening results). */
export async function organisationAdminIds(organisationId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: roleAssignments.userId })
    .from(roleAssignments)
    .where(
      and(
        eq(roleAssignments.organisationId, organisationId),
        eq(roleAssignments.role, "ngo_admin"),
        isNull(roleAssignments.revokedAt),
      ),
    );
  return [...new Set(rows.map((r) => r.userId))];
}
