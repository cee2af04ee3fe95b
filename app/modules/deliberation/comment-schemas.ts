import { z } from "zod";
import { requiredText } from "~/lib/validation";

/** Client-safe schemas and limits of the deliberation forms. Messages are catalogue keys. */

export const commentBodyMax = 2000;
export const reportReasonMax = 500;
export const moderationReasonMax = 500;

export const commentStances = ["support", "oppose", "neutral"] as const;
export type CommentStance = (typeof commentStances)[number];

/** Subject types a comment may be attached to (each has a resolver in comment-subjects.server.ts). */
export const commentSubjectTypes = ["proposal"] as const;
export type CommentSubjectType = (typeof commentSubjectTypes)[number];

const uuid = (message: string) =>
  z.string({ required_error: message, invalid_type_error: message }).uuid(message);

export const PostCommentSchema = z.object({
  subjectType: z.enum(commentSubjectTypes, {
    errorMap: () => ({ message: "deliberation:errors.subjectNotFound" }),
  }),
  subjectId: uuid("deliberation:errors.subjectNotFound"),
  parentId: uuid("deliberation:errors.parentNotFound").optional(),
  body: requiredText({ max: commentBodyMax }),
  // A reply form carries no stance: a reply is a neutral contribution to the thread it answers.
  stance: z
    .enum(commentStances, { errorMap: () => ({ message: "deliberation:errors.pickStance" }) })
    .default("neutral"),
  returnTo: z.string().optional(),
});

export const ReportCommentSchema = z.object({
  reason: requiredText({ max: reportReasonMax }),
  returnTo: z.string().optional(),
});

export const ModerateCommentSchema = z.object({
  intent: z.enum(["hide", "restore"]),
  commentId: uuid("deliberation:errors.commentNotFound"),
  reason: requiredText({ max: moderationReasonMax }),
});
