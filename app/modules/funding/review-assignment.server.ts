import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "~db/client";
import { areas } from "~db/schema/areas";
import {
  fundingApplications,
  fundingCalls,
  fundingCriteria,
  fundingReviewAssignments,
  fundingScores,
} from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { recordDraw } from "./review-draw.server";
import { notifyDrawn } from "./start-review.server";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notFound = () => new DomainError("reviews:errors.assignmentNotFound", 404);

/**
 * The reviewer's own assignment with its call, locked for the change. Someone else's id, or a forged
 * one, is "not found" — a reviewer never learns whom else an application went to.
 */
async function lockOwnAssignment(tx: Tx, assignmentId: string, reviewerId: string) {
  if (!uuidPattern.test(assignmentId)) throw notFound();
  const [row] = await tx
    .select({
      id: fundingReviewAssignments.id,
      status: fundingReviewAssignments.status,
      reviewerId: fundingReviewAssignments.reviewerId,
      applicationId: fundingReviewAssignments.applicationId,
    })
    .from(fundingReviewAssignments)
    .where(eq(fundingReviewAssignments.id, assignmentId))
    .for("update");
  if (!row || row.reviewerId !== reviewerId) throw notFound();
  const [ctx] = await tx
    .select({
      organisationId: fundingApplications.organisationId,
      callId: fundingCalls.id,
      callTitle: fundingCalls.title,
      callStatus: fundingCalls.status,
      callAreaId: fundingCalls.areaId,
      reviewEndsAt: fundingCalls.reviewEndsAt,
      callAreaPath: areas.path,
    })
    .from(fundingApplications)
    .innerJoin(fundingCalls, eq(fundingCalls.id, fundingApplications.callId))
    .innerJoin(areas, eq(areas.id, fundingCalls.areaId))
    .where(eq(fundingApplications.id, row.applicationId));
  if (ctx!.callStatus !== "in_review") throw new DomainError("reviews:errors.reviewNotOpen", 409);
  return { ...row, ...ctx! };
}

/** "I have no conflict of interest": only then does the application open to the reviewer. */
export async function declareNoConflict({
  actor,
  assignmentId,
  meta,
  now = new Date(),
}: {
  actor: { id: string };
  assignmentId: string;
  meta?: RequestMeta;
  now?: Date;
}) {
  await db.transaction(async (tx) => {
    const a = await lockOwnAssignment(tx, assignmentId, actor.id);
    if (a.status !== "assigned") throw new DomainError("reviews:errors.alreadyDeclared", 409);
    await tx
      .update(fundingReviewAssignments)
      .set({ status: "declared", declaredAt: now })
      .where(eq(fundingReviewAssignments.id, a.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "review.declared",
      subjectType: "funding_review_assignment",
      subjectId: a.id,
      areaId: a.callAreaId,
      before: { status: a.status },
      after: { status: "declared", applicationId: a.applicationId },
      meta,
    });
  });
}

/**
 * The reviewer steps aside with a reason (before declaring, or after opening the application and finding
 * a relationship). A replacement is drawn at once from the remaining eligible pool and recorded as its
 * own draw; the recused reviewer is never drawn back for this application.
 */
