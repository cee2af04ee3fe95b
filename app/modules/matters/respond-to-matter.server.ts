import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Tx } from "~db/client";
import { matters } from "~db/schema/matters";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { recordTimeline } from "~/modules/timeline/timeline.server";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { loadMatterToManage, notifyMatterFollowers } from "./manage-matter.server";
import {
  eventForResponseKind,
  matterTransition,
  type MatterStatus,
  type ResponseKind,
} from "./matter-status";
import { responseHours } from "./working-days";

export type Responder = { id: string; pseudonymSeed: string | null; displayName?: string | null };

const timelineKind = {
  answer: "matters:timeline.answered",
  consultation: "matters:timeline.consulting",
  proposal: "matters:timeline.proposed",
  referral: "matters:timeline.referred",
  decline: "matters:timeline.declined",
} as const satisfies Record<ResponseKind, string>;

/**
 * Writes a response inside the caller's transaction: the status moves only from an open status
 * (conditional UPDATE, so two responders at once give one response), the handler is named if nobody
 * acknowledged first, and the participation event carries whether it came in time and after how many
 * hours (the engagement index reads both). Returns null when the matter is gone or already answered.
 */
export async function writeResponse(
  tx: Tx,
  {
    matterId,
    kind,
    text,
    department,
    consultationId,
    actor,
    meta,
    now,
  }: {
    matterId: string;
    kind: ResponseKind;
    text: string | null;
    department?: string | null;
    consultationId?: string | null;
    actor: Responder | null;
    meta?: RequestMeta;
    now: Date;
  },
) {
  const [current] = await tx
    .select({
      status: matters.status,
      createdAt: matters.createdAt,
      responseDueAt: matters.responseDueAt,
      communityId: matters.communityId,
      gridId: matters.gridId,
      title: matters.title,
    })
    .from(matters)
    .where(eq(matters.id, matterId))
    .for("update");
  if (!current) return null;
  const transition = matterTransition(
    current.status as MatterStatus,
    eventForResponseKind[kind],
    "committee",
  );
  if (!transition.ok) return null;
  const handler = actor?.displayName?.trim() || null;
  const [moved] = await tx
    .update(matters)
    .set({
      status: transition.to,
      respondedAt: now,
      respondedBy: actor?.id ?? null,
      responseKind: kind,
      responseText: text,
      referredDepartment: kind === "referral" ? (department ?? null) : null,
      consultationId: consultationId ?? null,
      handlerName: sql`coalesce(${matters.handlerName}, ${handler})`,
    })
    .where(
      and(
        eq(matters.id, matterId),
        inArray(matters.status, ["raised", "acknowledged"]),
        isNull(matters.respondedAt),
      ),
    )
    .returning({ id: matters.id });
  if (!moved) return null;
  const onTime = now.getTime() <= current.responseDueAt.getTime();
  const hours = responseHours(current.createdAt, now);
  if (actor?.pseudonymSeed) {
    await recordParticipation(tx, {
      kind: "matter.responded",
      actor: { id: actor.id, pseudonymSeed: actor.pseudonymSeed },
      areaId: current.gridId ?? current.communityId,
      subjectType: "matter",
      subjectId: matterId,
      meta: { onTime, responseHours: hours, kind },
    });
  }
  await recordAudit(tx, {
    actorUserId: actor?.id ?? null,
    action: "matter.responded",
    subjectType: "matter",
    subjectId: matterId,
    areaId: current.communityId,
    before: { status: transition.from },
    after: {
      status: transition.to,
      kind,
      department: kind === "referral" ? (department ?? null) : null,
      consultationId: consultationId ?? null,
      onTime,
    },
    meta,
  });
  await recordTimeline(tx, {
    subjectType: "matter",
    subjectId: matterId,
    kind: timelineKind[kind],
    fromStatus: transition.from,
    toStatus: transition.to,
    actorUserId: actor?.id ?? null,
    official: true,
    note: kind === "consultation" ? null : text,
    params: { department: kind === "referral" ? (department ?? "") : "" },
    at: now,
  });
  return { id: matterId, title: current.title, status: transition.to, onTime, responseHours: hours };
}

/**
 * The committee responds on the matter page: answers it, says it became a livelihood proposal, refers it
 * to a named department, or declines it with a reason. Followers hear of it after the commit.
 */
export async function respondToMatter({
  actor,
  actorRoles,
  matterId,
  kind,
  text,
  department,
  meta,
  now = new Date(),
}: {
  actor: Responder;
  actorRoles: readonly ScopedRole[];
  matterId: string;
  kind: Exclude<ResponseKind, "consultation">;
  text: string;
  department?: string | null;
  meta?: RequestMeta;
  now?: Date;
}) {
  const matter = await loadMatterToManage(matterId, actorRoles);
  const transition = matterTransition(matter.status, eventForResponseKind[kind], "committee");
  if (!transition.ok) throw new DomainError("matters:errors.alreadyResponded", 409);
  const body = text.trim();
  if (!body) throw new DomainError("errors:required", 422);
  const dept = department?.trim() || null;
  if (kind === "referral" && !dept) throw new DomainError("matters:errors.departmentRequired", 422);

  const result = await db.transaction((tx) =>
    writeResponse(tx, { matterId: matter.id, kind, text: body, department: dept, actor, meta, now }),
  );
  if (!result) throw new DomainError("matters:errors.alreadyResponded", 409);
  await notifyMatterFollowers(matter, "matters:notifications.responded", actor.id);
  return result;
}
