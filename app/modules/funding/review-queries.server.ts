import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { organisations, users } from "~db/schema/accounts";
import { areas } from "~db/schema/areas";
import {
  fundingApplications,
  fundingCalls,
  fundingCriteria,
  fundingReviewAssignments,
  fundingReviewDraws,
  fundingScores,
  organisationDeclarations,
} from "~db/schema/funding";
import { db } from "~/lib/db.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { callPhase } from "./call-phase";
import { canManageCall } from "./permissions";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The reviewer's workspace: their own assignments only, newest first. */
export async function listMyAssignments(reviewerId: string) {
  return db
    .select({
      id: fundingReviewAssignments.id,
      status: fundingReviewAssignments.status,
      assignedAt: fundingReviewAssignments.assignedAt,
      callTitle: fundingCalls.title,
      callTitleEn: fundingCalls.titleEn,
      reviewEndsAt: fundingCalls.reviewEndsAt,
      applicationTitle: fundingApplications.title,
      organisationName: organisations.name,
    })
    .from(fundingReviewAssignments)
    .innerJoin(fundingApplications, eq(fundingApplications.id, fundingReviewAssignments.applicationId))
    .innerJoin(fundingCalls, eq(fundingCalls.id, fundingApplications.callId))
    .innerJoin(organisations, eq(organisations.id, fundingApplications.organisationId))
    .where(eq(fundingReviewAssignments.reviewerId, reviewerId))
    .orderBy(desc(fundingReviewAssignments.assignedAt), asc(fundingReviewAssignments.id));
}

/**
 * One assignment as its reviewer sees it, or null when it is not theirs. Before the reviewer declares no
 * conflict of interest only the call title, organisation name and application title are read; the
 * application's content, the rubric and the reviewer's own scores come after. Other reviewers' scores,
 * names and ids are never read here.
 */
export async function loadReviewerAssignment(assignmentId: string, reviewerId: string) {
  if (!uuidPattern.test(assignmentId)) return null;
  const [head] = await db
    .select({
      id: fundingReviewAssignments.id,
      reviewerId: fundingReviewAssignments.reviewerId,
      applicationId: fundingReviewAssignments.applicationId,
      status: fundingReviewAssignments.status,
      recusalReason: fundingReviewAssignments.recusalReason,
      recommendation: fundingReviewAssignments.recommendation,
      comment: fundingReviewAssignments.comment,
      submittedAt: fundingReviewAssignments.submittedAt,
      callId: fundingCalls.id,
      callTitle: fundingCalls.title,
      callTitleEn: fundingCalls.titleEn,
      callStatus: fundingCalls.status,
      callKind: fundingCalls.kind,
      reviewEndsAt: fundingCalls.reviewEndsAt,
      applicationTitle: fundingApplications.title,
      organisationId: organisations.id,
      organisationName: organisations.name,
    })
    .from(fundingReviewAssignments)
    .innerJoin(fundingApplications, eq(fundingApplications.id, fundingReviewAssignments.applicationId))
    .innerJoin(fundingCalls, eq(fundingCalls.id, fundingApplications.callId))
    .innerJoin(organisations, eq(organisations.id, fundingApplications.organisationId))
    .where(eq(fundingReviewAssignments.id, assignmentId));
  if (!head || head.reviewerId !== reviewerId) return null;
  const { reviewerId: _r, organisationId, applicationId, ...assignment } = head;
  const opened = head.status === "declared" || head.status === "submitted";
  if (!opened) return { assignment, content: null };

  const [application] = await db
    .select({
      summary: fundingApplications.summary,
      needs: fundingApplications.needs,
      beneficiaries: fundingApplications.beneficiaries,
      beneficiaryCount: fundingApplications.beneficiaryCount,
      objectives: fundingApplications.objectives,
      activities: fundingApplications.activities,
      indicators: fundingApplications.indicators,
      team: fundingApplications.team,
      budgetLines: fundingApplications.budgetLines,
      projectTotalMinor: fundingApplications.projectTotalMinor,
      selfRaisedMinor: fundingApplications.selfRaisedMinor,
      requestedMinor: fundingApplications.requestedMinor,
    })
    .from(fundingApplications)
    .where(eq(fundingApplications.id, applicationId));
  const [declaration] = await db
    .select({
      declaredAt: organisationDeclarations.declaredAt,
      declarantName: organisationDeclarations.declarantName,
      notAbnormal1y: organisationDeclarations.notAbnormal1y,
      notSeriousViolation2y: organisationDeclarations.notSeriousViolation2y,
      noMajorViolation3y: organisationDeclarations.noMajorViolation3y,
    })
    .from(organisationDeclarations)
    .where(eq(organisationDeclarations.organisationId, organisationId))
    .orderBy(desc(organisationDeclarations.declaredAt))
    .limit(1);
  const criteria = await db
    .select({
      id: fundingCriteria.id,
      name: fundingCriteria.name,
      nameEn: fundingCriteria.nameEn,
      description: fundingCriteria.description,
      maxScore: fundingCriteria.maxScore,
      weight: fundingCriteria.weight,
    })
    .from(fundingCriteria)
    .where(eq(fundingCriteria.callId, head.callId))
    .orderBy(asc(fundingCriteria.position));
  const ownScores =
    head.status === "submitted"
      ? await db
          .select({
            criterionId: fundingScores.criterionId,
            score: fundingScores.score,
            comment: fundingScores.comment,
          })
          .from(fundingScores)
          .where(eq(fundingScores.assignmentId, head.id))
      : [];
  return {
    assignment,
    content: { application: application!, declaration: declaration ?? null, criteria, ownScores },
  };
}

