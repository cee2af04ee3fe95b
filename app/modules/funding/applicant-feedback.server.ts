import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { and, asc, eq, inArray } from "drizzle-orm";
import {
  fundingApplications,
  fundingCalls,
  fundingReviewAssignments,
  fundingScores,
} from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { isOrganisationMember, type OrgScopedRole } from "./permissions";
import { rankCall } from "./ranking.server";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What an applicant learns once the call's results are out (notice or awarded): their aggregated scores,
 * total and rank, and each submitted review's comments and recommendation labelled "Reviewer 1, 2, 3" in
 * an order that reveals nothing (SHA-256 of the assignment id). Never a reviewer's name or id, never an
 * assignment id. Null (→ 404) for anyone outside the organisation, before the results, or for an
 * application that was not ranked.
 */
export async function loadApplicantFeedback(applicationId: string, actorRoles: readonly OrgScopedRole[]) {
  if (!uuidPattern.test(applicationId)) return null;
  const [app] = await db
    .select({
      id: fundingApplications.id,
      title: fundingApplications.title,
      organisationId: fundingApplications.organisationId,
      status: fundingApplications.status,
      callId: fundingCalls.id,
      callTitle: fundingCalls.title,
      callTitleEn: fundingCalls.titleEn,
      callStatus: fundingCalls.status,
      callKind: fundingCalls.kind,
    })
    .from(fundingApplications)
    .innerJoin(fundingCalls, eq(fundingCalls.id, fundingApplications.callId))
    .where(eq(fundingApplications.id, applicationId));
  if (!app || !isOrganisationMember(actorRoles, app.organisationId)) return null;
  if (app.callStatus !== "notice" && app.callStatus !== "awarded") return null;
  const ranked = await rankCall(app.callId);
  const mine = ranked.find((r) => r.applicationId === app.id);
  if (!mine) return null;

  const reviews = await db
    .select({
      id: fundingReviewAssignments.id,
      recommendation: fundingReviewAssignments.recommendation,
      comment: fundingReviewAssignments.comment,
    })
    .from(fundingReviewAssignments)
    .where(
      and(
        eq(fundingReviewAssignments.applicationId, app.id),
        eq(fundingReviewAssignments.status, "submitted"),
      ),
    );
  const comments = reviews.length
    ? await db
        .select({
          assignmentId: fundingScores.assignmentId,
          criterionId: fundingScores.criterionId,
          comment: fundingScores.comment,
        })
        .from(fundingScores)
        .where(
          inArray(
            fundingScores.assignmentId,
            reviews.map((r) => r.id),
          ),
        )
        .orderBy(asc(fundingScores.criterionId))
    : [];
  const encoder = new TextEncoder();
  const order = reviews
    .map((r) => ({ ...r, key: encodeHexLowerCase(sha256(encoder.encode(`feedback:${r.id}`))) }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));

  return {
    application: { id: app.id, title: app.title, status: app.status },
    call: { id: app.callId, title: app.callTitle, titleEn: app.callTitleEn, kind: app.callKind },
    rank: mine.rank,
    of: ranked.length,
    totalScore: mine.totalScore,
    priceScore: mine.priceScore,
    criteria: mine.criteria.map((c) => ({
      criterionId: c.criterionId,
      name: c.name,
      nameEn: c.nameEn,
      weight: c.weight,
      maxScore: c.maxScore,
      aggregated: c.aggregated,
    })),
    reviews: order.map((r, i) => ({
      label: i + 1,
      recommendation: r.recommendation,
      comment: r.comment ?? "",
      criterionComments: mine.criteria
        .map((c) => ({
          criterionId: c.criterionId,
          comment:
            comments.find((x) => x.assignmentId === r.id && x.criterionId === c.criterionId)?.comment ?? "",
        }))
        .filter((x) => x.comment !== ""),
    })),
  };
}
