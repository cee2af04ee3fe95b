import { z } from "zod";
import { requiredText } from "~/lib/validation";
import { evaluationGrades, reportMilestones } from "./agreement-rules";

/** Client-safe form schemas of the award workspace, agreements and reports. */
export const ProposeAwardsSchema = z.object({
  intent: z.literal("propose"),
  award: z.array(z.string().uuid()).default([]),
  deviationNote: z.string().max(2000).optional(),
});

export const IntentOnlySchema = z.object({ intent: z.enum(["publish", "confirm"]) });

export const WithdrawAwardSchema = z.object({
  intent: z.literal("withdraw"),
  awardId: z.string().uuid(),
  reason: requiredText({ max: 1000 }),
});

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "awards:errors.dateInvalid");
const percent = z.coerce
  .number({ invalid_type_error: "awards:errors.percentsInvalid" })
  .int()
  .min(0)
  .max(100);

export const SignAgreementSchema = z.object({
  intent: z.literal("sign"),
  awardId: z.string().uuid(),
  startsOn: isoDate,
  endsOn: isoDate,
  midtermDueOn: isoDate,
  finalDueOn: isoDate,
  signingPercent: percent,
  midtermPercent: percent,
  finalPercent: percent,
});

export const SubmitReportSchema = z.object({
  intent: z.literal("submit"),
  narrative: requiredText({ max: 10_000 }),
  spend: z.string({ required_error: "errors:required" }).max(20),
  achieved: z.array(z.string().max(200)).default([]),
});

export const DecideReportSchema = z.object({
  intent: z.enum(["accept", "return"]),
  reason: z.string().max(2000).optional(),
});

export const EvaluationSchema = z.object({
  intent: z.literal("evaluate"),
  grade: z.enum(evaluationGrades, { required_error: "awards:errors.gradeRequired" }),
  note: z.string().max(2000).optional(),
});

export const MilestoneParam = z.enum(reportMilestones);
