import { asc, eq } from "drizzle-orm";
import { objections } from "~db/schema/notices";
import { db } from "~/lib/db.server";
import { isoDates } from "~/lib/json-dates";

/** Objections the person raised during public notices, with the answer (not who answered). */
export async function personalData(userId: string) {
  const raised = await db
    .select({
      id: objections.id,
      subjectType: objections.subjectType,
      subjectId: objections.subjectId,
      reason: objections.reason,
      createdAt: objections.createdAt,
      answer: objections.answer,
      answerText: objections.answerText,
      answeredAt: objections.answeredAt,
    })
    .from(objections)
    .where(eq(objections.authorId, userId))
    .orderBy(asc(objections.createdAt));

  return { objections: raised.map(isoDates) };
}
