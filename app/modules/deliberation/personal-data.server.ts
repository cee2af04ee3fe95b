import { asc, eq } from "drizzle-orm";
import { commentReports, comments } from "~db/schema/deliberation";
import { db } from "~/lib/db.server";
import { isoDates } from "~/lib/json-dates";

/**
 * The person's comments (with whether and why one was hidden, not by whom) and the reports they made of
 * others' comments (their reason and the comment id — not the other person's text) for "Download my data".
 */
export async function personalData(userId: string) {
  const written = await db
    .select({
      id: comments.id,
      subjectType: comments.subjectType,
      subjectId: comments.subjectId,
      parentId: comments.parentId,
      body: comments.body,
      stance: comments.stance,
      official: comments.official,
      createdAt: comments.createdAt,
      hiddenAt: comments.hiddenAt,
      hiddenReason: comments.hiddenReason,
    })
    .from(comments)
    .where(eq(comments.authorId, userId))
    .orderBy(asc(comments.createdAt));

  const reports = await db
    .select({
      commentId: commentReports.commentId,
      reason: commentReports.reason,
      createdAt: commentReports.createdAt,
    })
    .from(commentReports)
    .where(eq(commentReports.reporterId, userId))
    .orderBy(asc(commentReports.createdAt));

  return { comments: written.map(isoDates), reportsMade: reports.map(isoDates) };
}
