import { and, asc, count, eq, gt, lt, desc, sql } from "drizzle-orm";
import type { Tx } from "~db/client";
import { consultationQuestions, consultations } from "~db/schema/consultations";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { parseMessageKey } from "~/lib/messages";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { consultationFieldIssues, promptMax, questionIssues, type ConsultationFields, type QuestionFields } from "./consultation-schemas";
import { getConsultation, isOrganiser } from "./consultation-queries.server";

/** Questions per consultation at most. */
export const questionsMax = 30;

interface Actor {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  consultationId: string;
  meta?: RequestMeta;
}

/** The consultation, if the actor organises it and it is still a draft; refusals otherwise. */
async function draftFor({ actorRoles, consultationId }: Actor) {
  const consultation = await getConsultation(consultationId);
  if (!consultation) throw new DomainError("consultations:errors.notFound", 404);
  if (!isOrganiser(actorRoles, consultation)) throw new DomainError("consultations:errors.notOrganiser", 403);
  if (consultation.status !== "draft") throw new DomainError("consultations:errors.notDraft", 409);
  return consultation;
}

/** Locks the draft row for the rest of the transaction, refusing if it stopped being a draft meanwhile. */
async function lockDraft(tx: Tx, consultationId: string) {
  const [row] = await tx
    .select({ status: consultations.status })
    .from(consultations)
    .where(eq(consultations.id, consultationId))
    .for("update");
  if (row?.status !== "draft") throw new DomainError("consultations:errors.notDraft", 409);
}

/** Changes the consultation's own fields while it is a draft. */
export async function updateConsultation(input: Actor & { fields: ConsultationFields }) {
  const consultation = await draftFor(input);
  const issue = consultationFieldIssues(input.fields)[0];
  if (issue) throw new DomainError(issue.message, 422);
  const f = input.fields;
  await db.transaction(async (tx) => {
    await lockDraft(tx, consultation.id);
    await tx
      .update(consultations)
      .set({
        title: f.title,
        background: f.background,
        eligibility: f.eligibility,
        liveResults: f.liveResults,
        allowStatements: f.allowStatements,
        opensAt: f.opensAt,
        closesAt: f.closesAt,
      })
      .where(eq(consultations.id, consultation.id));
    await recordAudit(tx, {
      actorUserId: input.actor.id,
      action: "consultation.updated",
      subjectType: "consultation",
      subjectId: consultation.id,
      areaId: consultation.areaId,
      before: {
        title: consultation.title,
        eligibility: consultation.eligibility,
        liveResults: consultation.liveResults,
        allowStatements: consultation.allowStatements,
        opensAt: consultation.opensAt.toISOString(),
        closesAt: consultation.closesAt.toISOString(),
      },
      after: { ...f, opensAt: f.opensAt.toISOString(), closesAt: f.closesAt.toISOString() },
      meta: input.meta,
    });
  });
}

/** Adds a question at the end of a draft's questionnaire. */
export async function addQuestion(input: Actor & { question: QuestionFields }) {
  const consultation = await draftFor(input);
  const q = input.question;
  if (!q.prompt.trim() || q.prompt.length > promptMax) throw new DomainError("errors:required", 422);
  const issue = questionIssues(q)[0];
  if (issue) {
    const { key, params } = parseMessageKey(issue.message);
    throw new DomainError(key, 422, params as Record<string, string | number>);
  }
  return db.transaction(async (tx) => {
    await lockDraft(tx, consultation.id);
    const [stats] = await tx
      .select({ n: count(), last: sql<number>`coalesce(max(${consultationQuestions.position}), 0)::int` })
      .from(consultationQuestions)
      .where(eq(consultationQuestions.consultationId, consultation.id));
    if ((stats?.n ?? 0) >= questionsMax)
      throw new DomainError("consultations:questions.errors.tooMany", 409, { max: questionsMax });
    const [row] = await tx
      .insert(consultationQuestions)
      .values({
        consultationId: consultation.id,
        position: (stats?.last ?? 0) + 1,
        kind: q.kind,
        prompt: q.prompt.trim(),
        options: q.options,
        minChoices: q.minChoices,
        maxChoices: q.maxChoices,
        required: q.required,
      })
      .returning({ id: consultationQuestions.id });
    await recordAudit(tx, {
      actorUserId: input.actor.id,
      action: "consultation.updated",
      subjectType: "consultation",
      subjectId: consultation.id,
      areaId: consultation.areaId,
      after: { questionAdded: { id: row!.id, ...q } },
      meta: input.meta,
    });
    return { id: row!.id };
  });
}

async function questionOf(tx: Tx, consultationId: string, questionId: string) {
  const [row] = await tx
    .select()
    .from(consultationQuestions)
    .where(
      and(eq(consultationQuestions.id, questionId), eq(consultationQuestions.consultationId, consultationId)),
    );
  if (!row) throw new DomainError("consultations:errors.questionNotFound", 404);
  return row;
}

/** Deletes a question from a draft (the others keep their order). */
export async function deleteQuestion(input: Actor & { questionId: string }) {
  const consultation = await draftFor(input);
  await db.transaction(async (tx) => {
    await lockDraft(tx, consultation.id);
    const question = await questionOf(tx, consultation.id, input.questionId);
    await tx.delete(consultationQuestions).where(eq(consultationQuestions.id, question.id));
    await recordAudit(tx, {
      actorUserId: input.actor.id,
      action: "consultation.updated",
      subjectType: "consultation",
      subjectId: consultation.id,
      areaId: consultation.areaId,
      before: { questionDeleted: { id: question.id, prompt: question.prompt, kind: question.kind } },
      meta: input.meta,
    });
  });
}

/** Swaps a question with its neighbour above or below (nothing happens at either end). */
export async function moveQuestion(input: Actor & { questionId: string; direction: "up" | "down" }) {
  const consultation = await draftFor(input);
  await db.transaction(async (tx) => {
    await lockDraft(tx, consultation.id);
    const question = await questionOf(tx, consultation.id, input.questionId);
    const [neighbour] = await tx
      .select()
      .from(consultationQuestions)
      .where(
        and(
          eq(consultationQuestions.consultationId, consultation.id),
          input.direction === "up"
            ? lt(consultationQuestions.position, question.position)
            : gt(consultationQuestions.position, question.position),
        ),
      )
      .orderBy(
        input.direction === "up" ? desc(consultationQuestions.position) : asc(consultationQuestions.position),
      )
      .limit(1);
    if (!neighbour) return;
    // Through a free position, so the unique (consultation, position) index never sees a duplicate.
    await tx
      .update(consultationQuestions)
      .set({ position: -1 })
      .where(eq(consultationQuestions.id, question.id));
    await tx
      .update(consultationQuestions)
      .set({ position: question.position })
      .where(eq(consultationQuestions.id, neighbour.id));
    await tx
      .update(consultationQuestions)
      .set({ position: neighbour.position })
      .where(eq(consultationQuestions.id, question.id));
  });
}
