import { and, count, eq, gte, inArray, isNull } from "drizzle-orm";
import { organisations } from "~db/schema/accounts";
import { fundingApplications, fundingAwards, fundingCalls } from "~db/schema/funding";
import { objections } from "~db/schema/notices";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { notifyUser } from "~/modules/notifications/notify.server";
import { shanghaiMinute } from "~/modules/notices/objection-schemas";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { findManagedCall, organisationAdminIds, rankedApplicantOrganisations } from "./award-queries.server";
import { callNoticeSubjectType } from "./call-notice.server";
import { deliveredProjectId, linkAwardToProject } from "./project-delivery-link.server";

export interface ConfirmAwardsInput {
  actor: { id: string; pseudonymSeed: string | null };
  actorRoles: readonly ScopedRole[];
  callId: string;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * Confirms the awards once the notice window has closed and every objection is answered. An objection
 * upheld during this notice means the proposal must change first (withdraw, re-propose, re-publish).
 * The awarded applications become awarded, the other ranked ones not_awarded; each award is a
 * participation event (award.made, recorded with the confirming official as actor, in the call's area);
 * a project the award delivers gets the organisation as its implementing party.
 */
export async function confirmAwards({
  actor,
  actorRoles,
  callId,
  meta,
  now = new Date(),
}: ConfirmAwardsInput) {
  const { call } = await findManagedCall(callId, actorRoles);
  const confirmed = await db.transaction(async (tx) => {
    const [locked] = await tx.select().from(fundingCalls).where(eq(fundingCalls.id, call.id)).for("update");
    if (locked?.status !== "notice" || !locked.noticeEndsAt || !locked.noticeStartsAt)
      throw new DomainError("awards:errors.notInNotice", 409);
    if (now.getTime() < locked.noticeEndsAt.getTime())
      throw new DomainError("awards:errors.noticeStillOpen", 409, {
        date: shanghaiMinute(locked.noticeEndsAt),
      });
    const subject = and(eq(objections.subjectType, callNoticeSubjectType), eq(objections.subjectId, call.id));
    const [unanswered] = await tx
      .select({ n: count() })
      .from(objections)
      .where(and(subject, isNull(objections.answer)));
    if (unanswered?.n)
      throw new DomainError("awards:errors.objectionsUnanswered", 409, { count: unanswered.n });
    const [upheld] = await tx
      .select({ n: count() })
      .from(objections)
      .where(
        and(subject, eq(objections.answer, "upheld"), gte(objections.answeredAt, locked.noticeStartsAt)),
      );
    if (upheld?.n) throw new DomainError("awards:errors.upheldNeedsChange", 409);

    const awards = await tx
      .select({
        id: fundingAwards.id,
        applicationId: fundingAwards.applicationId,
        amountMinor: fundingAwards.amountMinor,
        projectId: fundingApplications.livelihoodProjectId,
        organisationId: organisations.id,
        organisationName: organisations.name,
      })
      .from(fundingAwards)
      .innerJoin(fundingApplications, eq(fundingApplications.id, fundingAwards.applicationId))
      .innerJoin(organisations, eq(organisations.id, fundingApplications.organisationId))
      .where(and(eq(fundingAwards.callId, call.id), eq(fundingAwards.status, "proposed")));
    if (awards.length === 0) throw new DomainError("awards:errors.nothingProposed", 409);
    // The budget rule again, on what is stored: nothing confirmed can exceed it.
    if (awards.reduce((s, a) => s + a.amountMinor, 0) > locked.budgetMinor)
      throw new DomainError("awards:errors.overBudget", 422);

    await tx
      .update(fundingAwards)
      .set({ status: "confirmed", confirmedBy: actor.id, confirmedAt: now })
      .where(and(eq(fundingAwards.callId, call.id), eq(fundingAwards.status, "proposed")));
    const awardedIds = awards.map((a) => a.applicationId);
    await tx
      .update(fundingApplications)
      .set({ status: "awarded", updatedAt: now })
      .where(inArray(fundingApplications.id, awardedIds));
    await tx
      .update(fundingApplications)
      .set({ status: "not_awarded", updatedAt: now })
      .where(and(eq(fundingApplications.callId, call.id), eq(fundingApplications.status, "eligible")));
    await tx
      .update(fundingCalls)
      .set({ status: "awarded", awardedAt: now })
      .where(eq(fundingCalls.id, call.id));
    for (const a of awards) {
      await recordParticipation(tx, {
        kind: "award.made",
        actor,
        areaId: call.areaId,
        subjectType: "funding_award",
        subjectId: a.id,
        meta: { amountMinor: a.amountMinor },
      });
      const projectId = await deliveredProjectId(tx, call.id, a.projectId);
      if (projectId)
        await linkAwardToProject(tx, {
          projectId,
          organisation: { id: a.organisationId, name: a.organisationName },
          callId: call.id,
          callTitle: call.title,
          actorUserId: actor.id,
          now,
        });
    }
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "award.confirmed",
      subjectType: "funding_call",
      subjectId: call.id,
      areaId: call.areaId,
      before: { status: "notice" },
      after: {
        status: "awarded",
        awards: awards.map((a) => ({ id: a.id, applicationId: a.applicationId, amountMinor: a.amountMinor })),
      },
      meta,
    });
    return awards;
  });
  for (const userId of await organisationAdminIds(await rankedApplicantOrganisations(call.id)))
    await notifyUser({
      userId,
      subjectType: "funding_call",
      subjectId: call.id,
      kind: "awards:notifications.confirmed",
      href: `/funding/${call.id}/results`,
      params: { call: call.title },
    });
  return { awards: confirmed };
}
