import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  inArray,
  isNotNull,
  isNull,
  lte,
  or,
  sql,
  type SQL,
} from "drizzle-orm";
import { organisations, roleAssignments } from "~db/schema/accounts";
import { areas } from "~db/schema/areas";
import {
  fundingApplications,
  fundingCallAreas,
  fundingCalls,
  fundingChecklistItems,
  fundingCriteria,
  fundingQuestions,
} from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { listAttachments } from "~/modules/uploads/attachment-queries.server";
import { listTimeline } from "~/modules/timeline/timeline.server";
import { callPhase, isCallVisible, type CallPhase } from "./call-phase";
import { pageSize } from "./call-schemas";
import { canManageCall } from "./permissions";
import { linkedProjects } from "./livelihood-projects-link.server";

export type CallRow = typeof fundingCalls.$inferSelect;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}

/** The call with the path and names of the government area that runs it, or null. */
export async function getCall(callId: string) {
  if (!isUuid(callId)) return null;
  const [row] = await db
    .select({
      call: fundingCalls,
      areaPath: areas.path,
      areaLevel: areas.level,
      areaNameZhCn: areas.nameZhCn,
      areaNameZhHk: areas.nameZhHk,
      areaNameEn: areas.nameEn,
    })
    .from(fundingCalls)
    .innerJoin(areas, eq(areas.id, fundingCalls.areaId))
    .where(eq(fundingCalls.id, callId));
  return row ?? null;
}

/**
 * The call for an official who runs it (others may use it: screening, review, awards). Throws a 404
 * DomainError when there is no such call, and 403 when the actor does not run it — a 403 only for
 * calls the actor could see anyway; a draft someone else runs is a 404 too.
 */
export async function loadCallForManagement(
  callId: string,
  actorRoles: readonly ScopedRole[],
  now = new Date(),
): Promise<{ call: CallRow; areaPath: string }> {
  const found = await getCall(callId);
  if (!found) throw new DomainError("calls:errors.callNotFound", 404);
  if (!canManageCall(actorRoles, found.areaPath).allowed) {
    if (!isCallVisible(found.call, now)) throw new DomainError("calls:errors.callNotFound", 404);
    throw new DomainError("calls:errors.notYourCall", 403);
  }
  return { call: found.call, areaPath: found.areaPath };
}

/** The rubric and checklist, in order. */
export async function callRubric(callId: string, executor: Pick<typeof db, "select"> = db) {
  const [criteria, checklist] = await Promise.all([
    executor
      .select()
      .from(fundingCriteria)
      .where(eq(fundingCriteria.callId, callId))
      .orderBy(asc(fundingCriteria.position)),
    executor
      .select()
      .from(fundingChecklistItems)
      .where(eq(fundingChecklistItems.callId, callId))
      .orderBy(asc(fundingChecklistItems.position)),
  ]);
  return { criteria, checklist };
}

export async function callTargetAreas(callId: string) {
  return db
    .select({
      id: areas.id,
      code: areas.code,
      level: areas.level,
      nameZhCn: areas.nameZhCn,
      nameZhHk: areas.nameZhHk,
      nameEn: areas.nameEn,
    })
    .from(fundingCallAreas)
    .innerJoin(areas, eq(areas.id, fundingCallAreas.areaId))
    .where(eq(fundingCallAreas.callId, callId))
    .orderBy(asc(areas.path));
}

export type CallFilters = {
  kind?: "venture" | "purchase";
  phase?: CallPhase;
  category?: string;
  /** An area code: calls run by it or inside it, or serving it. */
  area?: string;
  page?: number;
};

/** The SQL form of `callPhase` for a published call (same half-open windows). */
function phaseCondition(phase: CallPhase, now: Date): SQL | undefined {
  const published = eq(fundingCalls.status, "published");
  switch (phase) {
    case "scheduled":
      return and(published, gt(fundingCalls.opensAt, now));
    case "open":
      return and(published, lte(fundingCalls.opensAt, now), gt(fundingCalls.closesAt, now));
    case "closed":
      return and(published, lte(fundingCalls.closesAt, now));
    default:
      return eq(fundingCalls.status, phase);
  }
}

/** Visible to everyone: published (or later) and past the publish time; cancelled ones once published. */
function visibleCondition(now: Date) {
  return and(
    sql`${fundingCalls.status} <> 'draft'`,
    lte(fundingCalls.publishAt, now),
    or(sql`${fundingCalls.status} <> 'cancelled'`, isNotNull(fundingCalls.publishedAt)),
  );
}

const listColumns = {
  id: fundingCalls.id,
  kind: fundingCalls.kind,
  title: fundingCalls.title,
  titleEn: fundingCalls.titleEn,
  categories: fundingCalls.categories,
  status: fundingCalls.status,
  budgetMinor: fundingCalls.budgetMinor,
  perProjectCapMinor: fundingCalls.perProjectCapMinor,
  publishAt: fundingCalls.publishAt,
  opensAt: fundingCalls.opensAt,
  closesAt: fundingCalls.closesAt,
  publishedAt: fundingCalls.publishedAt,
  areaNameZhCn: areas.nameZhCn,
  areaNameZhHk: areas.nameZhHk,
  areaNameEn: areas.nameEn,
};

function withPhase<T extends Parameters<typeof callPhase>[0]>(rows: T[], now: Date) {
  return rows.map((r) => ({ ...r, phase: callPhase(r, now) }));
}

