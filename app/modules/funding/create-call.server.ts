import { eq, inArray } from "drizzle-orm";
import type { Tx } from "~db/client";
import { areas } from "~db/schema/areas";
import {
  fundingCallAreas,
  fundingCallProjects,
  fundingCalls,
  fundingChecklistItems,
  fundingCriteria,
} from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { messageKey } from "~/lib/messages";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { recordTimeline } from "~/modules/timeline/timeline.server";
import {} from "./call-queries.server";
import { callRuleIssues, type CallFields } from "./call-schemas";
import { offerableProjects } from "./livelihood-projects-link.server";
import { canCreateCall } from "./permissions";

export interface CreateCallInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  areaId: number;
  fields: CallFields;
  /** Adopted livelihood projects the call buys ("buy the service residents voted for"). */
  projectIds?: readonly string[];
  meta?: RequestMeta;
  now?: Date;
}

const governmentLevels = new Set(["street", "district", "city"]);

/** Refuses field rules a crafted request might break (the form checks the same). */
export function assertCallRules(fields: CallFields) {
  const issue = callRuleIssues(fields)[0];
  if (issue) throw new DomainError(issue.message, 422);
}

/** Checks the target areas lie inside the call's area (or are it) and returns them (default: the area). */
export async function checkTargetAreas(
  tx: Tx | typeof db,
  callAreaPath: string,
  callAreaId: number,
  ids: readonly number[],
) {
  if (ids.length === 0) return [callAreaId];
  const rows = await tx
    .select({ id: areas.id, path: areas.path, level: areas.level })
    .from(areas)
    .where(inArray(areas.id, [...ids]));
  if (
    rows.length !== ids.length ||
    rows.some(
      (r) =>
        !r.path.startsWith(callAreaPath) || !["city", "district", "street", "community"].includes(r.level),
    )
  )
    throw new DomainError("calls:errors.targetOutsideArea", 422);
  return [...ids];
}

/** Replaces the rubric and checklist of a call that has not opened yet. */
export async function writeRubric(
  tx: Tx,
  callId: string,
  fields: Pick<CallFields, "criteria" | "checklist">,
) {
  await tx.delete(fundingCriteria).where(eq(fundingCriteria.callId, callId));
  await tx.delete(fundingChecklistItems).where(eq(fundingChecklistItems.callId, callId));
  if (fields.criteria.length)
    await tx
      .insert(fundingCriteria)
      .values(fields.criteria.map((c, i) => ({ ...c, callId, position: i + 1 })));
  if (fields.checklist.length)
    await tx
      .insert(fundingChecklistItems)
      .values(fields.checklist.map((c, i) => ({ ...c, callId, position: i + 1 })));
}

export async function writeTargetAreas(tx: Tx, callId: string, areaIds: readonly number[]) {
  await tx.delete(fundingCallAreas).where(eq(fundingCallAreas.callId, callId));
  await tx.insert(fundingCallAreas).values(areaIds.map((areaId) => ({ callId, areaId })));
}

/** The stored columns of the call's own row. */
export function callColumns(f: CallFields) {
  return {
    kind: f.kind,
    title: f.title,
    titleEn: f.titleEn,
    description: f.description,
    descriptionEn: f.descriptionEn,
    categories: f.categories,
    budgetMinor: f.budgetMinor,
    perProjectCapMinor: f.perProjectCapMinor,
    maxGrantSharePercent: f.maxGrantSharePercent,
    priceWeight: f.kind === "venture" ? 0 : f.priceWeight,
    aggregation: f.aggregation,
    reviewersPerApplication: f.reviewersPerApplication,
    publishAt: f.publishAt,
    opensAt: f.opensAt,
    closesAt: f.closesAt,
    reviewEndsAt: f.reviewEndsAt,
    noticeDays: f.noticeDays,
  };
}

/**
 * An official at street, district or city level creates a draft call for their own area or one
 * inside it. Created from livelihood projects, it records the projects it buys (each offerable and
 * inside the call's area, or the whole creation is refused).
 */
export async function createCall({
  actor,
  actorRoles,
  areaId,
  fields,
  projectIds = [],
  meta,
  now = new Date(),
}: CreateCallInput): Promise<{ id: string }> {
  const [area] = await db
    .select({ id: areas.id, path: areas.path, level: areas.level })
    .from(areas)
    .where(eq(areas.id, areaId));
  if (!area) throw new DomainError("calls:errors.pickArea", 422);
  if (!governmentLevels.has(area.level)) throw new DomainError("calls:errors.governmentLevel", 422);
  const decision = canCreateCall(actorRoles, area.path);
  if (!decision.allowed) throw new DomainError(decision.reason, 403);
  assertCallRules(fields);
  return db.transaction(async (tx) => {
    const targets = await checkTargetAreas(tx, area.path, area.id, fields.targetAreaIds);
    const projects = await offerableProjects(actorRoles, projectIds, area.path, tx);
    if (projects.length !== projectIds.length)
      throw new DomainError(
        messageKey("calls:errors.projectNotOfferable", { count: projectIds.length - projects.length }),
        422,
      );
    const [row] = await tx
      .insert(fundingCalls)
      .values({ ...callColumns(fields), areaId: area.id, createdBy: actor.id, createdAt: now })
      .returning({ id: fundingCalls.id });
    const id = row!.id;
    await writeTargetAreas(tx, id, targets);
    await writeRubric(tx, id, fields);
    if (projects.length)
      await tx.insert(fundingCallProjects).values(projects.map((p) => ({ callId: id, projectId: p.id })));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "call.created",
      subjectType: "funding_call",
      subjectId: id,
      areaId: area.id,
      after: { ...auditSummary(fields), projects: projects.map((p) => p.id) },
      meta,
    });
    await recordTimeline(tx, {
      subjectType: "funding_call",
      subjectId: id,
      kind: "calls:timeline.created",
      toStatus: "draft",
      actorUserId: actor.id,
      official: true,
      at: now,
    });
    return { id };
  });
}

/** What the audit keeps of the fields (dates as ISO strings). */
export function auditSummary(f: Partial<CallFields>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(f)) as Record<string, unknown>;
}
