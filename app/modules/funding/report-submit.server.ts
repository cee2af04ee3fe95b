import { and, eq, inArray } from "drizzle-orm";
import type { ReportIndicator } from "~db/schema/funding";
import { fundingReports } from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { listAttachments } from "~/modules/uploads/attachment-queries.server";
import {
  discardUploads,
  insertAttachments,
  prepareUploads,
  writeUploads,
} from "~/modules/uploads/save-attachments.server";
import { defaultStorage, type UploadStorage } from "~/modules/uploads/storage.server";
import type { ReportMilestone } from "./agreement-rules";
import { findAgreementContext } from "./agreement-queries.server";
import { isOrganisationMember, type OrgScopedRole } from "./permissions";

export const reportNarrativeMax = 10_000;
export const reportAttachmentSubject = "funding_report";

export interface SubmitReportInput {
  actor: { id: string; pseudonymSeed: string | null };
  actorRoles: readonly OrgScopedRole[];
  agreementId: string;
  milestone: ReportMilestone;
  narrative: string;
  /** Achieved values, in the order of the application's indicators. */
  achieved: string[];
  spendMinor: number;
  /** Attachments (checked by their first bytes, stored before the transaction, removed if it fails). */
  files?: readonly File[];
  storage?: UploadStorage;
  now?: Date;
}

/**
 * A member of the organisation submits the milestone report (narrative, indicators achieved against
 * the application's targets, spend, attachments), or resubmits a returned one. Anyone else: 404.
 */
export async function submitReport({
  actor,
  actorRoles,
  agreementId,
  milestone,
  narrative,
  achieved,
  spendMinor,
  files = [],
  storage = defaultStorage(),
  now = new Date(),
}: SubmitReportInput) {
  const context = await findAgreementContext(agreementId);
  if (!context || !isOrganisationMember(actorRoles, context.organisation.id))
    throw new DomainError("awards:errors.agreementNotFound", 404);
  const text = narrative.trim();
  if (!text) throw new DomainError("errors:required", 422);
  if (text.length > reportNarrativeMax)
    throw new DomainError("errors:tooLong", 422, { max: reportNarrativeMax });
  if (!Number.isSafeInteger(spendMinor) || spendMinor < 0)
    throw new DomainError("awards:errors.amountInvalid", 422);
  if (spendMinor > context.agreement.amountMinor * 10)
    throw new DomainError("awards:errors.spendImplausible", 422);
  const indicators: ReportIndicator[] = context.application.indicators.map((ind, i) => ({
    indicator: ind.indicator,
    target: ind.target,
    achieved: (achieved[i] ?? "").trim().slice(0, 200),
  }));
  const areaId = context.call.areaId;
  const [existing] = await db
    .select({ id: fundingReports.id })
    .from(fundingReports)
    .where(and(eq(fundingReports.agreementId, agreementId), eq(fundingReports.milestone, milestone)));
  if (!existing) throw new DomainError("awards:errors.reportNotOpen", 409);
  const attached = (await listAttachments(reportAttachmentSubject, existing.id)).length;
  const uploads = await writeUploads(storage, await prepareUploads(files, attached));
  try {
    return await saveReport();
  } catch (error) {
    await discardUploads(storage, uploads);
    throw error;
  }

  function saveReport() {
    return db.transaction(async (tx) => {
      const [report] = await tx
        .update(fundingReports)
        .set({
          status: "submitted",
          narrative: text,
          indicators,
          spendMinor,
          submittedAt: now,
          submittedBy: actor.id,
          returnReason: null,
        })
        .where(
          and(
            eq(fundingReports.agreementId, agreementId),
            eq(fundingReports.milestone, milestone),
            inArray(fundingReports.status, ["due", "returned"]),
          ),
        )
        .returning({ id: fundingReports.id });
      if (!report) throw new DomainError("awards:errors.reportNotOpen", 409);
      await insertAttachments(
        tx,
        { subjectType: reportAttachmentSubject, subjectId: report.id, uploadedBy: actor.id },
        uploads,
      );
      await recordParticipation(tx, {
        kind: "report.submitted",
        actor,
        areaId,
        subjectType: "funding_report",
        subjectId: report.id,
        meta: { milestone },
      });
      return { id: report.id };
    });
  }
}
