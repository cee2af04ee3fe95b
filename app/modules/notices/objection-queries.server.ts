import { and, asc, count, eq, isNull } from "drizzle-orm";
import { objections } from "~db/schema/notices";
import { db } from "~/lib/db.server";

/**
 * Every objection on a subject, oldest first, for the public notice page. The objector is never named
 * in public; `mine` lets the page tell the person which objections are their own.
 */
export async function listObjections(subjectType: string, subjectId: string, viewerId: string | null) {
  const rows = await db
    .select({
      id: objections.id,
      authorId: objections.authorId,
      reason: objections.reason,
      createdAt: objections.createdAt,
      answer: objections.answer,
      answerText: objections.answerText,
      answeredAt: objections.answeredAt,
    })
    .from(objections)
    .where(and(eq(objections.subjectType, subjectType), eq(objections.subjectId, subjectId)))
    .orderBy(asc(objections.createdAt), asc(objections.id));
  return rows.map(({ authorId, ...r }) => ({ ...r, mine: viewerId !== null && authorId === viewerId }));
}

/** How many objections on a subject still wait for an answer. */
export async function countUnansweredObjections(subjectType: string, subjectId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(objections)
    .where(
      and(
        eq(objections.subjectType, subjectType),
        eq(objections.subjectId, subjectId),
        isNull(objections.answer),
      ),
    );
  return row?.n ?? 0;
}
