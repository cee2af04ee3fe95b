import { and, eq, isNotNull, isNull, or } from "drizzle-orm";
import { areas } from "~db/schema/areas";
import { comments } from "~db/schema/deliberation";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { canModerateAt } from "./comment-permissions";

export interface ModerateCommentInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  commentId: string;
  /** hide: hide it (or confirm a hiding by reports); restore: show it again (or keep a reported one). */
  intent: "hide" | "restore";
  reason: string;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * A committee member or official of the comment's area hides or restores it with a written reason,
 * audited with the state before and after. The change is a conditional UPDATE, so two moderators acting
 * at once cannot both hide (or both restore) the same comment.
 */
export async function moderateComment({
  actor,
  actorRoles,
  commentId,
  intent,
  reason,
  meta,
  now = new Date(),
}: ModerateCommentInput) {
  const [comment] = await db
    .select({
      id: comments.id,
      areaId: comments.areaId,
      areaPath: areas.path,
      hiddenAt: comments.hiddenAt,
      hiddenBy: comments.hiddenBy,
      hiddenReason: comments.hiddenReason,
      reportCount: comments.reportCount,
    })
    .from(comments)
    .innerJoin(areas, eq(areas.id, comments.areaId))
    .where(eq(comments.id, commentId))
    .limit(1);
  if (!comment) throw new DomainError("deliberation:errors.commentNotFound", 404);
  if (!canModerateAt(actorRoles, comment.areaPath))
    throw new DomainError("deliberation:errors.notModerator", 403);
  const text = reason.trim();
  if (!text) throw new DomainError("deliberation:errors.reasonRequired", 422);
  const before = {
    hidden: comment.hiddenAt !== null,
    hiddenBy: comment.hiddenBy,
    hiddenReason: comment.hiddenReason,
    reportCount: comment.reportCount,
  };

  return db.transaction(async (tx) => {
    if (intent === "hide") {
      // Not yet hidden, or hidden by reports only: a moderator's hiding confirms it with a reason.
      const [row] = await tx
        .update(comments)
        .set({ hiddenAt: now, hiddenBy: actor.id, hiddenReason: text })
        .where(and(eq(comments.id, commentId), or(isNull(comments.hiddenAt), isNull(comments.hiddenBy))))
        .returning({ id: comments.id });
      if (!row) throw new DomainError("deliberation:errors.alreadyHidden", 409);
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "comment.hidden",
        subjectType: "comment",
        subjectId: commentId,
        areaId: comment.areaId,
        before,
        after: { hidden: true, hiddenBy: actor.id, hiddenReason: text, reportCount: comment.reportCount },
        reason: text,
        meta,
      });
      return { outcome: "hidden" as const };
    }

    if (comment.hiddenAt) {
      const [row] = await tx
        .update(comments)
        .set({ hiddenAt: null, hiddenBy: null, hiddenReason: null })
        .where(and(eq(comments.id, commentId), isNotNull(comments.hiddenAt)))
        .returning({ id: comments.id });
      if (!row) throw new DomainError("deliberation:errors.notHidden", 409);
    } else if (comment.reportCount === 0) {
      throw new DomainError("deliberation:errors.notHidden", 409);
    }
    // A visible, reported comment that the moderator keeps: recorded as reviewed, nothing changes.
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "comment.restored",
      subjectType: "comment",
      subjectId: commentId,
      areaId: comment.areaId,
      before,
      after: { hidden: false, hiddenBy: null, hiddenReason: null, reportCount: comment.reportCount },
      reason: text,
      meta,
    });
    return { outcome: comment.hiddenAt ? ("restored" as const) : ("kept" as const) };
  });
}
