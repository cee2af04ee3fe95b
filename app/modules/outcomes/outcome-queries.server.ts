import { and, asc, count, desc, eq, inArray, like } from "drizzle-orm";
import { areas } from "~db/schema/areas";
import {
  consultations,
  followUpActions,
  followUpUpdates,
  outcomeItems,
  outcomes,
} from "~db/schema/consultations";
import { matters } from "~db/schema/matters";
import { db } from "~/lib/db.server";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const areaNames = {
  id: areas.id,
  code: areas.code,
  path: areas.path,
  nameZhCn: areas.nameZhCn,
  nameZhHk: areas.nameZhHk,
  nameEn: areas.nameEn,
};

/** An outcome with its area and what it was published for; null for a forged id. */
export async function getOutcome(outcomeId: string) {
  if (!uuidPattern.test(outcomeId)) return null;
  const [row] = await db
    .select({
      outcome: outcomes,
      area: areaNames,
      consultationTitle: consultations.title,
      matterTitle: matters.title,
    })
    .from(outcomes)
    .innerJoin(areas, eq(areas.id, outcomes.areaId))
    .leftJoin(consultations, eq(consultations.id, outcomes.consultationId))
    .leftJoin(matters, eq(matters.id, outcomes.matterId))
    .where(eq(outcomes.id, outcomeId));
  if (!row) return null;
  const items = await db
    .select()
    .from(outcomeItems)
    .where(eq(outcomeItems.outcomeId, outcomeId))
    .orderBy(asc(outcomeItems.position));
  const actions = await db
    .select()
    .from(followUpActions)
    .where(eq(followUpActions.outcomeId, outcomeId))
    .orderBy(asc(followUpActions.dueOn), asc(followUpActions.id));
  const updates = actions.length
    ? await db
        .select({
          id: followUpUpdates.id,
          actionId: followUpUpdates.actionId,
          status: followUpUpdates.status,
          note: followUpUpdates.note,
          createdAt: followUpUpdates.createdAt,
        })
        .from(followUpUpdates)
        .where(
          inArray(
            followUpUpdates.actionId,
            actions.map((a) => a.id),
          ),
        )
        .orderBy(asc(followUpUpdates.createdAt), asc(followUpUpdates.id))
    : [];
  return {
    ...row,
    items,
    actions: actions.map((a) => ({ ...a, history: updates.filter((u) => u.actionId === a.id) })),
  };
}

/** The outcome already published for a consultation or a matter, if any. */
export async function findOutcomeFor(kind: "consultation" | "matter", id: string) {
  if (!uuidPattern.test(id)) return null;
  const [row] = await db
    .select({ id: outcomes.id })
    .from(outcomes)
    .where(kind === "consultation" ? eq(outcomes.consultationId, id) : eq(outcomes.matterId, id))
    .limit(1);
  return row ?? null;
}

export const decisionsPageSize = 20;

/** Outcomes of an area and every area inside it, newest first, one page (1-based). */
export async function listDecisions(areaPath: string, page: number, pageSize = decisionsPageSize) {
  const where = like(areas.path, `${areaPath}%`);
  const [total] = await db
    .select({ n: count() })
    .from(outcomes)
    .innerJoin(areas, eq(areas.id, outcomes.areaId))
    .where(where);
  const rows = await db
    .select({
      id: outcomes.id,
      title: outcomes.title,
      summary: outcomes.summary,
      publishedAt: outcomes.publishedAt,
      noticeEndsAt: outcomes.noticeEndsAt,
      consultationId: outcomes.consultationId,
      matterId: outcomes.matterId,
      area: areaNames,
    })
    .from(outcomes)
    .innerJoin(areas, eq(areas.id, outcomes.areaId))
    .where(where)
    .orderBy(desc(outcomes.publishedAt), desc(outcomes.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const ids = rows.map((r) => r.id);
  const actions = ids.length
    ? await db
        .select({ outcomeId: followUpActions.outcomeId, status: followUpActions.status, n: count() })
        .from(followUpActions)
        .where(inArray(followUpActions.outcomeId, ids))
        .groupBy(followUpActions.outcomeId, followUpActions.status)
    : [];
  return {
    total: total?.n ?? 0,
    rows: rows.map((r) => {
      const mine = actions.filter((a) => a.outcomeId === r.id);
      return {
        ...r,
        actionsTotal: mine.reduce((s, a) => s + a.n, 0),
        actionsDone: mine.filter((a) => a.status === "done").reduce((s, a) => s + a.n, 0),
      };
    }),
  };
}

/** Whether an outcome's follow-up action belongs to it (a posted id is never trusted). */
export async function actionBelongsTo(actionId: string, outcomeId: string) {
  if (!uuidPattern.test(actionId)) return false;
  const [row] = await db
    .select({ id: followUpActions.id })
    .from(followUpActions)
    .where(and(eq(followUpActions.id, actionId), eq(followUpActions.outcomeId, outcomeId)));
  return Boolean(row);
}