export type ReviewerAssignmentView = NonNullable<Awaited<ReturnType<typeof loadReviewerAssignment>>>;

/**
 * The official's view of a call's review: whether they may run it, its phase, and per application the
 * draws (seed, pool, drawn — names resolved, since officials run the process) and assignment statuses.
 * Null when the call does not exist or the actor does not manage it (the route answers 404).
 */
export async function loadCallReview(callId: string, actorRoles: readonly ScopedRole[], now = new Date()) {
  if (!uuidPattern.test(callId)) return null;
  const [call] = await db
    .select({
      id: fundingCalls.id,
      title: fundingCalls.title,
      titleEn: fundingCalls.titleEn,
      kind: fundingCalls.kind,
      status: fundingCalls.status,
      publishAt: fundingCalls.publishAt,
      opensAt: fundingCalls.opensAt,
      closesAt: fundingCalls.closesAt,
      publishedAt: fundingCalls.publishedAt,
      reviewEndsAt: fundingCalls.reviewEndsAt,
      reviewStartedAt: fundingCalls.reviewStartedAt,
      reviewersPerApplication: fundingCalls.reviewersPerApplication,
      aggregation: fundingCalls.aggregation,
      priceWeight: fundingCalls.priceWeight,
      areaPath: areas.path,
    })
    .from(fundingCalls)
    .innerJoin(areas, eq(areas.id, fundingCalls.areaId))
    .where(eq(fundingCalls.id, callId));
  if (!call || !canManageCall(actorRoles, call.areaPath).allowed) return null;
  const phase = callPhase(call, now);

  const apps = await db
    .select({
      id: fundingApplications.id,
      title: fundingApplications.title,
      status: fundingApplications.status,
      organisationName: organisations.name,
    })
    .from(fundingApplications)
    .innerJoin(organisations, eq(organisations.id, fundingApplications.organisationId))
    .where(
      and(
        eq(fundingApplications.callId, call.id),
        inArray(fundingApplications.status, ["submitted", "returned", "eligible", "awarded", "not_awarded"]),
      ),
    )
    .orderBy(asc(fundingApplications.title), asc(fundingApplications.id));
  const ids = apps.map((a) => a.id);
  const draws = ids.length
    ? await db
        .select({
          id: fundingReviewDraws.id,
          applicationId: fundingReviewDraws.applicationId,
          reason: fundingReviewDraws.reason,
          seed: fundingReviewDraws.seed,
          pool: fundingReviewDraws.pool,
          drawn: fundingReviewDraws.drawn,
          drawnAt: fundingReviewDraws.drawnAt,
        })
        .from(fundingReviewDraws)
        .where(inArray(fundingReviewDraws.applicationId, ids))
        .orderBy(asc(fundingReviewDraws.drawnAt), asc(fundingReviewDraws.id))
    : [];
  const assignments = ids.length
    ? await db
        .select({
          id: fundingReviewAssignments.id,
          applicationId: fundingReviewAssignments.applicationId,
          status: fundingReviewAssignments.status,
          reviewerName: users.displayName,
          recusalReason: fundingReviewAssignments.recusalReason,
        })
        .from(fundingReviewAssignments)
        .innerJoin(users, eq(users.id, fundingReviewAssignments.reviewerId))
        .where(inArray(fundingReviewAssignments.applicationId, ids))
        .orderBy(asc(fundingReviewAssignments.assignedAt), asc(users.displayName))
    : [];
  const unscreened = apps.filter((a) => a.status === "submitted" || a.status === "returned").length;
  return {
    call: { ...call, phase },
    unscreened,
    applications: apps.map((a) => {
      const own = draws.filter((d) => d.applicationId === a.id);
      return {
        ...a,
        draws: own.map((d) => ({
          id: d.id,
          reason: d.reason,
          seed: d.seed,
          poolSize: d.pool.length,
          drawnCount: d.drawn.length,
          drawnAt: d.drawnAt,
        })),
        assignments: assignments.filter((x) => x.applicationId === a.id),
        short:
          a.status === "eligible" &&
          own.length > 0 &&
          assignments.filter((x) => x.applicationId === a.id && x.status !== "recused").length <
            call.reviewersPerApplication,
      };
    }),
  };
}

/** One recorded draw with its full pool, for re-verification (officials of the call only). */
export async function loadDraw(drawId: string, callId: string) {
  if (!uuidPattern.test(drawId)) return null;
  const [d] = await db
    .select({
      id: fundingReviewDraws.id,
      reason: fundingReviewDraws.reason,
      seed: fundingReviewDraws.seed,
      pool: fundingReviewDraws.pool,
      drawn: fundingReviewDraws.drawn,
      callId: fundingApplications.callId,
    })
    .from(fundingReviewDraws)
    .innerJoin(fundingApplications, eq(fundingApplications.id, fundingReviewDraws.applicationId))
    .where(eq(fundingReviewDraws.id, drawId));
  return d && d.callId === callId ? d : null;
}
