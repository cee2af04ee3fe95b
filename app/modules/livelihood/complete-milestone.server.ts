import { and, eq, isNull } from "drizzle-orm";
import { projectMilestones } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { findManagedProject } from "./project-queries.server";
import { recordTimeline } from "~/modules/timeline/timeline.server";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CompleteMilestoneInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  projectId: string;
  milestoneId: string;
  meta?: RequestMeta;
  now?: Date;
}

/** Marks a milestone of this project done, once (conditional UPDATE … WHERE done_at IS NULL). */
export async function completeMilestone({
  actor,
  actorRoles,
  projectId,
  milestoneId,
  meta,
  now = new Date(),
}: CompleteMilestoneInput) {
  const context = await findManagedProject(projectId, actorRoles);
  if (!uuidPattern.test(milestoneId)) throw new DomainError("projects:errors.milestoneNotFound", 404);
  if (context.project.status !== "implementing")
    throw new DomainError("projects:errors.notImplementing", 409);
  const [milestone] = await db
    .select()
    .from(projectMilestones)
    .where(and(eq(projectMilestones.id, milestoneId), eq(projectMilestones.projectId, projectId)));
  if (!milestone) throw new DomainError("projects:errors.milestoneNotFound", 404);
  if (milestone.doneAt) throw new DomainError("projects:errors.milestoneAlreadyDone", 409);
  return db.transaction(async (tx) => {
    const [done] = await tx
      .update(projectMilestones)
      .set({ doneAt: now })
      .where(and(eq(projectMilestones.id, milestoneId), isNull(projectMilestones.doneAt)))
      .returning({ id: projectMilestones.id });
    if (!done) throw new DomainError("projects:errors.milestoneAlreadyDone", 409);
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "project.milestone_done",
      subjectType: "project",
      subjectId: projectId,
      areaId: context.project.areaId,
      before: { milestoneId, doneAt: null },
      after: { milestoneId, doneAt: now.toISOString() },
      meta,
    });
    await recordTimeline(tx, {
      subjectType: "project",
      subjectId: projectId,
      kind: "projects:timeline.milestoneDone",
      actorUserId: actor.id,
      official: true,
      params: { title: milestone.title },
      at: now,
    });
    return { id: milestoneId };
  });
}
