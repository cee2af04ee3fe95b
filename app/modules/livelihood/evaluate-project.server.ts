import { sql } from "drizzle-orm";
import { projectEvaluations } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { canParticipate } from "./permissions";
import { findProjectContext } from "./project-queries.server";
import { isEvaluationOpen } from "./project-rules";
import { evaluationCommentMax } from "./project-schemas";
import { ratingEventCode, satisfactionRatings, type SatisfactionRating } from "./satisfaction";

export interface EvaluateProjectInput {
  actor: { id: string; pseudonymSeed: string | null };
  actorRoles: readonly (ScopedRole & { areaId: number })[];
  projectId: string;
  rating: SatisfactionRating;
  comment?: string | null;
  now?: Date;
}

/**
 * A verified resident of the scheme's area rates an accepted project while its evaluation is open: one
 * rating per person (the primary key), changeable until it closes. An upsert keeps parallel submissions
 * to one row; the `evaluation.submitted` event is recorded for the first rating only.
 */
export async function evaluateProject({
  actor,
  actorRoles,
  projectId,
  rating,
  comment,
  now = new Date(),
}: EvaluateProjectInput) {
  const context = await findProjectContext(projectId);
  if (!context) throw new DomainError("projects:errors.projectNotFound", 404);
  const permission = canParticipate(actorRoles, context.schemeAreaPath);
  if (!permission.allowed) throw new DomainError("projects:errors.notResidentHere", 403);
  if (!(satisfactionRatings as readonly string[]).includes(rating))
    throw new DomainError("projects:errors.ratingRequired", 422);
  const text = comment?.trim() || null;
  if (text && text.length > evaluationCommentMax)
    throw new DomainError("errors:tooLong", 422, { max: evaluationCommentMax });
  if (context.project.status !== "accepted") throw new DomainError("projects:errors.evaluationNotOpen", 409);
  if (!isEvaluationOpen(context.project, now)) throw new DomainError("projects:errors.evaluationClosed", 409);
  const residence = actorRoles.find(
    (r) => r.role === "resident" && r.areaPath.startsWith(context.schemeAreaPath),
  );

  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(projectEvaluations)
      .values({ projectId, userId: actor.id, rating, comment: text, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [projectEvaluations.projectId, projectEvaluations.userId],
        set: { rating, comment: text, updatedAt: now },
      })
      // xmax is 0 on a freshly inserted row version and non-zero when the upsert updated.
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
    const first = row!.inserted;
    if (first) {
      await recordParticipation(tx, {
        kind: "evaluation.submitted",
        actor,
        areaId: residence?.areaId ?? context.project.areaId,
        subjectType: "project",
        subjectId: projectId,
        meta: { rating: ratingEventCode(rating) },
      });
    }
    return { first };
  });
}
