import { and, count, eq } from "drizzle-orm";
import { consultationStatements } from "~db/schema/consultations";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { statementMax } from "./consultation-schemas";
import { getConsultation, participationRefusal } from "./consultation-queries.server";
import { requireOpen } from "./submit-response.server";

/** Pending statements one person may have waiting for moderation at once. */
export const pendingStatementsMax = 5;

export interface SubmitStatementInput {
  actor: { id: string; pseudonymSeed: string | null };
  actorRoles: readonly ScopedRole[];
  consultationId: string;
  text: string;
  now?: Date;
}

/** A participant submits a short statement (≤ 140 characters); it waits for the committee's approval. */
export async function submitStatement({
  actor,
  actorRoles,
  consultationId,
  text,
  now = new Date(),
}: SubmitStatementInput) {
  const consultation = await getConsultation(consultationId);
  if (!consultation) throw new DomainError("consultations:errors.notFound", 404);
  if (!consultation.allowStatements) throw new DomainError("consultations:errors.noStatements", 409);
  requireOpen(consultation, now);
  const refusal = participationRefusal(actorRoles, consultation);
  if (refusal) throw new DomainError(refusal, 403);
  const trimmed = text.trim();
  if (!trimmed) throw new DomainError("errors:required", 422);
  if (trimmed.length > statementMax) throw new DomainError("errors:tooLong", 422, { max: statementMax });
  return db.transaction(async (tx) => {
    const [pending] = await tx
      .select({ n: count() })
      .from(consultationStatements)
      .where(
        and(
          eq(consultationStatements.consultationId, consultation.id),
          eq(consultationStatements.authorId, actor.id),
          eq(consultationStatements.status, "pending"),
        ),
      );
    if ((pending?.n ?? 0) >= pendingStatementsMax)
      throw new DomainError("consultations:errors.tooManyPending", 429, { max: pendingStatementsMax });
    const [row] = await tx
      .insert(consultationStatements)
      .values({ consultationId: consultation.id, authorId: actor.id, text: trimmed, createdAt: now })
      .returning({ id: consultationStatements.id });
    await recordParticipation(tx, {
      kind: "statement.submitted",
      actor,
      areaId: consultation.areaId,
      subjectType: "consultation",
      subjectId: consultation.id,
    });
    return { id: row!.id };
  });
}
