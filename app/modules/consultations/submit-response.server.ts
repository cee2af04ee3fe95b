import { sql } from "drizzle-orm";
import type { ConsultationAnswers } from "~db/schema/consultations";
import { consultationResponses } from "~db/schema/consultations";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { consultationState } from "./consultation-schemas";
import {
  getConsultation,
  listQuestions,
  participationRefusal,
  type Consultation,
} from "./consultation-queries.server";
import { checkAnswers, type AnswerErrors } from "./questionnaire";

/** Answers that do not fit the questionnaire; `errors` holds a catalogue key per question id. */
export class AnswerError extends DomainError {
  constructor(readonly errors: AnswerErrors) {
    super("consultations:errors.answersInvalid", 422);
  }
}

/** Refuses unless the consultation takes answers now (by the server clock). */
export function requireOpen(consultation: Consultation, now: Date) {
  switch (consultationState(consultation, now)) {
    case "open":
      return;
    case "upcoming":
      throw new DomainError("consultations:errors.notOpenYet", 409);
    case "closed":
      throw new DomainError("consultations:errors.closed", 409);
    case "cancelled":
      throw new DomainError("consultations:errors.cancelled", 409);
    case "draft":
      throw new DomainError("consultations:errors.notFound", 404);
  }
}

/** Checks the answers against the consultation's questions (throws AnswerError), returning them cleaned. */
export async function validAnswers(consultationId: string, answers: Readonly<Record<string, unknown>>) {
  const checked = checkAnswers(await listQuestions(consultationId), answers);
  if (!checked.ok) throw new AnswerError(checked.errors);
  return checked.answers as ConsultationAnswers;
}

export interface SubmitResponseInput {
  actor: { id: string; pseudonymSeed: string | null };
  actorRoles: readonly ScopedRole[];
  consultationId: string;
  answers: Readonly<Record<string, unknown>>;
  now?: Date;
}

/**
 * A participant answers online. One response per person, kept by the unique (consultation, user) index:
 * INSERT … ON CONFLICT DO UPDATE replaces an earlier answer (their own, or one a grid worker recorded for
 * them, which becomes a web answer), so parallel submissions leave exactly one row. The participation
 * event is recorded for the first response only (`xmax = 0` tells an insert from an update).
 */
export async function submitResponse({
  actor,
  actorRoles,
  consultationId,
  answers,
  now = new Date(),
}: SubmitResponseInput) {
  const consultation = await getConsultation(consultationId);
  if (!consultation) throw new DomainError("consultations:errors.notFound", 404);
  requireOpen(consultation, now);
  const refusal = participationRefusal(actorRoles, consultation);
  if (refusal) throw new DomainError(refusal, 403);
  const clean = await validAnswers(consultation.id, answers);

  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(consultationResponses)
      .values({
        consultationId: consultation.id,
        userId: actor.id,
        channel: "web",
        recordedBy: null,
        answers: clean,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [consultationResponses.consultationId, consultationResponses.userId],
        set: { answers: clean, channel: "web", recordedBy: null, updatedAt: now },
      })
      .returning({ id: consultationResponses.id, inserted: sql<boolean>`(xmax = 0)` });
    const first = row!.inserted;
    if (first)
      await recordParticipation(tx, {
        kind: "consultation.responded",
        actor,
        areaId: consultation.areaId,
        subjectType: "consultation",
        subjectId: consultation.id,
      });
    return { id: row!.id, first };
  });
}
