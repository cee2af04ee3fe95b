import { and, asc, count, desc, eq, gt, inArray, isNull, like, lte, or, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "~db/client";
import { roleAssignments, users } from "~db/schema/accounts";
import { areas } from "~db/schema/areas";
import {
  consultationQuestions,
  consultationResponses,
  consultations,
  consultationStatements,
  statementVotes,
} from "~db/schema/consultations";
import { matters } from "~db/schema/matters";
import { db } from "~/lib/db.server";
import { canManageArea, isResidentWithin, type ScopedRole } from "~/modules/accounts/permissions";
import { consultationState, pageSize, type ConsultationState } from "./consultation-schemas";
import type { Question } from "./questionnaire";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string | undefined): id is string => !!id && uuidPattern.test(id);

/** A consultation with its area (for permissions and names), or null (also for a malformed id). */
export async function getConsultation(id: string | undefined, q: Queryable = db) {
  if (!isUuid(id)) return null;
  const [row] = await q
    .select({
      id: consultations.id,
      areaId: consultations.areaId,
      matterId: consultations.matterId,
      title: consultations.title,
      background: consultations.background,
      status: consultations.status,
      eligibility: consultations.eligibility,
      liveResults: consultations.liveResults,
      allowStatements: consultations.allowStatements,
      opensAt: consultations.opensAt,
      closesAt: consultations.closesAt,
      createdBy: consultations.createdBy,
      createdAt: consultations.createdAt,
      publishedAt: consultations.publishedAt,
      area: {
        code: areas.code,
        path: areas.path,
        level: areas.level,
        nameZhCn: areas.nameZhCn,
        nameZhHk: areas.nameZhHk,
        nameEn: areas.nameEn,
      },
    })
    .from(consultations)
    .innerJoin(areas, eq(areas.id, consultations.areaId))
    .where(eq(consultations.id, id));
  return row ?? null;
}

export type Consultation = NonNullable<Awaited<ReturnType<typeof getConsultation>>>;

export async function listQuestions(
  consultationId: string,
  q: Queryable = db,
): Promise<(Question & { position: number })[]> {
  const rows = await q
    .select()
    .from(consultationQuestions)
    .where(eq(consultationQuestions.consultationId, consultationId))
    .orderBy(asc(consultationQuestions.position));
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    kind: r.kind,
    prompt: r.prompt,
    options: r.options,
    minChoices: r.minChoices,
    maxChoices: r.maxChoices,
    required: r.required,
  }));
}

/** Whether the person may organise this consultation (committee of the area or an official above it). */
export function isOrganiser(roles: readonly ScopedRole[], consultation: Pick<Consultation, "area">) {
  return canManageArea(roles, consultation.area.path).allowed;
}

/**
 * Who may answer: for "verified", a verified resident living inside the consultation's area; for
 * "registered", anyone signed in. Returns a catalogue key when refused.
 */
export function participationRefusal(
  roles: readonly ScopedRole[],
  consultation: Pick<Consultation, "area" | "eligibility">,
): string | null {
  if (consultation.eligibility === "registered") return null;
  return isResidentWithin(roles, consultation.area.path) ? null : "consultations:errors.notEligible";
}

export async function getOwnResponse(consultationId: string, userId: string) {
  const [row] = await db
    .select({
      answers: consultationResponses.answers,
      channel: consultationResponses.channel,
      updatedAt: consultationResponses.updatedAt,
    })
    .from(consultationResponses)
    .where(
      and(eq(consultationResponses.consultationId, consultationId), eq(consultationResponses.userId, userId)),
    );
  return row ?? null;
}

export interface ListFilters {
  areaCode?: string | null;
  state?: ConsultationState | null;
  page: number;
}

/**
 * Consultations, newest first: published ones for everyone; drafts and cancelled ones only in areas the
 * person organises. Optional filters: an area (and everything inside it) and a state by the server clock.
 */
