import { and, eq, sql } from "drizzle-orm";
import { areas } from "~db/schema/areas";
import {
  consultations,
  followUpActions,
  followUpUpdates,
  outcomeItems,
  outcomes,
} from "~db/schema/consultations";
import { matters } from "~db/schema/matters";
import { follows } from "~db/schema/notifications";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { isUniqueViolation } from "~/lib/pg-errors.server";
import type { RequestMeta } from "~/lib/request-meta.server";
import { canManageArea, type ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { recordTimeline } from "~/modules/timeline/timeline.server";
import { notifyFollowers } from "~/modules/notifications/notify.server";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import type { PublishOutcomeValues } from "./outcome-schemas";

const DAY = 86_400_000;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type OutcomeParentKind = "consultation" | "matter";

/** The consultation or matter an outcome is published for, with its area; null for a forged id. */
export async function getOutcomeParent(kind: OutcomeParentKind, id: string) {
  if (!uuidPattern.test(id)) return null;
  if (kind === "consultation") {
    const [row] = await db
      .select({
        id: consultations.id,
        title: consultations.title,
        status: consultations.status,
        closesAt: consultations.closesAt,
        matterId: consultations.matterId,
        areaId: areas.id,
        areaPath: areas.path,
      })
      .from(consultations)
      .innerJoin(areas, eq(areas.id, consultations.areaId))
      .where(eq(consultations.id, id));
    return row ? { kind, ...row } : null;
  }
  const [row] = await db
    .select({ id: matters.id, title: matters.title, areaId: areas.id, areaPath: areas.path })
    .from(matters)
    .innerJoin(areas, eq(areas.id, matters.communityId))
    .where(eq(matters.id, id));
  return row ? { kind, ...row, status: null, closesAt: null, matterId: row.id } : null;
}

export interface PublishOutcomeInput {
  actor: { id: string; pseudonymSeed: string | null };
  actorRoles: readonly ScopedRole[];
  values: PublishOutcomeValues;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * The committee of the subject's area (or an official above it) publishes what was decided: once per
 * consultation (unique index) after it has closed, or once per matter handled without a consultation
 * (the matter row is locked while checking). The public notice runs `noticeDays` from now. Followers of
 * the consultation or matter become followers of the outcome and are told after the commit.
 */
export async function publishOutcome({
  actor,
  actorRoles,
  values,
  meta,
  now = new Date(),
}: PublishOutcomeInput) {
  const kind: OutcomeParentKind | null = values.consultationId
    ? "consultation"
    : values.matterId
      ? "matter"
      : null;
  if (!kind) throw new DomainError("meetings:errors.noSubject", 404);
  const parent = await getOutcomeParent(kind, (values.consultationId ?? values.matterId)!);
  if (!parent) throw new DomainError("meetings:errors.noSubject", 404);
  if (!canManageArea(actorRoles, parent.areaPath).allowed)
    throw new DomainError("meetings:errors.notManager", 403);
  if (kind === "consultation") {
    if (parent.status !== "published") throw new DomainError("meetings:errors.consultationNotPublished", 409);
    if (parent.closesAt && now.getTime() < parent.closesAt.getTime())
      throw new DomainError("meetings:errors.consultationStillOpen", 409);
  }
  const noticeEndsAt = new Date(now.getTime() + values.noticeDays * DAY);

  let outcomeId: string;
  try {
    outcomeId = await db.transaction(async (tx) => {
      if (kind === "matter") {
        await tx.select({ id: matters.id }).from(matters).where(eq(matters.id, parent.id)).for("update");
      }
      const existing = await tx
        .select({ id: outcomes.id })
        .from(outcomes)
        .where(
          kind === "consultation" ? eq(outcomes.consultationId, parent.id) : eq(outcomes.matterId, parent.id),
        )
        .limit(1);
      if (existing.length) throw new DomainError("meetings:errors.outcomeExists", 409);
      const [outcome] = await tx
        .insert(outcomes)
        .values({
          areaId: parent.areaId,
          consultationId: kind === "consultation" ? parent.id : null,
          matterId: parent.matterId,
          title: values.title,
          summary: values.summary,
          decisions: values.decisions,
          publishedAt: now,
          publishedBy: actor.id,
          noticeEndsAt,
        })
        .returning({ id: outcomes.id });
      const id = outcome!.id;
      if (values.items.length) {
        await tx
          .insert(outcomeItems)
          .values(values.items.map((item, position) => ({ outcomeId: id, position, ...item })));
      }
      for (const action of values.actions) {
        const [row] = await tx
          .insert(followUpActions)
          .values({ outcomeId: id, ...action, status: "planned", updatedAt: now })
          .returning({ id: followUpActions.id });
        await tx
          .insert(followUpUpdates)
          .values({ actionId: row!.id, status: "planned", note: "", authorId: actor.id, createdAt: now });
      }
      await tx
        .insert(follows)
        .select(
          tx
            .select({
              userId: follows.userId,
              subjectType: sql<string>`'outcome'`.as("subject_type"),
              subjectId: sql<string>`${id}::uuid`.as("subject_id"),
              createdAt: sql<Date>`now()`.as("created_at"),
            })
            .from(follows)
            .where(and(eq(follows.subjectType, kind), eq(follows.subjectId, parent.id))),
        )
        .onConflictDoNothing();
      await recordParticipation(tx, {
        kind: "outcome.published",
        actor,
        areaId: parent.areaId,
        subjectType: "outcome",
        subjectId: id,
        meta: { items: values.items.length, actions: values.actions.length },
      });
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "outcome.published",
        subjectType: "outcome",
        subjectId: id,
        areaId: parent.areaId,
        after: {
          [kind === "consultation" ? "consultationId" : "matterId"]: parent.id,
          title: values.title,
          items: values.items.length,
          actions: values.actions.length,
          noticeEndsAt: noticeEndsAt.toISOString(),
        },
        meta,
      });
      await recordTimeline(tx, {
        subjectType: "outcome",
        subjectId: id,
        kind: "meetings:timeline.outcomePublished",
        actorUserId: actor.id,
        official: true,
        at: now,
      });
      await recordTimeline(tx, {
        subjectType: kind,
        subjectId: parent.id,
        kind: "meetings:timeline.outcomeOnParent",
        actorUserId: actor.id,
        official: true,
        params: { title: values.title },
        at: now,
      });
      return id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("meetings:errors.outcomeExists", 409);
    throw error;
  }

  await notifyFollowers({
    subjectType: kind,
    subjectId: parent.id,
    kind: "meetings:notifications.outcomePublished",
    href: `/outcomes/${outcomeId}`,
    params: { title: values.title },
    exceptUserId: actor.id,
  });
  return { id: outcomeId, noticeEndsAt };
}
