import { eq } from "drizzle-orm";
import { areas } from "~db/schema/areas";
import { followUpActions, followUpUpdates, outcomes } from "~db/schema/consultations";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import { canManageArea, type ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { recordTimeline } from "~/modules/timeline/timeline.server";
import { notifyFollowers } from "~/modules/notifications/notify.server";
import { followUpNoteMax, type FollowUpStatus } from "./outcome-schemas";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface UpdateFollowUpInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  actionId: string;
  status: FollowUpStatus;
  note: string;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * A manager of the outcome's area records progress on a follow-up action (督办): a status and a note,
 * always. Every update is kept (history) and on the outcome's public timeline; followers of the outcome
 * are notified after the commit.
 */
export async function updateFollowUp({
  actor,
  actorRoles,
  actionId,
  status,
  note,
  meta,
  now = new Date(),
}: UpdateFollowUpInput) {
  if (!uuidPattern.test(actionId)) throw new DomainError("meetings:errors.actionNotFound", 404);
  const [found] = await db
    .select({
      action: followUpActions,
      areaId: outcomes.areaId,
      areaPath: areas.path,
      outcomeTitle: outcomes.title,
    })
    .from(followUpActions)
    .innerJoin(outcomes, eq(outcomes.id, followUpActions.outcomeId))
    .innerJoin(areas, eq(areas.id, outcomes.areaId))
    .where(eq(followUpActions.id, actionId));
  if (!found) throw new DomainError("meetings:errors.actionNotFound", 404);
  if (!canManageArea(actorRoles, found.areaPath).allowed)
    throw new DomainError("meetings:errors.notManager", 403);
  const text = note.trim();
  if (!text) throw new DomainError("errors:required", 422);
  if (text.length > followUpNoteMax) throw new DomainError("errors:tooLong", 422, { max: followUpNoteMax });
  const { action } = found;

  await db.transaction(async (tx) => {
    await tx.update(followUpActions).set({ status, updatedAt: now }).where(eq(followUpActions.id, actionId));
    await tx
      .insert(followUpUpdates)
      .values({ actionId, status, note: text, authorId: actor.id, createdAt: now });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "follow_up.updated",
      subjectType: "follow_up_action",
      subjectId: actionId,
      areaId: found.areaId,
      before: { status: action.status },
      after: { status, outcomeId: action.outcomeId },
      reason: text,
      meta,
    });
    await recordTimeline(tx, {
      subjectType: "outcome",
      subjectId: action.outcomeId,
      kind: `meetings:timeline.followUp.${status}`,
      fromStatus: action.status,
      toStatus: status,
      actorUserId: actor.id,
      official: true,
      note: text,
      params: { title: action.title },
      at: now,
    });
  });

  await notifyFollowers({
    subjectType: "outcome",
    subjectId: action.outcomeId,
    kind: "meetings:notifications.followUpUpdated",
    href: `/outcomes/${action.outcomeId}`,
    params: { title: action.title },
    exceptUserId: actor.id,
  });
  return { outcomeId: action.outcomeId };
}
