import { and, eq } from "drizzle-orm";
import { fundingAgreements, fundingEvaluations, fundingReports, fundingTranches } from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { isUniqueViolation } from "~/lib/pg-errors.server";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { gradePasses, type EvaluationGrade, type ReportMilestone } from "./agreement-rules";
import { findAgreementContext } from "./agreement-queries.server";
import { canManageCall } from "./permissions";
import { releaseTranche, stopTranchesFrom } from "./tranche-release.server";

export const evaluationNoteMax = 2000;

export interface RecordEvaluationInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  agreementId: string;
  milestone: ReportMilestone;
  grade: EvaluationGrade;
  note?: string | null;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * The mid-term or final evaluation (优秀 / 良好 / 合格 / 不合格), once that milestone's report is accepted.
 * A pass (合格 or better) meets the milestone and releases its tranche; a fail stops that tranche and
 * every later one, and the agreement. One evaluation per milestone; none after the agreement stopped.
 */
export async function recordEvaluation({
  actor,
  actorRoles,
  agreementId,
  milestone,
  grade,
  note,
  meta,
  now = new Date(),
}: RecordEvaluationInput) {
  const context = await findAgreementContext(agreementId);
  if (!context) throw new DomainError("awards:errors.agreementNotFound", 404);
  if (!canManageCall(actorRoles, context.areaPath).allowed)
    throw new DomainError("awards:errors.agreementNotFound", 404);
  const text = note?.trim() ?? "";
  if (text.length > evaluationNoteMax)
    throw new DomainError("errors:tooLong", 422, { max: evaluationNoteMax });
  if (grade === "fail" && !text) throw new DomainError("awards:errors.failNoteRequired", 422);
  try {
    return await db.transaction(async (tx) => {
      const [agreement] = await tx
        .select({ stoppedAt: fundingAgreements.stoppedAt })
        .from(fundingAgreements)
        .where(eq(fundingAgreements.id, agreementId))
        .for("update");
      if (agreement?.stoppedAt) throw new DomainError("awards:errors.agreementStopped", 409);
      const [report] = await tx
        .select({ status: fundingReports.status })
        .from(fundingReports)
        .where(and(eq(fundingReports.agreementId, agreementId), eq(fundingReports.milestone, milestone)));
      if (report?.status !== "accepted") throw new DomainError("awards:errors.reportNotAccepted", 409);
      const [existing] = await tx
        .select({ id: fundingEvaluations.id })
        .from(fundingEvaluations)
        .where(
          and(eq(fundingEvaluations.agreementId, agreementId), eq(fundingEvaluations.milestone, milestone)),
        );
      if (existing) throw new DomainError("awards:errors.alreadyEvaluated", 409);
      const [evaluation] = await tx
        .insert(fundingEvaluations)
        .values({ agreementId, milestone, grade, note: text, evaluatedBy: actor.id, evaluatedAt: now })
        .returning({ id: fundingEvaluations.id });
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "evaluation.recorded",
        subjectType: "funding_agreement",
        subjectId: agreementId,
        areaId: context.call.areaId,
        after: { milestone, grade },
        reason: text || null,
        meta,
      });
      let stopped: string[] = [];
      if (gradePasses(grade)) {
        await releaseTranche(tx, {
          agreementId,
          milestone,
          actorUserId: actor.id,
          areaId: context.call.areaId,
          now,
          meta,
        });
      } else {
        const [tranche] = await tx
          .select({ position: fundingTranches.position })
          .from(fundingTranches)
          .where(and(eq(fundingTranches.agreementId, agreementId), eq(fundingTranches.milestone, milestone)));
        stopped = (await stopTranchesFrom(tx, { agreementId, position: tranche?.position ?? 0, now })).map(
          (t) => t.milestone,
        );
      }
      return { id: evaluation!.id, stopped };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("awards:errors.alreadyEvaluated", 409);
    throw error;
  }
}
