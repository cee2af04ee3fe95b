import { eq, sql } from "drizzle-orm";
import { commentReports, comments } from "~db/schema/deliberation";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { releaseRateLimits, reserveRateLimits, type RateLimitRule } from "~/lib/rate-limit.server";

/** Reports from this many different people hide a comment until a moderator reviews it. */
export const reportsToHide = 3;

/** The reason stored on a comment hidden by reports, until a moderator decides (a catalogue key). */
export const pendingReviewReason = "deliberation:thread.pendingReview";

export const reportsPerAccount: RateLimitRule = {
  name: "comment-report-account-1h",
  limit: 20,
  windowSeconds: 60 * 60,
};

export interface ReportCommentInput {
  actor: { id: string };
  commentId: string;
  reason: string;
  now?: Date;
}

/**
 * A signed-in person reports someone else's comment, once (the primary key). The report that brings the
 * count to `reportsToHide` hides the comment pending review, in the same transaction: the count is
 * incremented by one conditional UPDATE, so of parallel reports exactly one crosses the threshold.
 */
export async function reportComment({ actor, commentId, reason, now = new Date() }: ReportCommentInput) {
  const [comment] = await db
    .select({ id: comments.id, authorId: comments.authorId, hiddenAt: comments.hiddenAt })
    .from(comments)
    .where(eq(comments.id, commentId))
    .limit(1);
  if (!comment) throw new DomainError("deliberation:errors.commentNotFound", 404);
  if (comment.authorId === actor.id) throw new DomainError("deliberation:errors.ownComment", 403);
  if (comment.hiddenAt) throw new DomainError("deliberation:errors.alreadyHidden", 409);
  const text = reason.trim();
  if (!text) throw new DomainError("deliberation:errors.reasonRequired", 422);

  const limit = await reserveRateLimits([{ rule: reportsPerAccount, subject: `user:${actor.id}` }], now);
  if (!limit.allowed) {
    throw new DomainError("deliberation:errors.rateLimited", 429, {
      minutes: Math.max(1, Math.ceil(limit.retryAfterSeconds / 60)),
    });
  }
  try {
    return await db.transaction(async (tx) => {
      const inserted = await tx
        .insert(commentReports)
        .values({ commentId, reporterId: actor.id, reason: text, createdAt: now })
        .onConflictDoNothing()
        .returning({ commentId: commentReports.commentId });
      if (inserted.length === 0) throw new DomainError("deliberation:errors.alreadyReported", 409);
      const crosses = sql`${comments.reportCount} + 1 = ${reportsToHide} and ${comments.hiddenAt} is null`;
      const [updated] = await tx
        .update(comments)
        .set({
          reportCount: sql`${comments.reportCount} + 1`,
          hiddenAt: sql`case when ${crosses} then ${now.toISOString()}::timestamptz else ${comments.hiddenAt} end`,
          hiddenReason: sql`case when ${crosses} then ${pendingReviewReason} else ${comments.hiddenReason} end`,
        })
        .where(eq(comments.id, commentId))
        .returning({
          reportCount: comments.reportCount,
          hiddenAt: comments.hiddenAt,
          hiddenBy: comments.hiddenBy,
        });
      const hidden =
        updated!.reportCount === reportsToHide &&
        updated!.hiddenBy === null &&
        updated!.hiddenAt?.getTime() === now.getTime();
      return { reportCount: updated!.reportCount, hidden };
    });
  } catch (error) {
    await releaseRateLimits(limit.reservations);
    throw error;
  }
}
