import { and, eq, isNull } from "drizzle-orm";
import { objections } from "~db/schema/notices";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { objectionAnswerTextMax, type ObjectionAnswer } from "./objection-schemas";
import type { NoticeSubject } from "./notice-subject";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AnswerObjectionInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  /** The subject the objection was raised on, resolved by its feature (null: it does not exist). */
  subject: NoticeSubject | null;
  objectionId: string;
  answer: ObjectionAnswer;
  answerText: string;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * Whoever runs the subject answers each objection once: upheld or dismissed, always with a reason. The
 * answer is written with a conditional UPDATE … WHERE answer IS NULL, so of two officials answering at
 * once exactly one does. Returns the objector so the caller can notify them after the commit.
 */
export async function answerObjection({
  actor,
  actorRoles,
  subject,
  objectionId,
  answer,
  answerText,
  meta,
  now = new Date(),
}: AnswerObjectionInput) {
  if (!uuidPattern.test(objectionId)) throw new DomainError("projects:errors.objectionNotFound", 404);
  const [objection] = await db.select().from(objections).where(eq(objections.id, objectionId));
  // An objection is answered on its own subject's page: another subject's id is a forged one.
  if (!objection || !subject || objection.subjectType !== subject.type || objection.subjectId !== subject.id)
    throw new DomainError("projects:errors.objectionNotFound", 404);
  if (!subject.canAnswer(actorRoles)) throw new DomainError("projects:errors.notManager", 403);
  const text = answerText.trim();
  if (!text) throw new DomainError("errors:required", 422);
  if (text.length > objectionAnswerTextMax)
    throw new DomainError("errors:tooLong", 422, { max: objectionAnswerTextMax });
  if (objection.answer) throw new DomainError("projects:errors.alreadyAnswered", 409);

  return db.transaction(async (tx) => {
    const [answered] = await tx
      .update(objections)
      .set({ answer, answerText: text, answeredBy: actor.id, answeredAt: now })
      .where(and(eq(objections.id, objectionId), isNull(objections.answer)))
      .returning({ id: objections.id });
    if (!answered) throw new DomainError("projects:errors.alreadyAnswered", 409);
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "objection.answered",
      subjectType: "objection",
      subjectId: objectionId,
      areaId: objection.areaId,
      before: { answer: null },
      after: { answer, subjectType: objection.subjectType, subjectId: objection.subjectId },
      reason: text,
      meta,
    });
    return {
      objectorId: objection.authorId,
      subjectType: objection.subjectType,
      subjectId: objection.subjectId,
    };
  });
}
