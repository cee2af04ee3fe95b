import { and, eq } from "drizzle-orm";
import { comments } from "~db/schema/deliberation";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { releaseRateLimits, reserveRateLimits, type RateLimitRule } from "~/lib/rate-limit.server";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { follow } from "~/modules/notifications/follow.server";
import { notifyFollowers } from "~/modules/notifications/notify.server";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { commentAnchor } from "./comment-thread-data";
import type { CommentStance } from "./comment-schemas";
import { resolveCommentSubject } from "./comment-subjects.server";

/** Per account: a person deliberating writes a few comments, a spammer many. */
export const commentsPerAccount: RateLimitRule = {
  name: "comment-account-10m",
  limit: 10,
  windowSeconds: 10 * 60,
};

export interface PostCommentInput {
  actor: { id: string; pseudonymSeed: string | null };
  actorRoles: readonly ScopedRole[];
  subjectType: string;
  subjectId: string;
  parentId?: string | null;
  body: string;
  stance: CommentStance;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * A resident of the subject's area comments with a stance, or someone speaking for the authorities there
 * posts an official reply (audited, not counted as a resident's participation). A reply to a reply is
 * attached to the top comment: threads are one level deep. The commenter follows the subject, and its
 * followers are told after the commit.
 */
export async function postComment({
  actor,
  actorRoles,
  subjectType,
  subjectId,
  parentId,
  body,
  stance,
  meta,
  now = new Date(),
}: PostCommentInput) {
  const subject = await resolveCommentSubject(subjectType, subjectId);
  if (!subject || !subject.visible) throw new DomainError("deliberation:errors.subjectNotFound", 404);
  if (!subject.open) throw new DomainError("deliberation:errors.closed", 409);
  const official = subject.isOfficial(actorRoles);
  if (!official && !subject.mayTakePart(actorRoles))
    throw new DomainError("deliberation:errors.notResidentHere", 403);
  if (!actor.pseudonymSeed) throw new DomainError("deliberation:errors.accountGone", 403);

  let topId: string | null = null;
  if (parentId) {
    const [parent] = await db
      .select({ id: comments.id, parentId: comments.parentId })
      .from(comments)
      .where(
        and(
          eq(comments.id, parentId),
          eq(comments.subjectType, subject.type),
          eq(comments.subjectId, subject.id),
        ),
      )
      .limit(1);
    if (!parent) throw new DomainError("deliberation:errors.parentNotFound", 404);
    topId = parent.parentId ?? parent.id;
  }
  const text = body.trim();
  if (!text) throw new DomainError("deliberation:errors.bodyRequired", 422);
  // Officials answer; they do not take sides in the count.
  const effectiveStance: CommentStance = official || topId ? "neutral" : stance;

  const limit = await reserveRateLimits([{ rule: commentsPerAccount, subject: `user:${actor.id}` }], now);
  if (!limit.allowed) {
    throw new DomainError("deliberation:errors.rateLimited", 429, {
      minutes: Math.max(1, Math.ceil(limit.retryAfterSeconds / 60)),
    });
  }

  let id: string;
  try {
    id = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(comments)
        .values({
          subjectType: subject.type,
          subjectId: subject.id,
          areaId: subject.areaId,
          parentId: topId,
          authorId: actor.id,
          body: text,
          stance: effectiveStance,
          official,
          createdAt: now,
        })
        .returning({ id: comments.id });
      const commentId = row!.id;
      if (official) {
        await recordAudit(tx, {
          actorUserId: actor.id,
          action: "comment.official_posted",
          subjectType: "comment",
          subjectId: commentId,
          areaId: subject.areaId,
          after: { subjectType: subject.type, subjectId: subject.id, parentId: topId, body: text },
          meta,
        });
      } else {
        await recordParticipation(tx, {
          kind: "comment.posted",
          actor: { id: actor.id, pseudonymSeed: actor.pseudonymSeed },
          areaId: subject.areaId,
          subjectType: subject.type,
          subjectId: subject.id,
          meta: topId ? { stance: effectiveStance, reply: true } : { stance: effectiveStance },
        });
      }
      await follow(tx, actor.id, subject.type, subject.id);
      return commentId;
    });
  } catch (error) {
    await releaseRateLimits(limit.reservations);
    throw error;
  }

  await notifyFollowers({
    subjectType: subject.type,
    subjectId: subject.id,
    kind: official ? "deliberation:notifications.officialReplied" : "deliberation:notifications.commented",
    href: `${subject.href}#${commentAnchor(id)}`,
    params: { title: subject.title },
    exceptUserId: actor.id,
  });
  return { id, official, href: subject.href };
}
