import { and, eq, lte } from "drizzle-orm";
import { livelihoodProjects, projectUpdates } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { actorLabel, findManagedProject } from "./project-queries.server";
import { updateTracks } from "./project-rules";
import { updateBodyMax } from "./project-schemas";
import { recordTimeline } from "~/modules/timeline/timeline.server";

export interface PostProjectUpdateInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  projectId: string;
  body: string;
  progressPercent: number;
  track: (typeof updateTracks)[number];
  meta?: RequestMeta;
  now?: Date;
}

/**
 * A progress report: text, percent done (never lower than the last report: progress is not taken back
 * silently) and whether the work is on track, delayed or done. The project's percent moves with a
 * conditional UPDATE … WHERE progress_percent <= new, so two reports at once cannot lower it.
 * The caller notifies the project's followers after the commit.
 */
export async function postProjectUpdate({
  actor,
  actorRoles,
  projectId,
  body,
  progressPercent,
  track,
  meta,
  now = new Date(),
}: PostProjectUpdateInput) {
  const context = await findManagedProject(projectId, actorRoles);
  if (context.project.status !== "implementing")
    throw new DomainError("projects:errors.notImplementing", 409);
  const text = body.trim();
  if (!text) throw new DomainError("errors:required", 422);
  if (text.length > updateBodyMax) throw new DomainError("errors:tooLong", 422, { max: updateBodyMax });
  if (!Number.isInteger(progressPercent) || progressPercent < 0 || progressPercent > 100)
    throw new DomainError("projects:errors.percentRange", 422);
  if (!(updateTracks as readonly string[]).includes(track))
    throw new DomainError("projects:errors.invalidTrack", 422);
  const last = context.project.progressPercent;
  if (progressPercent < last) throw new DomainError("projects:errors.percentBelowLast", 422, { last });

  return db.transaction(async (tx) => {
    const [moved] = await tx
      .update(livelihoodProjects)
      .set({ progressPercent, track })
      .where(
        and(
          eq(livelihoodProjects.id, projectId),
          eq(livelihoodProjects.status, "implementing"),
          lte(livelihoodProjects.progressPercent, progressPercent),
        ),
      )
      .returning({ id: livelihoodProjects.id });
    if (!moved) throw new DomainError("projects:errors.percentBelowLast", 409, { last });
    const [row] = await tx
      .insert(projectUpdates)
      .values({
        projectId,
        authorId: actor.id,
        authorLabel: actorLabel(actorRoles, context),
        body: text,
        progressPercent,
        track,
        createdAt: now,
      })
      .returning({ id: projectUpdates.id });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "project.updated",
      subjectType: "project",
      subjectId: projectId,
      areaId: context.project.areaId,
      before: { progressPercent: last, track: context.project.track },
      after: { progressPercent, track, updateId: row!.id },
      meta,
    });
    await recordTimeline(tx, {
      subjectType: "project",
      subjectId: projectId,
      kind: "projects:timeline.updated",
      actorUserId: actor.id,
      official: true,
      params: { percent: progressPercent },
      at: now,
    });
    return { id: row!.id, title: context.title };
  });
}
