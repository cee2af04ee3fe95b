import { and, eq, isNull } from "drizzle-orm";
import { fundingQuestions } from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { notifyUser } from "~/modules/notifications/notify.server";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { callPhase, isCallVisible } from "./call-phase";
import { getCall, loadCallForManagement } from "./call-queries.server";

/**
 * Public Q&A. Anyone signed in asks while the call is visible and before it closes; an official of the
 * call answers, and the answer is shown to everyone (one answer to all, as fair procurement requires).
 */
export async function askQuestion({
  actor,
  callId,
  question,
  now = new Date(),
}: {
  actor: { id: string; pseudonymSeed: string | null };
  callId: string;
  question: string;
  now?: Date;
}) {
  const found = await getCall(callId);
  if (!found || !isCallVisible(found.call, now)) throw new DomainError("calls:errors.callNotFound", 404);
  const phase = callPhase(found.call, now);
  if (phase !== "scheduled" && phase !== "open") throw new DomainError("calls:errors.questionsClosed", 409);
  const text = question.trim();
  if (!text) throw new DomainError("errors:required", 422);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(fundingQuestions)
      .values({ callId, askedBy: actor.id, question: text, createdAt: now })
      .returning({ id: fundingQuestions.id });
    await recordParticipation(tx, {
      kind: "call.question_asked",
      actor,
      areaId: found.call.areaId,
      subjectType: "funding_call",
      subjectId: callId,
    });
    return { id: row!.id };
  });
}

export async function answerQuestion({
  actor,
  actorRoles,
  callId,
  questionId,
  answer,
  meta,
  now = new Date(),
}: {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  callId: string;
  questionId: string;
  answer: string;
  meta?: RequestMeta;
  now?: Date;
}) {
  const { call } = await loadCallForManagement(callId, actorRoles, now);
  const text = answer.trim();
  if (!text) throw new DomainError("errors:required", 422);
  const asked = await db.transaction(async (tx) => {
    const [q] = await tx
      .select()
      .from(fundingQuestions)
      .where(and(eq(fundingQuestions.id, questionId), eq(fundingQuestions.callId, callId)))
      .for("update");
    if (!q) throw new DomainError("calls:errors.questionNotFound", 404);
    if (q.answer !== null) throw new DomainError("calls:errors.alreadyAnswered", 409);
    await tx
      .update(fundingQuestions)
      .set({ answer: text, answeredBy: actor.id, answeredAt: now })
      .where(and(eq(fundingQuestions.id, questionId), isNull(fundingQuestions.answer)));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "call.question_answered",
      subjectType: "funding_call",
      subjectId: callId,
      areaId: call.areaId,
      after: { questionId, answer: text },
      meta,
    });
    return q;
  });
  if (asked.askedBy)
    await notifyUser({
      userId: asked.askedBy,
      subjectType: "funding_call",
      subjectId: callId,
      kind: "calls:notifications.answered",
      href: `/funding/${callId}#questions`,
      params: { title: call.title },
    });
}
