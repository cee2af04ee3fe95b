import { projectMilestones } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { findManagedProject } from "./project-queries.server";
import { isCalendarDay } from "./project-rules";
import { milestoneTitleMax } from "./project-schemas";
import { recordTimeline } from "~/modules/timeline/timeline.server";

export interface AddMilestoneInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  projectId: string;
  title: string;
  /** YYYY-MM-DD, a calendar day in Beijing. */
  dueOn: string;
  meta?: RequestMeta;
  now?: Date;
}

/** Adds a milestone with a due day to a project still being delivered. */
export async function addMilestone({
  actor,
  actorRoles,
  projectId,
  title,
  dueOn,
  meta,
  now = new Date(),
}: AddMilestoneInput) {
  const context = await findManagedProject(projectId, actorRoles);
  if (context.project.status !== "implementing")
    throw new DomainError("projects:errors.notImplementing", 409);
  const text = title.trim();
  if (!text) throw new DomainError("errors:required", 422);
  if (text.length > milestoneTitleMax)
    throw new DomainError("errors:tooLong", 422, { max: milestoneTitleMax });
  if (!isCalendarDay(dueOn)) throw new DomainError("projects:errors.invalidDate", 422);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(projectMilestones)
      .values({ projectId, title: text, dueOn, createdAt: now })
      .returning({ id: projectMilestones.id });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "project.milestone_added",
      subjectType: "project",
      subjectId: projectId,
      areaId: context.project.areaId,
      after: { milestoneId: row!.id, title: text, dueOn },
      meta,
    });
    await recordTimeline(tx, {
      subjectType: "project",
      subjectId: projectId,
      kind: "projects:timeline.milestoneAdded",
      actorUserId: actor.id,
      official: true,
      params: { title: text, dueOn },
      at: now,
    });
    return { id: row!.id };
  });
}
