import { and, eq } from "drizzle-orm";
import { matters } from "~db/schema/matters";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { recordTimeline } from "~/modules/timeline/timeline.server";
import { loadMatterToManage, notifyMatterFollowers } from "./manage-matter.server";
import { matterTransition } from "./matter-status";

/**
 * The committee takes the matter on and names who is handling it (shown publicly, so the resident knows
 * whom to ask). Of two members acknowledging at once, one wins; the other is told it is already taken.
 */
export async function acknowledgeMatter({
  actor,
  actorRoles,
  matterId,
  handlerName,
  meta,
  now = new Date(),
}: {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  matterId: string;
  handlerName: string;
  meta?: RequestMeta;
  now?: Date;
}) {
  const matter = await loadMatterToManage(matterId, actorRoles);
  const transition = matterTransition(matter.status, "acknowledge", "committee");
  if (!transition.ok) throw new DomainError(transition.reason, 409);
  const handler = handlerName.trim();
  if (!handler) throw new DomainError("errors:required", 422);

  await db.transaction(async (tx) => {
    const [moved] = await tx
      .update(matters)
      .set({ status: transition.to, acknowledgedAt: now, acknowledgedBy: actor.id, handlerName: handler })
      .where(and(eq(matters.id, matter.id), eq(matters.status, transition.from)))
      .returning({ id: matters.id });
    if (!moved) throw new DomainError("matters:errors.transitionNotAllowed", 409);
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "matter.acknowledged",
      subjectType: "matter",
      subjectId: matter.id,
      areaId: matter.communityId,
      before: { status: transition.from },
      after: { status: transition.to, handlerName: handler },
      meta,
    });
    await recordTimeline(tx, {
      subjectType: "matter",
      subjectId: matter.id,
      kind: "matters:timeline.acknowledged",
      fromStatus: transition.from,
      toStatus: transition.to,
      actorUserId: actor.id,
      official: true,
      params: { handler },
      at: now,
    });
  });
  await notifyMatterFollowers(matter, "matters:notifications.acknowledged", actor.id, { handler });
  return { status: transition.to };
}