export async function listConsultations(
  filters: ListFilters,
  roles: readonly ScopedRole[],
  now = new Date(),
) {
  const conditions: SQL[] = [];
  const managed = roles
    .filter((r) => canManageArea([r], r.areaPath).allowed)
    .map((r) => like(areas.path, `${r.areaPath}%`));
  const visible = or(eq(consultations.status, "published"), ...managed);
  if (visible) conditions.push(visible);
  if (filters.areaCode) {
    const [area] = await db.select({ path: areas.path }).from(areas).where(eq(areas.code, filters.areaCode));
    if (!area) return { rows: [], total: 0, areaFound: false };
    conditions.push(like(areas.path, `${area.path}%`));
  }
  switch (filters.state) {
    case "upcoming":
      conditions.push(eq(consultations.status, "published"), gt(consultations.opensAt, now));
      break;
    case "open":
      conditions.push(
        eq(consultations.status, "published"),
        lte(consultations.opensAt, now),
        gt(consultations.closesAt, now),
      );
      break;
    case "closed":
      conditions.push(eq(consultations.status, "published"), lte(consultations.closesAt, now));
      break;
    case "draft":
    case "cancelled":
      conditions.push(eq(consultations.status, filters.state));
      break;
    default:
  }
  const where = and(...conditions);
  const [total] = await db
    .select({ n: count() })
    .from(consultations)
    .innerJoin(areas, eq(areas.id, consultations.areaId))
    .where(where);
  const rows = await db
    .select({
      id: consultations.id,
      title: consultations.title,
      status: consultations.status,
      opensAt: consultations.opensAt,
      closesAt: consultations.closesAt,
      area: { code: areas.code, nameZhCn: areas.nameZhCn, nameZhHk: areas.nameZhHk, nameEn: areas.nameEn },
      responses: sql<number>`(select count(*)::int from ${consultationResponses} where ${consultationResponses.consultationId} = ${consultations.id})`,
    })
    .from(consultations)
    .innerJoin(areas, eq(areas.id, consultations.areaId))
    .where(where)
    .orderBy(desc(consultations.opensAt), desc(consultations.id))
    .limit(pageSize)
    .offset((filters.page - 1) * pageSize);
  return {
    rows: rows.map((r) => ({ ...r, state: consultationState(r, now) })),
    total: total?.n ?? 0,
    areaFound: true,
  };
}

/** Statements of a consultation with vote counts and the person's own vote. */
export async function listStatements(
  consultationId: string,
  viewerId: string | null,
  statuses: ("pending" | "approved" | "rejected")[],
) {
  const rows = await db
    .select({
      id: consultationStatements.id,
      text: consultationStatements.text,
      status: consultationStatements.status,
      authorId: consultationStatements.authorId,
      createdAt: consultationStatements.createdAt,
      agree: sql<number>`count(*) filter (where ${statementVotes.vote} = 'agree')::int`,
      disagree: sql<number>`count(*) filter (where ${statementVotes.vote} = 'disagree')::int`,
      pass: sql<number>`count(*) filter (where ${statementVotes.vote} = 'pass')::int`,
      mine: viewerId
        ? sql<
            string | null
          >`max(case when ${statementVotes.userId} = ${viewerId} then ${statementVotes.vote}::text end)`
        : sql<string | null>`null`,
    })
    .from(consultationStatements)
    .leftJoin(statementVotes, eq(statementVotes.statementId, consultationStatements.id))
    .where(
      and(
        eq(consultationStatements.consultationId, consultationId),
        inArray(consultationStatements.status, statuses),
      ),
    )
    .groupBy(consultationStatements.id)
    .orderBy(asc(consultationStatements.createdAt), asc(consultationStatements.id));
  return rows;
}

/**
 * The grid worker's grids inside the consultation's area, and the verified residents of those grids
 * (for the assisted-response select list), with whether each has answered already and how.
 */
export function assistingGridIds(roles: readonly (ScopedRole & { areaId: number })[], areaPath: string) {
  return roles
    .filter((r) => r.role === "grid_worker" && r.areaPath.startsWith(areaPath))
    .map((r) => r.areaId);
}

export async function listAssistableResidents(
  roles: readonly (ScopedRole & { areaId: number })[],
  consultation: Consultation,
) {
  const gridIds = assistingGridIds(roles, consultation.area.path);
  if (gridIds.length === 0) return { gridIds, residents: [] };
  const residents = await db
    .select({
      userId: users.id,
      displayName: users.displayName,
      channel: consultationResponses.channel,
    })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .innerJoin(areas, eq(areas.id, roleAssignments.areaId))
    .leftJoin(
      consultationResponses,
      and(
        eq(consultationResponses.userId, users.id),
        eq(consultationResponses.consultationId, consultation.id),
      ),
    )
    .where(
      and(
        eq(roleAssignments.role, "resident"),
        isNull(roleAssignments.revokedAt),
        isNull(users.deletedAt),
        inArray(roleAssignments.gridId, gridIds),
        like(areas.path, `${consultation.area.path}%`),
      ),
    )
    .orderBy(asc(users.displayName), asc(users.id));
  return { gridIds, residents };
}

/** Counts shown on the page: responses by channel. */
export async function responseCounts(consultationId: string) {
  const rows = await db
    .select({ channel: consultationResponses.channel, n: count() })
    .from(consultationResponses)
    .where(eq(consultationResponses.consultationId, consultationId))
    .groupBy(consultationResponses.channel);
  const web = rows.find((r) => r.channel === "web")?.n ?? 0;
  const assisted = rows.find((r) => r.channel === "assisted")?.n ?? 0;
  return { web, assisted, total: web + assisted };
}

/** A matter's id and title, for the "open a consultation on this matter" form; null when unknown. */
export async function getMatterSummary(id: string) {
  if (!isUuid(id)) return null;
  const [matter] = await db
    .select({ id: matters.id, title: matters.title })
    .from(matters)
    .where(eq(matters.id, id));
  return matter ?? null;
}
