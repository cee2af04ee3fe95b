import { eq } from "drizzle-orm";
import { fundingCalls } from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { recordTimeline } from "~/modules/timeline/timeline.server";
import { callRubric, loadCallForManagement } from "./call-queries.server";
import { publishIssues } from "./call-schemas";
import { lockCall } from "./update-call.server";

/**
 * Draft → published. With a publish time in the future the call is scheduled: invisible until then,
 * and (like any published call before its opening) still fully editable. It needs a rubric and a
 * checklist, and an application window that has not already closed.
 */
export async function publishCall({
  actor,
  actorRoles,
  callId,
  meta,
  now = new Date(),
}: {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  callId: string;
  meta?: RequestMeta;
  now?: Date;
}) {
  await loadCallForManagement(callId, actorRoles, now);
  await db.transaction(async (tx) => {
    const call = await lockCall(tx, callId);
    if (call.status !== "draft") throw new DomainError("calls:errors.notDraft", 409);
    const issue = publishIssues(await callRubric(callId, tx))[0];
    if (issue) throw new DomainError(issue.message, 422);
    if (call.closesAt.getTime() <= now.getTime()) throw new DomainError("calls:errors.closesInPast", 422);
    await tx
      .update(fundingCalls)
      .set({ status: "published", publishedAt: now })
      .where(eq(fundingCalls.id, callId));
    const scheduled = call.publishAt.getTime() > now.getTime();
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "call.published",
      subjectType: "funding_call",
      subjectId: callId,
      areaId: call.areaId,
      after: { publishAt: call.publishAt.toISOString(), scheduled },
      meta,
    });
    await recordTimeline(tx, {
      subjectType: "funding_call",
      subjectId: callId,
      kind: "calls:timeline.published",
      fromStatus: "draft",
      toStatus: "published",
      actorUserId: actor.id,
      official: true,
      at: now,
    });
  });
}