/** Visible calls, filtered, 20 a page, the soonest close first. */
export async function listVisibleCalls(filters: CallFilters, now = new Date()) {
  const conditions: (SQL | undefined)[] = [visibleCondition(now)];
  if (filters.kind) conditions.push(eq(fundingCalls.kind, filters.kind));
  if (filters.phase) conditions.push(phaseCondition(filters.phase, now));
  if (filters.category) conditions.push(sql`${filters.category} = any(${fundingCalls.categories})`);
  if (filters.area) {
    const [place] = await db.select({ path: areas.path }).from(areas).where(eq(areas.code, filters.area));
    if (!place) return { calls: [], total: 0, page: 1, pages: 1 };
    conditions.push(
      or(
        sql`${areas.path} like ${`${place.path}%`}`,
        sql`exists (select 1 from ${fundingCallAreas} fca join ${areas} ta on ta.id = fca.area_id
          where fca.call_id = ${fundingCalls.id} and ta.path like ${`${place.path}%`})`,
      ),
    );
  }
  const where = and(...conditions);
  const [{ total } = { total: 0 }] = await db
    .select({ total: count() })
    .from(fundingCalls)
    .innerJoin(areas, eq(areas.id, fundingCalls.areaId))
    .where(where);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, filters.page ?? 1), pages);
  const rows = await db
    .select(listColumns)
    .from(fundingCalls)
    .innerJoin(areas, eq(areas.id, fundingCalls.areaId))
    .where(where)
    .orderBy(asc(fundingCalls.closesAt), asc(fundingCalls.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { calls: withPhase(rows, now), total, page, pages };
}

/** The calls an official runs (their areas and below), drafts included, newest first. */
export async function listManagedCalls(actorRoles: readonly ScopedRole[], now = new Date()) {
  const paths = [
    ...new Set(actorRoles.filter((r) => canManageCall([r], r.areaPath).allowed).map((r) => r.areaPath)),
  ];
  if (paths.length === 0) return [];
  const rows = await db
    .select(listColumns)
    .from(fundingCalls)
    .innerJoin(areas, eq(areas.id, fundingCalls.areaId))
    .where(or(...paths.map((p) => sql`${areas.path} like ${`${p}%`}`)))
    .orderBy(desc(fundingCalls.createdAt))
    .limit(100);
  return withPhase(rows, now);
}

/**
 * Everything the call page shows, or null (→ 404) when the call is not visible and the viewer does not
 * run it. Unanswered questions are shown to officials of the call and to the asker only.
 */
export async function callPage(
  callId: string,
  viewer: { id: string; roles: readonly ScopedRole[] } | null,
  now = new Date(),
) {
  const found = await getCall(callId);
  if (!found) return null;
  const canManage = viewer ? canManageCall(viewer.roles, found.areaPath).allowed : false;
  if (!isCallVisible(found.call, now) && !canManage) return null;
  const { call } = found;
  const [rubric, targetAreas, documents, timeline, questions, projects] = await Promise.all([
    callRubric(call.id),
    callTargetAreas(call.id),
    listAttachments("funding_call", call.id),
    listTimeline("funding_call", call.id),
    db
      .select({
        id: fundingQuestions.id,
        question: fundingQuestions.question,
        createdAt: fundingQuestions.createdAt,
        answer: fundingQuestions.answer,
        answeredAt: fundingQuestions.answeredAt,
        askedBy: fundingQuestions.askedBy,
      })
      .from(fundingQuestions)
      .where(
        and(
          eq(fundingQuestions.callId, call.id),
          canManage
            ? undefined
            : or(
                isNotNull(fundingQuestions.answer),
                viewer ? eq(fundingQuestions.askedBy, viewer.id) : sql`false`,
              ),
        ),
      )
      .orderBy(asc(fundingQuestions.createdAt)),
    linkedProjects(call.id),
  ]);
  return {
    call,
    area: {
      path: found.areaPath,
      level: found.areaLevel,
      nameZhCn: found.areaNameZhCn,
      nameZhHk: found.areaNameZhHk,
      nameEn: found.areaNameEn,
    },
    phase: callPhase(call, now),
    canManage,
    ...rubric,
    targetAreas,
    documents,
    timeline,
    questions: questions.map((q) => ({ ...q, mine: viewer !== null && q.askedBy === viewer.id })),
    projects,
  };
}

/** The admins of organisations that applied (anything but a withdrawn or unsent draft). */
export async function applicantAdminIds(callId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ userId: roleAssignments.userId })
    .from(fundingApplications)
    .innerJoin(organisations, eq(organisations.id, fundingApplications.organisationId))
    .innerJoin(
      roleAssignments,
      and(
        eq(roleAssignments.organisationId, organisations.id),
        eq(roleAssignments.role, "ngo_admin"),
        isNull(roleAssignments.revokedAt),
      ),
    )
    .where(
      and(
        eq(fundingApplications.callId, callId),
        inArray(fundingApplications.status, [
          "draft",
          "submitted",
          "returned",
          "eligible",
          "ineligible",
          "awarded",
          "not_awarded",
        ]),
      ),
    );
  return rows.map((r) => r.userId);
}

/**
 * The areas a call run from `paths` may target: the areas themselves and the districts, streets and
 * communities inside them (capped, so a city official's form stays usable).
 */
export async function callAreaChoices(paths: readonly string[]) {
  if (paths.length === 0) return [];
  return db
    .select({
      id: areas.id,
      level: areas.level,
      nameZhCn: areas.nameZhCn,
      nameZhHk: areas.nameZhHk,
      nameEn: areas.nameEn,
    })
    .from(areas)
    .where(
      and(
        inArray(areas.level, ["city", "district", "street", "community"]),
        or(...paths.map((p) => sql`${areas.path} like ${`${p}%`}`)),
      ),
    )
    .orderBy(asc(areas.path))
    .limit(300);
}
