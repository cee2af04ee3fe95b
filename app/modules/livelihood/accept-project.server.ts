import { and, eq } from "drizzle-orm";
import { users } from "~db/schema/accounts";
import { livelihoodProjects, projectMilestones } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { findManagedProject } from "./project-queries.server";
import { deliveredOnTime, evaluationDays, readyForAcceptance } from "./project-rules";
import { acceptanceNoteMax } from "./project-schemas";
import { recordTimeline } from "~/modules/timeline/timeline.server";

const DAY = 86_400_000;

export interface AcceptProjectInput {
  actor: { id: string; pseudonymSeed: string | null };
  actorRoles: readonly ScopedRole[];
  projectId: string;
  note: string;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * Acceptance (验收): only once the work is reported done (track done or 100 %), with a note, once
 * (conditional UPDATE … WHERE status = 'implementing'). Opens the residents' evaluation for 30 days.
 * The `project.accepted` event records whether every milestone was done by its due day.
 */
export async function acceptProject({
  actor,
  actorRoles,
  projectId,
  note,
  meta,
  now = new Date(),
}: AcceptProjectInput) {
  const context = await findManagedProject(projectId, actorRoles);
  const text = note.trim();
  if (!text) throw new DomainError("errors:required", 422);
  if (text.length > acceptanceNoteMax)
    throw new DomainError("errors:tooLong", 422, { max: acceptanceNoteMax });
  if (context.project.status === "accepted") throw new DomainError("projects:errors.alreadyAccepted", 409);
  if (context.project.status !== "implementing")
    throw new DomainError("projects:errors.notImplementing", 409);
  if (!readyForAcceptance(context.project)) throw new DomainError("projects:errors.notDoneYet", 409);
  const milestones = await db
    .select({ dueOn: projectMilestones.dueOn, doneAt: projectMilestones.doneAt })
    .from(projectMilestones)
    .where(eq(projectMilestones.projectId, projectId));
  const onTime = deliveredOnTime(milestones);
  const evaluationClosesAt = new Date(now.getTime() + evaluationDays * DAY);
  let seed = actor.pseudonymSeed;
  if (seed === null) {
    const [row] = await db.select({ seed: users.pseudonymSeed }).from(users).where(eq(users.id, actor.id));
    seed = row?.seed ?? null;
  }

  return db.transaction(async (tx) => {
    const [accepted] = await tx
      .update(livelihoodProjects)
      .set({
        status: "accepted",
        acceptedAt: now,
        acceptedBy: actor.id,
        acceptanceNote: text,
        evaluationClosesAt,
      })
      .where(and(eq(livelihoodProjects.id, projectId), eq(livelihoodProjects.status, "implementing")))
      .returning({ id: livelihoodProjects.id });
    if (!accepted) throw new DomainError("projects:errors.alreadyAccepted", 409);
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "project.accepted",
      subjectType: "project",
      subjectId: projectId,
      areaId: context.project.areaId,
      before: { status: "implementing" },
      after: { status: "accepted", onTime, evaluationClosesAt: evaluationClosesAt.toISOString() },
      reason: text,
      meta,
    });
    await recordParticipation(tx, {
      kind: "project.accepted",
      actor: { id: actor.id, pseudonymSeed: seed },
      areaId: context.project.areaId,
      subjectType: "project",
      subjectId: projectId,
      meta: { onTime },
    });
    await recordTimeline(tx, {
      subjectType: "project",
      subjectId: projectId,
      kind: "projects:timeline.accepted",
      fromStatus: "implementing",
      toStatus: "accepted",
      actorUserId: actor.id,
      official: true,
      note: text,
      at: now,
    });
    return { onTime, evaluationClosesAt, title: context.title };
  });
}
