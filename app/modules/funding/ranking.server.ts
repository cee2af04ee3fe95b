import { and, asc, eq, inArray } from "drizzle-orm";
import type { Queryable } from "~db/client";
import { organisations } from "~db/schema/accounts";
import {
  fundingApplications,
  fundingCalls,
  fundingCriteria,
  fundingReviewAssignments,
  fundingScores,
} from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { aggregate, criteriaPart, isSpreadFlagged, priceScore, rank } from "./scoring";

export type RankedCriterion = {
  criterionId: string;
  name: string;
  nameEn: string;
  weight: number;
  maxScore: number;
  /** Aggregated by the call's rule over submitted reviews; null when none is submitted yet. */
  aggregated: number | null;
  /** Spread over 40% of the scale: for panel discussion. */
  flagged: boolean;
  count: number;
};

export type RankedApplication = {
  applicationId: string;
  organisationId: string;
  organisationName: string;
  title: string;
  requestedMinor: number;
  submittedAt: Date | null;
  rank: number;
  /** 0–100: criteria part + price part (unrounded; round for display with scoring.roundScore). */
  totalScore: number;
  /** Purchases only: lowest valid bid ÷ this bid × price weight. */
  priceScore: number | null;
  criteria: RankedCriterion[];
  reviewsSubmitted: number;
  /** The call's reviewers per application. */
  reviewsExpected: number;
  /** Every expected review is submitted. */
  complete: boolean;
};

/** Applications that passed screening and take part in the ranking (before and after the award). */
const rankedStatuses = ["eligible", "awarded", "not_awarded"] as const;

/**
 * The call's ranked list, from submitted reviews only (a declared or recused assignment's scores never
 * count; a submitted assignment's scores are final). Tie-break: scoring.compareRanked — total desc, then
 * lower request / bid, then earlier submission, then application id. Empty for an unknown call.
 */
export async function rankCall(callId: string, q: Queryable = db): Promise<RankedApplication[]> {
  if (!/^[0-9a-f-]{36}$/i.test(callId)) return [];
  const [call] = await q
    .select({
      kind: fundingCalls.kind,
      aggregation: fundingCalls.aggregation,
      priceWeight: fundingCalls.priceWeight,
      reviewersPerApplication: fundingCalls.reviewersPerApplication,
    })
    .from(fundingCalls)
    .where(eq(fundingCalls.id, callId));
  if (!call) return [];

  const criteria = await q
    .select({
      id: fundingCriteria.id,
      name: fundingCriteria.name,
      nameEn: fundingCriteria.nameEn,
      weight: fundingCriteria.weight,
      maxScore: fundingCriteria.maxScore,
    })
    .from(fundingCriteria)
    .where(eq(fundingCriteria.callId, callId))
    .orderBy(asc(fundingCriteria.position));

  const apps = await q
    .select({
      id: fundingApplications.id,
      organisationId: fundingApplications.organisationId,
      organisationName: organisations.name,
      title: fundingApplications.title,
      requestedMinor: fundingApplications.requestedMinor,
      submittedAt: fundingApplications.submittedAt,
    })
    .from(fundingApplications)
    .innerJoin(organisations, eq(organisations.id, fundingApplications.organisationId))
    .where(
      and(eq(fundingApplications.callId, callId), inArray(fundingApplications.status, [...rankedStatuses])),
    );
  if (apps.length === 0) return [];

  const appIds = apps.map((a) => a.id);
  const submitted = await q
    .select({ id: fundingReviewAssignments.id, applicationId: fundingReviewAssignments.applicationId })
    .from(fundingReviewAssignments)
    .where(
      and(
        inArray(fundingReviewAssignments.applicationId, appIds),
        eq(fundingReviewAssignments.status, "submitted"),
      ),
    );
  const scores = submitted.length
    ? await q
        .select({
          assignmentId: fundingScores.assignmentId,
          criterionId: fundingScores.criterionId,
          score: fundingScores.score,
        })
        .from(fundingScores)
        .where(
          inArray(
            fundingScores.assignmentId,
            submitted.map((s) => s.id),
          ),
        )
    : [];

  const appOfAssignment = new Map(submitted.map((s) => [s.id, s.applicationId]));
  const submittedCount = new Map<string, number>();
  for (const s of submitted)
    submittedCount.set(s.applicationId, (submittedCount.get(s.applicationId) ?? 0) + 1);
  // applicationId → criterionId → scores
  const byApp = new Map<string, Map<string, number[]>>();
  for (const s of scores) {
    const appId = appOfAssignment.get(s.assignmentId)!;
    const perCriterion = byApp.get(appId) ?? new Map<string, number[]>();
    byApp.set(appId, perCriterion);
    const list = perCriterion.get(s.criterionId) ?? [];
    perCriterion.set(s.criterionId, list);
    list.push(s.score);
  }

  const validBids = apps.map((a) => a.requestedMinor).filter((r) => r > 0);
  const expected = call.reviewersPerApplication;

  const rows = apps.map((a) => {
    const perCriterion = byApp.get(a.id);
    const criteriaRows: RankedCriterion[] = criteria.map((c) => {
      const list = perCriterion?.get(c.id) ?? [];
      return {
        criterionId: c.id,
        name: c.name,
        nameEn: c.nameEn,
        weight: c.weight,
        maxScore: c.maxScore,
        aggregated: aggregate(list, call.aggregation),
        flagged: isSpreadFlagged(list, c.maxScore),
        count: list.length,
      };
    });
    const price = call.kind === "purchase" ? priceScore(a.requestedMinor, validBids, call.priceWeight) : null;
    const reviewsSubmitted = submittedCount.get(a.id) ?? 0;
    return {
      id: a.id,
      applicationId: a.id,
      organisationId: a.organisationId,
      organisationName: a.organisationName,
      title: a.title,
      requestedMinor: a.requestedMinor,
      submittedAt: a.submittedAt,
      totalScore: criteriaPart(criteriaRows) + (price ?? 0),
      priceScore: price,
      criteria: criteriaRows,
      reviewsSubmitted,
      reviewsExpected: expected,
      complete: reviewsSubmitted >= expected,
    };
  });

  return rank(rows).map(({ id: _id, ...rest }) => rest);
}
