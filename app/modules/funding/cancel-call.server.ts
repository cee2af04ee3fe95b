import { eq } from "drizzle-orm";
import { fundingCalls } from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { notifyUser } from "~/modules/notifications/notify.server";
import { recordTimeline } from "~/modules/timeline/timeline.server";
import { applicantAdminIds, loadCallForManagement } from "./call-queries.server";
import { lockCall } from "./update-call.server";

/**
 * Cancels a call at any phase before its awards are confirmed, with a reason shown publicly. The
 * admins of every organisation that applied hear of it after the commit.
 */
export async function cancelCall({
  actor,
  actorRoles,
  callId,
  reason,
  meta,
  now = new Date(),
}: {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  callId: string;
  reason: string;
  meta?: RequestMeta;
  now?: Date;
}) {
  await loadCallForManagement(callId, actorRoles, now);
  const text = reason.trim();
  if (!text) throw new DomainError("calls:errors.reasonRequired", 422);
  const call = await db.transaction(async (tx) => {
    const row = await lockCall(tx, callId);
    if (row.status === "cancelled") throw new DomainError("calls:errors.alreadyCancelled", 409);
    if (row.status === "awarded") throw new DomainError("calls:errors.alreadyAwarded", 409);
    await tx
      .update(fundingCalls)
      .set({ status: "cancelled", cancelledAt: now, cancelReason: text })
      .where(eq(fundingCalls.id, callId));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "call.cancelled",
      subjectType: "funding_call",
      subjectId: callId,
      areaId: row.areaId,
      before: { status: row.status },
      after: { status: "cancelled" },
      reason: text,
      meta,
    });
    await recordTimeline(tx, {
      subjectType: "funding_call",
      subjectId: callId,
      kind: "calls:timeline.cancelled",
      fromStatus: row.status,
      toStatus: "cancelled",
      note: text,
      actorUserId: actor.id,
      official: true,
      at: now,
    });
    return row;
  });
  for (const userId of await applicantAdminIds(callId))
    await notifyUser({
      userId,
      subjectType: "funding_call",
      subjectId: callId,
      kind: "calls:notifications.cancelled",
      href: `/funding/${callId}`,
      params: { title: call.title },
    });
}
