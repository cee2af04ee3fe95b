import { z } from "zod";
import { optionalText, requiredText } from "~/lib/validation";

/** Client-safe schemas of the review forms. Messages are catalogue keys. */

export const recommendations = ["fund", "fund_with_changes", "do_not_fund"] as const;
export const reviewCommentMax = 3000;
export const criterionCommentMax = 1000;
export const recusalReasonMax = 500;
export const conflictNoteMax = 300;

const uuid = z.string().regex(/^[0-9a-f-]{36}$/i, "reviews:errors.organisationNotFound");

export const DeclareSchema = z.object({ intent: z.literal("declare") });

export const RecuseSchema = z.object({
  intent: z.literal("recuse"),
  reason: requiredText({ max: recusalReasonMax }),
});

export const SubmitReviewSchema = z.object({
  intent: z.literal("submit"),
  scores: z
    .array(
      z.object({
        criterionId: z.string().regex(/^[0-9a-f-]{36}$/i, "reviews:errors.scoreEveryCriterion"),
        score: z
          .number({
            required_error: "reviews:errors.scoreRequired",
            invalid_type_error: "reviews:errors.scoreRequired",
          })
          .int("reviews:errors.scoreRequired")
          .min(0, "reviews:errors.scoreRequired"),
        comment: optionalText({ max: criterionCommentMax }),
      }),
    )
    .min(1, "reviews:errors.scoreEveryCriterion"),
  recommendation: z.enum(recommendations, {
    required_error: "reviews:errors.pickRecommendation",
    invalid_type_error: "reviews:errors.pickRecommendation",
  }),
  comment: requiredText({ max: reviewCommentMax }),
});

export const AddReviewerSchema = z.object({
  intent: z.literal("add"),
  identifier: requiredText({ max: 254 }),
  area: z.coerce.number().int().positive().optional(),
});

export const RemoveReviewerSchema = z.object({
  intent: z.literal("remove"),
  assignmentId: z.string().regex(/^[0-9a-f-]{36}$/i, "reviews:errors.reviewerNotFound"),
});

export const DeclareConflictSchema = z.object({
  organisationId: uuid,
  note: optionalText({ max: conflictNoteMax }),
});

/** Catalogue keys of the recommendation and assignment-status labels. */
export const recommendationLabel = {
  fund: "reviews:recommendation.fund",
  fund_with_changes: "reviews:recommendation.fund_with_changes",
  do_not_fund: "reviews:recommendation.do_not_fund",
} as const;

export const assignmentStatusLabel = {
  assigned: "reviews:status.assigned",
  declared: "reviews:status.declared",
  recused: "reviews:status.recused",
  submitted: "reviews:status.submitted",
} as const;
