import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Tx } from "~db/client";
import { roleAssignments } from "~db/schema/accounts";
import { areas } from "~db/schema/areas";
import { fundingReviewAssignments, fundingReviewDraws, reviewerConflicts } from "~db/schema/funding";
import type { RequestMeta } from "~/lib/request-meta.server";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { drawReviewers, newDrawSeed } from "./reviewer-draw";

/**
 * The reviewer pool serving a call run at `callAreaPath`: people with an active expert_reviewer role held
 * in that area or any area above it (a city pool serves every call in the city).
 */
export async function reviewerPoolFor(tx: Tx, callAreaPath: string): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ userId: roleAssignments.userId })
    .from(roleAssignments)
    .innerJoin(areas, eq(areas.id, roleAssignments.areaId))
    .where(
      and(
        eq(roleAssignments.role, "expert_reviewer"),
        isNull(roleAssignments.revokedAt),
        // A prefix test, not LIKE: area codes may contain "_", a LIKE wildcard.
        sql`left(${callAreaPath}, length(${areas.path})) = ${areas.path}`,
      ),
    );
  return rows.map((r) => r.userId);
}

/**
 * Who may be drawn for one application: the pool minus the applicant organisation's current members
 * (ngo_admin / ngo_member), minus reviewers who declared a relationship with it, minus anyone already
 * assigned to it (a recused reviewer is never drawn back). Sorted, as recorded with the draw.
 */
export async function eligiblePoolFor(
  tx: Tx,
  application: { id: string; organisationId: string },
  callAreaPath: string,
): Promise<string[]> {
  const pool = await reviewerPoolFor(tx, callAreaPath);
  if (pool.length === 0) return [];
  const members = await tx
    .select({ userId: roleAssignments.userId })
    .from(roleAssignments)
    .where(
      and(
        inArray(roleAssignments.role, ["ngo_admin", "ngo_member"]),
        eq(roleAssignments.organisationId, application.organisationId),
        isNull(roleAssignments.revokedAt),
      ),
    );
  const conflicts = await tx
    .select({ userId: reviewerConflicts.reviewerId })
    .from(reviewerConflicts)
    .where(eq(reviewerConflicts.organisationId, application.organisationId));
  const assigned = await tx
    .select({ userId: fundingReviewAssignments.reviewerId })
    .from(fundingReviewAssignments)
    .where(eq(fundingReviewAssignments.applicationId, application.id));
  const excluded = new Set([...members, ...conflicts, ...assigned].map((r) => r.userId));
  return pool.filter((id) => !excluded.has(id)).sort();
}

/**
 * Draws up to `n` reviewers for the application and records the draw (seed, eligible pool, result) and
 * one assignment per drawn reviewer, audited as review.drawn. The caller holds a lock on the application
 * (or its call) so two draws for it never run at once. Returns the drawn ids (fewer than n when the
 * eligible pool is too small).
 */
export async function recordDraw(
  tx: Tx,
  {
    application,
    callAreaPath,
    callAreaId,
    n,
    reason,
    actorId,
    meta,
    now,
  }: {
    application: { id: string; organisationId: string };
    callAreaPath: string;
    callAreaId: number;
    n: number;
    reason: "initial" | "replacement";
    actorId: string | null;
    meta?: RequestMeta;
    now: Date;
  },
): Promise<{ drawId: string; drawn: string[]; poolSize: number }> {
  const pool = await eligiblePoolFor(tx, application, callAreaPath);
  const seed = newDrawSeed();
  const drawn = drawReviewers(seed, pool, n);
  const [draw] = await tx
    .insert(fundingReviewDraws)
    .values({ applicationId: application.id, reason, seed, pool, drawn, drawnBy: actorId, drawnAt: now })
    .returning({ id: fundingReviewDraws.id });
  if (drawn.length > 0)
    await tx.insert(fundingReviewAssignments).values(
      drawn.map((reviewerId) => ({
        applicationId: application.id,
        reviewerId,
        drawId: draw!.id,
        assignedAt: now,
      })),
    );
  await recordAudit(tx, {
    actorUserId: actorId,
    action: "review.drawn",
    subjectType: "funding_application",
    subjectId: application.id,
    areaId: callAreaId,
    after: { drawId: draw!.id, reason, seed, poolSize: pool.length, wanted: n, drawn },
    meta,
  });
  return { drawId: draw!.id, drawn, poolSize: pool.length };
}
