import { and, count, eq } from "drizzle-orm";
import { fundingAwards, fundingCalls } from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { notifyUser } from "~/modules/notifications/notify.server";
import {
  findManagedCall,
  isUuid,
  organisationAdminIds,
  rankedApplicantOrganisations,
} from "./award-queries.server";

const day = 24 * 3_600_000;
export const withdrawReasonMax = 1000;

export interface PublishAwardNoticeInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  callId: string;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * Publishes the proposed awards (公示): the call moves to notice for its notice days, from now. Every
 * ranked applicant's admins are told after the commit (the winners and the others alike: anyone may
 * object during the window).
 */
export async function publishAwardNotice({
  actor,
  actorRoles,
  callId,
  meta,
  now = new Date(),
}: PublishAwardNoticeInput) {
  const { call } = await findManagedCall(callId, actorRoles);
  const endsAt = new Date(now.getTime() + call.noticeDays * day);
  await db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ status: fundingCalls.status })
      .from(fundingCalls)
      .where(eq(fundingCalls.id, call.id))
      .for("update");
    if (locked?.status !== "in_review") throw new DomainError("awards:errors.notInReview", 409);
    const [proposed] = await tx
      .select({ n: count() })
      .from(fundingAwards)
      .where(and(eq(fundingAwards.callId, call.id), eq(fundingAwards.status, "proposed")));
    if (!proposed?.n) throw new DomainError("awards:errors.nothingProposed", 409);
    await tx
      .update(fundingCalls)
      .set({ status: "notice", noticeStartsAt: now, noticeEndsAt: endsAt })
      .where(eq(fundingCalls.id, call.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "award.notice_published",
      subjectType: "funding_call",
      subjectId: call.id,
      areaId: call.areaId,
      before: { status: "in_review" },
      after: { status: "notice", noticeStartsAt: now.toISOString(), noticeEndsAt: endsAt.toISOString() },
      meta,
    });
  });
  for (const userId of await organisationAdminIds(await rankedApplicantOrganisations(call.id)))
    await notifyUser({
      userId,
      subjectType: "funding_call",
      subjectId: call.id,
      kind: "awards:notifications.noticePublished",
      href: `/funding/${call.id}/results`,
      params: { call: call.title },
    });
  return { noticeEndsAt: endsAt };
}

export interface WithdrawAwardInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  callId: string;
  awardId: string;
  reason: string;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * Withdraws a proposed award (after an upheld objection, or an error found in review), with a reason.
 * During the notice the call goes back to review: the official re-proposes and publishes a new notice,
 * so what is finally confirmed was always on public notice for the full window.
 */
export async function withdrawAward({
  actor,
  actorRoles,
  callId,
  awardId,
  reason,
  meta,
}: WithdrawAwardInput) {
  const { call } = await findManagedCall(callId, actorRoles);
  if (!isUuid(awardId)) throw new DomainError("awards:errors.awardNotFound", 404);
  const text = reason.trim();
  if (!text) throw new DomainError("errors:required", 422);
  if (text.length > withdrawReasonMax)
    throw new DomainError("errors:tooLong", 422, { max: withdrawReasonMax });
  return db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ status: fundingCalls.status })
      .from(fundingCalls)
      .where(eq(fundingCalls.id, call.id))
      .for("update");
    if (locked?.status !== "in_review" && locked?.status !== "notice")
      throw new DomainError("awards:errors.notWithdrawable", 409);
    const [award] = await tx
      .update(fundingAwards)
      .set({ status: "withdrawn" })
      .where(
        and(
          eq(fundingAwards.id, awardId),
          eq(fundingAwards.callId, call.id),
          eq(fundingAwards.status, "proposed"),
        ),
      )
      .returning({
        id: fundingAwards.id,
        applicationId: fundingAwards.applicationId,
        amountMinor: fundingAwards.amountMinor,
      });
    if (!award) throw new DomainError("awards:errors.awardNotFound", 404);
    if (locked.status === "notice")
      await tx
        .update(fundingCalls)
        .set({ status: "in_review", noticeStartsAt: null, noticeEndsAt: null })
        .where(eq(fundingCalls.id, call.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "award.withdrawn",
      subjectType: "funding_award",
      subjectId: award.id,
      areaId: call.areaId,
      before: { status: "proposed", callStatus: locked.status },
      after: {
        status: "withdrawn",
        applicationId: award.applicationId,
        amountMinor: award.amountMinor,
        callStatus: "in_review",
      },
      reason: text,
      meta,
    });
    return { reopenedReview: locked.status === "notice" };
  });
}
