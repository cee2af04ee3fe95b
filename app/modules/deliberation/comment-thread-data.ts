import type { CommentStance, CommentSubjectType } from "./comment-schemas";

/** Client-safe shape of a subject's comment thread, as `loadCommentThread` returns it. */

export type CommentView = {
  id: string;
  authorName: string;
  official: boolean;
  stance: CommentStance;
  /** Empty when hidden and the viewer is not a moderator. */
  body: string;
  /** ISO time. */
  createdAt: string;
  hidden: boolean;
  /** Why it is hidden: a written reason, or null while it waits for review after reports. */
  hiddenReason: string | null;
  /** Moderators only: how many people reported it. */
  reportCount: number | null;
  canReport: boolean;
  /** The viewer reported it already. */
  reported: boolean;
  mine: boolean;
};

export type TopComment = CommentView & { replies: CommentView[] };

export type CommentThreadData = {
  subject: { type: CommentSubjectType; id: string; href: string };
  counts: Record<CommentStance, number>;
  comments: TopComment[];
  canPost: boolean;
  /** Posting as an official reply (committee or official of the subject's area). */
  postsOfficially: boolean;
  /** Why the viewer cannot post (catalogue key); "login" when nobody is signed in. */
  postRefusal?: string;
  canModerate: boolean;
};

/**
 * Codes a failed post sends back in `?commentError=` (no-JS path) and the message each shows. Anything
 * else shows the generic message.
 */
export const commentErrorMessages = {
  required: "deliberation:errors.bodyRequired",
  tooLong: "deliberation:errors.bodyTooLong",
  pickStance: "deliberation:errors.pickStance",
  subjectNotFound: "deliberation:errors.subjectNotFound",
  parentNotFound: "deliberation:errors.parentNotFound",
  closed: "deliberation:errors.closed",
  notResidentHere: "deliberation:errors.notResidentHere",
  rateLimited: "deliberation:errors.rateLimited",
  accountGone: "deliberation:errors.accountGone",
  generic: "deliberation:errors.generic",
} as const;

export type CommentErrorCode = keyof typeof commentErrorMessages;

export function isCommentErrorCode(value: unknown): value is CommentErrorCode {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(commentErrorMessages, value);
}

/** The post/moderation page anchor of a comment. */
export const commentAnchor = (id: string) => `comment-${id}`;
