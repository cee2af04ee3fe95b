import { and, eq, isNull, sql } from "drizzle-orm";
import { roleAssignments, users } from "~db/schema/accounts";
import { consultationResponses } from "~db/schema/consultations";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { assistingGridIds, getConsultation, isUuid } from "./consultation-queries.server";
import { requireOpen, validAnswers } from "./submit-response.server";

export interface RecordAssistedInput {
  actor: { id: string };
  actorRoles: readonly (ScopedRole & { areaId: number })[];
  consultationId: string;
  residentId: string;
  answers: Readonly<Record<string, unknown>>;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * A grid worker records the answers of a verified resident of their own grid who is not online
 * (assisted participation). The row is the resident's own (user id = resident, channel assisted,
 * recordedBy = grid worker), so the resident is never counted twice: a later online answer replaces it.
 * The grid worker may correct an assisted answer but never overwrite one the resident gave online. The
 * participation event (actor: the resident, channel assisted) is recorded only for a first response.
 */
export async function recordAssistedResponse({
  actor,
  actorRoles,
  consultationId,
  residentId,
  answers,
  meta,
  now = new Date(),
}: RecordAssistedInput) {
  const consultation = await getConsultation(consultationId);
  if (!consultation) throw new DomainError("consultations:errors.notFound", 404);
  const gridIds = assistingGridIds(actorRoles, consultation.area.path);
  if (gridIds.length === 0) throw new DomainError("consultations:errors.notGridWorker", 403);
  requireOpen(consultation, now);
  if (!isUuid(residentId)) throw new DomainError("consultations:errors.notYourResident", 403);
  const [resident] = await db
    .select({ id: users.id, pseudonymSeed: users.pseudonymSeed, gridId: roleAssignments.gridId })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(
      and(
        eq(roleAssignments.userId, residentId),
        eq(roleAssignments.role, "resident"),
        isNull(roleAssignments.revokedAt),
        isNull(users.deletedAt),
      ),
    );
  if (!resident?.gridId || !gridIds.includes(resident.gridId))
    throw new DomainError("consultations:errors.notYourResident", 403);
  if (resident.id === actor.id) throw new DomainError("consultations:errors.assistSelf", 403);
  const clean = await validAnswers(consultation.id, answers);

  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(consultationResponses)
      .values({
        consultationId: consultation.id,
        userId: resident.id,
        channel: "assisted",
        recordedBy: actor.id,
        answers: clean,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [consultationResponses.consultationId, consultationResponses.userId],
        set: { answers: clean, recordedBy: actor.id, updatedAt: now },
        setWhere: eq(consultationResponses.channel, "assisted"),
      })
      .returning({ id: consultationResponses.id, inserted: sql<boolean>`(xmax = 0)` });
    if (!row) throw new DomainError("consultations:errors.answeredOnline", 409);
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "response.assisted",
      subjectType: "consultation",
      subjectId: consultation.id,
      areaId: resident.gridId,
      after: { responseId: row.id, residentId: resident.id, first: row.inserted },
      meta,
    });
    if (row.inserted)
      await recordParticipation(tx, {
        kind: "consultation.responded",
        actor: { id: resident.id, pseudonymSeed: resident.pseudonymSeed },
        areaId: resident.gridId!,
        subjectType: "consultation",
        subjectId: consultation.id,
        channel: "assisted",
      });
    return { id: row.id, first: row.inserted };
  });
}
