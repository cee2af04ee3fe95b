import { and, eq } from "drizzle-orm";
import { fundingReports } from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import type { ReportMilestone } from "./agreement-rules";
import { findAgreementContext } from "./agreement-queries.server";
import { canManageCall } from "./permissions";
import { deliveredProjectId, postAcceptedReportToProject } from "./project-delivery-link.server";

export const returnReasonMax = 2000;

export interface DecideReportInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  agreementId: string;
  milestone: ReportMilestone;
  decision: "accept" | "return";
  reason?: string | null;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * An official who runs the call accepts a submitted report, or returns it with a reason (the
 * organisation resubmits). An accepted report appears on the public timeline of the livelihood project
 * the award delivers, if any.
 */
export async function decideReport({
  actor,
  actorRoles,
  agreementId,
  milestone,
  decision,
  reason,
  meta,
  now = new Date(),
}: DecideReportInput) {
  const context = await findAgreementContext(agreementId);
  if (!context) throw new DomainError("awards:errors.agreementNotFound", 404);
  if (!canManageCall(actorRoles, context.areaPath).allowed)
    throw new DomainError("awards:errors.agreementNotFound", 404);
  const text = reason?.trim() || null;
  if (decision === "return" && !text) throw new DomainError("awards:errors.returnReasonRequired", 422);
  if (text && text.length > returnReasonMax)
    throw new DomainError("errors:tooLong", 422, { max: returnReasonMax });
  return db.transaction(async (tx) => {
    const [report] = await tx
      .update(fundingReports)
      .set({
        status: decision === "accept" ? "accepted" : "returned",
        decidedAt: now,
        decidedBy: actor.id,
        returnReason: decision === "return" ? text : null,
      })
      .where(
        and(
          eq(fundingReports.agreementId, agreementId),
          eq(fundingReports.milestone, milestone),
          eq(fundingReports.status, "submitted"),
        ),
      )
      .returning({ id: fundingReports.id });
    if (!report) throw new DomainError("awards:errors.reportNotSubmitted", 409);
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: decision === "accept" ? "report.accepted" : "report.returned",
      subjectType: "funding_report",
      subjectId: report.id,
      areaId: context.call.areaId,
      before: { status: "submitted" },
      after: { status: decision === "accept" ? "accepted" : "returned", agreementId, milestone },
      reason: decision === "return" ? text : null,
      meta,
    });
    if (decision === "accept") {
      const projectId = await deliveredProjectId(
        tx,
        context.call.id,
        context.application.livelihoodProjectId,
      );
      if (projectId)
        await postAcceptedReportToProject(tx, {
          projectId,
          organisationName: context.organisation.name,
          milestone,
          actorUserId: actor.id,
          now,
        });
    }
    return { id: report.id };
  });
}