export async function recuse({
  actor,
  assignmentId,
  reason,
  meta,
  now = new Date(),
}: {
  actor: { id: string };
  assignmentId: string;
  reason: string;
  meta?: RequestMeta;
  now?: Date;
}) {
  const why = reason.trim();
  if (!why) throw new DomainError("reviews:errors.reasonRequired", 422);
  const result = await db.transaction(async (tx) => {
    const a = await lockOwnAssignment(tx, assignmentId, actor.id);
    if (a.status === "recused") throw new DomainError("reviews:errors.alreadyRecused", 409);
    if (a.status === "submitted") throw new DomainError("reviews:errors.alreadySubmitted", 409);
    // Serialise replacement draws for the application: two recusals at once draw one after the other.
    await tx
      .select({ id: fundingApplications.id })
      .from(fundingApplications)
      .where(eq(fundingApplications.id, a.applicationId))
      .for("update");
    await tx
      .update(fundingReviewAssignments)
      .set({ status: "recused", recusedAt: now, recusalReason: why })
      .where(eq(fundingReviewAssignments.id, a.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "review.recused",
      subjectType: "funding_review_assignment",
      subjectId: a.id,
      areaId: a.callAreaId,
      before: { status: a.status },
      after: { status: "recused", applicationId: a.applicationId },
      reason: why,
      meta,
    });
    const draw = await recordDraw(tx, {
      application: { id: a.applicationId, organisationId: a.organisationId },
      callAreaPath: a.callAreaPath,
      callAreaId: a.callAreaId,
      n: 1,
      reason: "replacement",
      actorId: actor.id,
      meta,
      now,
    });
    return { a, draw };
  });
  await notifyDrawn(result.a.callId, result.a.callTitle, [
    { applicationId: result.a.applicationId, drawn: result.draw.drawn },
  ]);
  return { replacementDrawn: result.draw.drawn.length > 0 };
}

export type ReviewScoreInput = { criterionId: string; score: number; comment: string };

/**
 * Submit the scores (one per criterion, 0..max), the recommendation and a comment — once. The call's
 * reviewEndsAt is the deadline; an official who needs more time extends it on the call.
 */
export async function submitReview({
  actor,
  assignmentId,
  scores,
  recommendation,
  comment,
  meta,
  now = new Date(),
}: {
  actor: { id: string };
  assignmentId: string;
  scores: readonly ReviewScoreInput[];
  recommendation: "fund" | "fund_with_changes" | "do_not_fund";
  comment: string;
  meta?: RequestMeta;
  now?: Date;
}) {
  await db.transaction(async (tx) => {
    const a = await lockOwnAssignment(tx, assignmentId, actor.id);
    if (a.status === "submitted") throw new DomainError("reviews:errors.alreadySubmitted", 409);
    if (a.status !== "declared") throw new DomainError("reviews:errors.declareFirst", 409);
    if (now.getTime() > a.reviewEndsAt.getTime())
      throw new DomainError("reviews:errors.reviewPeriodOver", 409);
    const criteria = await tx
      .select({ id: fundingCriteria.id, maxScore: fundingCriteria.maxScore })
      .from(fundingCriteria)
      .where(eq(fundingCriteria.callId, a.callId));
    const given = new Map(scores.map((s) => [s.criterionId, s]));
    if (given.size !== scores.length || given.size !== criteria.length)
      throw new DomainError("reviews:errors.scoreEveryCriterion", 422);
    for (const c of criteria) {
      const s = given.get(c.id);
      if (!s) throw new DomainError("reviews:errors.scoreEveryCriterion", 422);
      if (!Number.isInteger(s.score) || s.score < 0 || s.score > c.maxScore)
        throw new DomainError("reviews:errors.scoreOutOfRange", 422, { max: c.maxScore });
    }
    const text = comment.trim();
    if (!text) throw new DomainError("reviews:errors.commentRequired", 422);
    await tx.insert(fundingScores).values(
      criteria.map((c) => ({
        assignmentId: a.id,
        criterionId: c.id,
        score: given.get(c.id)!.score,
        comment: given.get(c.id)!.comment.trim(),
      })),
    );
    await tx
      .update(fundingReviewAssignments)
      .set({ status: "submitted", submittedAt: now, recommendation, comment: text })
      .where(
        and(eq(fundingReviewAssignments.id, a.id), inArray(fundingReviewAssignments.status, ["declared"])),
      );
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "review.submitted",
      subjectType: "funding_review_assignment",
      subjectId: a.id,
      areaId: a.callAreaId,
      before: { status: "declared" },
      after: { status: "submitted", applicationId: a.applicationId, recommendation },
      meta,
    });
  });
}
