import { and, count, eq, inArray } from "drizzle-orm";
import { users } from "~db/schema/accounts";
import { consultationQuestions, consultations } from "~db/schema/consultations";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { recordTimeline } from "~/modules/timeline/timeline.server";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { getConsultation, isOrganiser } from "./consultation-queries.server";

interface LifecycleInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  consultationId: string;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * Publishes a draft: it needs at least one question and a closing time still ahead. From then on the
 * questionnaire is fixed. Audited, on the public timeline, and a consultation.opened event for the area.
 */
export async function publishConsultation({
  actor,
  actorRoles,
  consultationId,
  meta,
  now = new Date(),
}: LifecycleInput) {
  const consultation = await getConsultation(consultationId);
  if (!consultation) throw new DomainError("consultations:errors.notFound", 404);
  if (!isOrganiser(actorRoles, consultation)) throw new DomainError("consultations:errors.notOrganiser", 403);
  if (consultation.status !== "draft") throw new DomainError("consultations:errors.notDraft", 409);
  if (consultation.closesAt.getTime() <= now.getTime())
    throw new DomainError("consultations:errors.closesInPast", 422);
  const [questions] = await db
    .select({ n: count() })
    .from(consultationQuestions)
    .where(eq(consultationQuestions.consultationId, consultation.id));
  if (!questions?.n) throw new DomainError("consultations:errors.noQuestions", 422);
  const [organiser] = await db
    .select({ pseudonymSeed: users.pseudonymSeed })
    .from(users)
    .where(eq(users.id, actor.id));

  await db.transaction(async (tx) => {
    const [published] = await tx
      .update(consultations)
      .set({ status: "published", publishedAt: now })
      .where(and(eq(consultations.id, consultation.id), eq(consultations.status, "draft")))
      .returning({ id: consultations.id });
    if (!published) throw new DomainError("consultations:errors.notDraft", 409);
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "consultation.published",
      subjectType: "consultation",
      subjectId: consultation.id,
      areaId: consultation.areaId,
      before: { status: "draft" },
      after: { status: "published", questions: questions.n },
      meta,
    });
    await recordParticipation(tx, {
      kind: "consultation.opened",
      actor: { id: actor.id, pseudonymSeed: organiser?.pseudonymSeed ?? null },
      areaId: consultation.areaId,
      subjectType: "consultation",
      subjectId: consultation.id,
    });
    await recordTimeline(tx, {
      subjectType: "consultation",
      subjectId: consultation.id,
      kind: "consultations:timeline.published",
      fromStatus: "draft",
      toStatus: "published",
      actorUserId: actor.id,
      official: true,
      at: now,
    });
  });
}

/** Cancels a draft or a published consultation (answers stay stored, nobody can answer any more). */
export async function cancelConsultation({
  actor,
  actorRoles,
  consultationId,
  meta,
  now = new Date(),
}: LifecycleInput) {
  const consultation = await getConsultation(consultationId);
  if (!consultation) throw new DomainError("consultations:errors.notFound", 404);
  if (!isOrganiser(actorRoles, consultation)) throw new DomainError("consultations:errors.notOrganiser", 403);
  if (consultation.status === "cancelled")
    throw new DomainError("consultations:errors.alreadyCancelled", 409);
  await db.transaction(async (tx) => {
    const [cancelled] = await tx
      .update(consultations)
      .set({ status: "cancelled" })
      .where(
        and(eq(consultations.id, consultation.id), inArray(consultations.status, ["draft", "published"])),
      )
      .returning({ id: consultations.id });
    if (!cancelled) throw new DomainError("consultations:errors.alreadyCancelled", 409);
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "consultation.cancelled",
      subjectType: "consultation",
      subjectId: consultation.id,
      areaId: consultation.areaId,
      before: { status: consultation.status },
      after: { status: "cancelled" },
      meta,
    });
    if (consultation.status === "published")
      await recordTimeline(tx, {
        subjectType: "consultation",
        subjectId: consultation.id,
        kind: "consultations:timeline.cancelled",
        fromStatus: "published",
        toStatus: "cancelled",
        actorUserId: actor.id,
        official: true,
        at: now,
      });
  });
}
