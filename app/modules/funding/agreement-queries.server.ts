import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Queryable } from "~db/client";
import { organisations } from "~db/schema/accounts";
import { areas } from "~db/schema/areas";
import {
  fundingAgreements,
  fundingApplications,
  fundingAwards,
  fundingCalls,
  fundingDisbursements,
  fundingEvaluations,
  fundingReports,
  fundingTranches,
} from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { isUuid } from "./award-queries.server";
import {
  canManageCall,
  isOrganisationMember,
  memberOrganisationIds,
  type OrgScopedRole,
} from "./permissions";

/** An agreement with its award, call (and the call's area path) and organisation. */
export async function findAgreementContext(agreementId: string, q: Queryable = db) {
  if (!isUuid(agreementId)) return null;
  const [found] = await q
    .select({
      agreement: fundingAgreements,
      award: { id: fundingAwards.id, amountMinor: fundingAwards.amountMinor, rank: fundingAwards.rank },
      call: {
        id: fundingCalls.id,
        title: fundingCalls.title,
        titleEn: fundingCalls.titleEn,
        areaId: fundingCalls.areaId,
      },
      areaPath: areas.path,
      application: {
        id: fundingApplications.id,
        title: fundingApplications.title,
        indicators: fundingApplications.indicators,
        livelihoodProjectId: fundingApplications.livelihoodProjectId,
      },
      organisation: { id: organisations.id, name: organisations.name },
    })
    .from(fundingAgreements)
    .innerJoin(fundingAwards, eq(fundingAwards.id, fundingAgreements.awardId))
    .innerJoin(fundingCalls, eq(fundingCalls.id, fundingAwards.callId))
    .innerJoin(areas, eq(areas.id, fundingCalls.areaId))
    .innerJoin(fundingApplications, eq(fundingApplications.id, fundingAwards.applicationId))
    .innerJoin(organisations, eq(organisations.id, fundingApplications.organisationId))
    .where(eq(fundingAgreements.id, agreementId));
  return found ?? null;
}

export type AgreementContext = NonNullable<Awaited<ReturnType<typeof findAgreementContext>>>;

/**
 * Who may open an agreement: the organisation's members and the officials who run the call. Anyone
 * else gets 404 (the public sees the summary on the call's results page), whatever id they try.
 */
export async function findVisibleAgreement(agreementId: string, actorRoles: readonly OrgScopedRole[]) {
  const found = await findAgreementContext(agreementId);
  if (!found) throw new DomainError("awards:errors.agreementNotFound", 404);
  const manager = canManageCall(actorRoles, found.areaPath).allowed;
  const member = isOrganisationMember(actorRoles, found.organisation.id);
  if (!manager && !member) throw new DomainError("awards:errors.agreementNotFound", 404);
  return { ...found, manager, member };
}

/** The agreement's tranches (with release dates), reports and evaluations, in order. */
export async function agreementDelivery(agreementId: string, q: Queryable = db) {
  const tranches = await q
    .select({
      id: fundingTranches.id,
      position: fundingTranches.position,
      milestone: fundingTranches.milestone,
      percent: fundingTranches.percent,
      amountMinor: fundingTranches.amountMinor,
      status: fundingTranches.status,
      releasedAt: fundingDisbursements.releasedAt,
    })
    .from(fundingTranches)
    .leftJoin(fundingDisbursements, eq(fundingDisbursements.trancheId, fundingTranches.id))
    .where(eq(fundingTranches.agreementId, agreementId))
    .orderBy(asc(fundingTranches.position));
  const reports = await q
    .select()
    .from(fundingReports)
    .where(eq(fundingReports.agreementId, agreementId))
    .orderBy(asc(fundingReports.dueAt));
  const evaluations = await q
    .select()
    .from(fundingEvaluations)
    .where(eq(fundingEvaluations.agreementId, agreementId))
    .orderBy(asc(fundingEvaluations.evaluatedAt));
  return { tranches, reports, evaluations };
}

/** Agreements the person sees on /agreements: their organisations' and those of calls they run. */
export async function listVisibleAgreements(actorRoles: readonly (OrgScopedRole & ScopedRole)[]) {
  const rows = await db
    .select({
      id: fundingAgreements.id,
      amountMinor: fundingAgreements.amountMinor,
      startsOn: fundingAgreements.startsOn,
      endsOn: fundingAgreements.endsOn,
      signedAt: fundingAgreements.signedAt,
      stoppedAt: fundingAgreements.stoppedAt,
      callId: fundingCalls.id,
      callTitle: fundingCalls.title,
      areaPath: areas.path,
      title: fundingApplications.title,
      organisationId: organisations.id,
      organisationName: organisations.name,
    })
    .from(fundingAgreements)
    .innerJoin(fundingAwards, eq(fundingAwards.id, fundingAgreements.awardId))
    .innerJoin(fundingCalls, eq(fundingCalls.id, fundingAwards.callId))
    .innerJoin(areas, eq(areas.id, fundingCalls.areaId))
    .innerJoin(fundingApplications, eq(fundingApplications.id, fundingAwards.applicationId))
    .innerJoin(organisations, eq(organisations.id, fundingApplications.organisationId))
    .orderBy(desc(fundingAgreements.signedAt))
    .limit(500);
  const mine = new Set(memberOrganisationIds(actorRoles));
  return rows
    .filter((r) => mine.has(r.organisationId) || canManageCall(actorRoles, r.areaPath).allowed)
    .map(({ areaPath: _p, ...r }) => ({ ...r, mine: mine.has(r.organisationId) }));
}

/** Confirmed awards of a call still without an agreement (the official's to-sign list). */
export async function unsignedAwards(callId: string) {
  const awards = await db
    .select({ id: fundingAwards.id })
    .from(fundingAwards)
    .where(and(eq(fundingAwards.callId, callId), eq(fundingAwards.status, "confirmed")));
  if (awards.length === 0) return new Set<string>();
  const signed = await db
    .select({ awardId: fundingAgreements.awardId })
    .from(fundingAgreements)
    .where(
      inArray(
        fundingAgreements.awardId,
        awards.map((a) => a.id),
      ),
    );
  const signedIds = new Set(signed.map((s) => s.awardId));
  return new Set(awards.map((a) => a.id).filter((id) => !signedIds.has(id)));
}
