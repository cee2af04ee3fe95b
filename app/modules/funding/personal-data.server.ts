import { and, asc, eq, inArray, or } from "drizzle-orm";
import { organisations, users } from "~db/schema/accounts";
import {
  fundingApplications,
  fundingCalls,
  fundingCriteria,
  fundingQuestions,
  fundingReports,
  fundingReviewAssignments,
  fundingScores,
  organisationDeclarations,
  organisationInvitations,
  reviewerConflicts,
} from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { isoDates } from "~/lib/json-dates";

/**
 * The person's own funding data for "Download my data": questions they asked on calls, the
 * organisations they registered, invitations addressed to them, the integrity declarations they made,
 * the applications and reports they created (ids, titles and status only — the content is the
 * organisation's), and, as a reviewer, their conflict declarations and their own assignments, scores and
 * comments. Officials' names (who answered, screened, decided, invited) are left out, and nothing of
 * another reviewer's work is included.
 */
export async function personalData(userId: string) {
  const questions = await db
    .select({
      id: fundingQuestions.id,
      callId: fundingQuestions.callId,
      callTitle: fundingCalls.title,
      question: fundingQuestions.question,
      createdAt: fundingQuestions.createdAt,
      answer: fundingQuestions.answer,
      answeredAt: fundingQuestions.answeredAt,
    })
    .from(fundingQuestions)
    .innerJoin(fundingCalls, eq(fundingCalls.id, fundingQuestions.callId))
    .where(eq(fundingQuestions.askedBy, userId))
    .orderBy(asc(fundingQuestions.createdAt));

  const registered = await db
    .select({
      id: organisations.id,
      name: organisations.name,
      status: organisations.status,
      createdAt: organisations.createdAt,
    })
    .from(organisations)
    .where(eq(organisations.createdBy, userId))
    .orderBy(asc(organisations.createdAt));

  // Invitations are addressed to an e-mail or phone (normalised as accounts store them).
  const [me] = await db
    .select({ email: users.email, phone: users.phone })
    .from(users)
    .where(eq(users.id, userId));
  const identifiers = [me?.email, me?.phone].filter((v): v is string => Boolean(v));
  const invitations = await db
    .select({
      id: organisationInvitations.id,
      organisationId: organisationInvitations.organisationId,
      organisationName: organisations.name,
      identifier: organisationInvitations.identifier,
      role: organisationInvitations.role,
      createdAt: organisationInvitations.createdAt,
      acceptedAt: organisationInvitations.acceptedAt,
      cancelledAt: organisationInvitations.cancelledAt,
    })
    .from(organisationInvitations)
    .innerJoin(organisations, eq(organisations.id, organisationInvitations.organisationId))
    .where(
      identifiers.length > 0
        ? or(
            inArray(organisationInvitations.identifier, identifiers),
            eq(organisationInvitations.acceptedBy, userId),
          )
        : eq(organisationInvitations.acceptedBy, userId),
    )
    .orderBy(asc(organisationInvitations.createdAt));

  const declarations = await db
    .select({
      id: organisationDeclarations.id,
      organisationId: organisationDeclarations.organisationId,
      organisationName: organisations.name,
      declarantName: organisationDeclarations.declarantName,
      declaredAt: organisationDeclarations.declaredAt,
      notAbnormal1y: organisationDeclarations.notAbnormal1y,
      notSeriousViolation2y: organisationDeclarations.notSeriousViolation2y,
      noMajorViolation3y: organisationDeclarations.noMajorViolation3y,
      note: organisationDeclarations.note,
    })
    .from(organisationDeclarations)
    .innerJoin(organisations, eq(organisations.id, organisationDeclarations.organisationId))
    .where(eq(organisationDeclarations.declarantId, userId))
    .orderBy(asc(organisationDeclarations.declaredAt));

  const applications = await db
    .select({
      id: fundingApplications.id,
      callId: fundingApplications.callId,
      organisationId: fundingApplications.organisationId,
      title: fundingApplications.title,
      status: fundingApplications.status,
      createdAt: fundingApplications.createdAt,
      submittedAt: fundingApplications.submittedAt,
    })
    .from(fundingApplications)
    .where(eq(fundingApplications.createdBy, userId))
    .orderBy(asc(fundingApplications.createdAt));

  const reports = await db
    .select({
      id: fundingReports.id,
      agreementId: fundingReports.agreementId,
      milestone: fundingReports.milestone,
      status: fundingReports.status,
      submittedAt: fundingReports.submittedAt,
    })
    .from(fundingReports)
    .where(eq(fundingReports.submittedBy, userId))
    .orderBy(asc(fundingReports.submittedAt));

  const conflicts = await db
    .select({
      organisationId: reviewerConflicts.organisationId,
      organisationName: organisations.name,
      note: reviewerConflicts.note,
      declaredAt: reviewerConflicts.declaredAt,
    })
    .from(reviewerConflicts)
    .innerJoin(organisations, eq(organisations.id, reviewerConflicts.organisationId))
    .where(eq(reviewerConflicts.reviewerId, userId))
    .orderBy(asc(reviewerConflicts.declaredAt));

  const assignments = await db
    .select({
      id: fundingReviewAssignments.id,
      applicationId: fundingReviewAssignments.applicationId,
      callId: fundingApplications.callId,
      status: fundingReviewAssignments.status,
      assignedAt: fundingReviewAssignments.assignedAt,
      declaredAt: fundingReviewAssignments.declaredAt,
      recusedAt: fundingReviewAssignments.recusedAt,
      recusalReason: fundingReviewAssignments.recusalReason,
      recommendation: fundingReviewAssignments.recommendation,
      comment: fundingReviewAssignments.comment,
      submittedAt: fundingReviewAssignments.submittedAt,
    })
    .from(fundingReviewAssignments)
    .innerJoin(fundingApplications, eq(fundingApplications.id, fundingReviewAssignments.applicationId))
    .where(eq(fundingReviewAssignments.reviewerId, userId))
    .orderBy(asc(fundingReviewAssignments.assignedAt));

  // Only the person's own scores: joined through their own assignments.
  const scores =
    assignments.length === 0
      ? []
      : await db
          .select({
            assignmentId: fundingScores.assignmentId,
            criterion: fundingCriteria.name,
            position: fundingCriteria.position,
            score: fundingScores.score,
            maxScore: fundingCriteria.maxScore,
            comment: fundingScores.comment,
          })
          .from(fundingScores)
          .innerJoin(fundingCriteria, eq(fundingCriteria.id, fundingScores.criterionId))
          .innerJoin(
            fundingReviewAssignments,
            and(
              eq(fundingReviewAssignments.id, fundingScores.assignmentId),
              eq(fundingReviewAssignments.reviewerId, userId),
            ),
          )
          .orderBy(asc(fundingReviewAssignments.assignedAt), asc(fundingCriteria.position));

  return {
    questions: questions.map(isoDates),
    organisationsRegistered: registered.map(isoDates),
    organisationInvitations: invitations.map(isoDates),
    integrityDeclarations: declarations.map(isoDates),
    applicationsCreated: applications.map(isoDates),
    reportsSubmitted: reports.map(isoDates),
    reviewerConflicts: conflicts.map(isoDates),
    reviewAssignments: assignments.map((a) => ({
      ...isoDates(a),
      scores: scores
        .filter((s) => s.assignmentId === a.id)
        .map(({ criterion, score, maxScore, comment }) => ({ criterion, score, maxScore, comment })),
    })),
  };
}
