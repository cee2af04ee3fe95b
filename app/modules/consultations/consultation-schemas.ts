import { z } from "zod";
import { messageKey } from "~/lib/messages";
import { optionalText, requiredText } from "~/lib/validation";
import { choiceKinds, optionsMax, optionsMin, questionKinds, type QuestionKind } from "./questionnaire";
import { parseShanghaiLocal } from "~/lib/shanghai-time";

/**
 * Client-safe forms of consultations. Times are typed as `datetime-local` in Guangzhou time (UTC+8) and
 * kept as instants. Every message is a catalogue key.
 */
export const titleMax = 200;
export const backgroundMax = 5000;
export const promptMax = 500;
export const optionMax = 200;
export const statementMax = 140;
export const pageSize = 20;

export const eligibilities = ["verified", "registered"] as const;
export type Eligibility = (typeof eligibilities)[number];

const dateTime = z
  .string({ required_error: "errors:required", invalid_type_error: "errors:required" })
  .transform((value, ctx) => {
    const date = parseShanghaiLocal(value);
    if (!date) {
      ctx.addIssue({ code: "custom", message: "consultations:form.errors.notDateTime" });
      return z.NEVER;
    }
    return date;
  });

/** The consultation's own fields once parsed (what the use-cases take). */
export interface ConsultationFields {
  title: string;
  background: string;
  opensAt: Date;
  closesAt: Date;
  eligibility: Eligibility;
  liveResults: boolean;
  allowStatements: boolean;
}

/** Rules across fields, shared by the form and the use-cases. */
export function consultationFieldIssues(
  f: ConsultationFields,
): { path: keyof ConsultationFields; message: string }[] {
  return f.closesAt.getTime() <= f.opensAt.getTime()
    ? [{ path: "closesAt", message: "consultations:form.errors.closesBeforeOpens" }]
    : [];
}

export const ConsultationSchema = z
  .object({
    title: requiredText({ max: titleMax }),
    background: requiredText({ max: backgroundMax }),
    opensAt: dateTime,
    closesAt: dateTime,
    eligibility: z.enum(eligibilities, { message: "errors:required" }),
    liveResults: z.boolean().default(false),
    allowStatements: z.boolean().default(false),
  })
  .superRefine((value, ctx) => {
    for (const issue of consultationFieldIssues(value))
      ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
  });

/** A new question's fields once parsed. */
export interface QuestionFields {
  kind: QuestionKind;
  prompt: string;
  options: string[];
  minChoices: number | null;
  maxChoices: number | null;
  required: boolean;
}

/** Options one per line; blank lines dropped. */
export function splitOptions(text: string | undefined): string[] {
  return (text ?? "")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** Rules of a question, shared by the form and the use-case (a crafted request meets the same). */
export function questionIssues(
  f: QuestionFields,
): { path: "options" | "minChoices" | "maxChoices"; message: string }[] {
  const issues: { path: "options" | "minChoices" | "maxChoices"; message: string }[] = [];
  const withOptions = choiceKinds.includes(f.kind);
  if (withOptions) {
    if (f.options.length < optionsMin || f.options.length > optionsMax)
      issues.push({
        path: "options",
        message: messageKey("consultations:questions.errors.optionCount", {
          min: optionsMin,
          max: optionsMax,
        }),
      });
    else if (f.options.some((o) => o.length > optionMax))
      issues.push({ path: "options", message: messageKey("errors:tooLong", { max: optionMax }) });
    else if (new Set(f.options).size !== f.options.length)
      issues.push({ path: "options", message: "consultations:questions.errors.optionRepeated" });
  } else if (f.options.length > 0)
    issues.push({ path: "options", message: "consultations:questions.errors.noOptionsHere" });
  if (f.kind === "multiple") {
    const min = f.minChoices ?? 1;
    const max = f.maxChoices ?? f.options.length;
    if (min > max) issues.push({ path: "maxChoices", message: "consultations:questions.errors.minOverMax" });
    else if (max > f.options.length && f.options.length >= optionsMin)
      issues.push({ path: "maxChoices", message: "consultations:questions.errors.maxOverOptions" });
  } else if (f.minChoices !== null || f.maxChoices !== null)
    issues.push({ path: "minChoices", message: "consultations:questions.errors.boundsMultipleOnly" });
  return issues;
}

const optionalCount = z
  .number({ invalid_type_error: "consultations:questions.errors.notWhole" })
  .int("consultations:questions.errors.notWhole")
  .min(1, messageKey("consultations:questions.errors.atLeast", { min: 1 }))
  .max(optionsMax, messageKey("consultations:questions.errors.atMost", { max: optionsMax }))
  .optional();

export const QuestionSchema = z
  .object({
    intent: z.literal("addQuestion"),
    kind: z.enum(questionKinds, { message: "errors:required" }),
    prompt: requiredText({ max: promptMax }),
    options: optionalText({ max: optionsMax * (optionMax + 2) }),
    minChoices: optionalCount,
    maxChoices: optionalCount,
    required: z.boolean().default(false),
  })
  .transform((v) => ({
    kind: v.kind,
    prompt: v.prompt,
    options: choiceKinds.includes(v.kind) ? splitOptions(v.options) : [],
    minChoices: v.kind === "multiple" ? (v.minChoices ?? null) : null,
    maxChoices: v.kind === "multiple" ? (v.maxChoices ?? null) : null,
    required: v.required,
  }))
  .superRefine((value, ctx) => {
    for (const issue of questionIssues(value))
      ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
  });

export const QuestionActionSchema = z.object({
  intent: z.enum(["deleteQuestion", "moveUp", "moveDown"]),
  questionId: z.string().uuid("errors:required"),
});

export const LifecycleSchema = z.object({ intent: z.enum(["publish", "cancel"]) });

export const StatementSchema = z.object({
  intent: z.literal("statement"),
  text: requiredText({ max: statementMax }),
});

export const statementVotes = ["agree", "disagree", "pass"] as const;
export type StatementVoteValue = (typeof statementVotes)[number];

export const StatementVoteSchema = z.object({
  intent: z.literal("vote"),
  statementId: z.string().uuid("errors:required"),
  vote: z.enum(statementVotes, { message: "errors:required" }),
});

export const ModerateSchema = z.object({
  statementId: z.string().uuid("errors:required"),
  decision: z.enum(["approve", "reject"], { message: "errors:required" }),
});

export const consultationStates = ["upcoming", "open", "closed", "draft", "cancelled"] as const;
export type ConsultationState = (typeof consultationStates)[number];

/** Where a consultation stands by the server clock: open between opensAt (inclusive) and closesAt (exclusive). */
export function consultationState(
  c: { status: "draft" | "published" | "cancelled"; opensAt: Date; closesAt: Date },
  now: Date,
): ConsultationState {
  if (c.status !== "published") return c.status;
  if (now.getTime() < c.opensAt.getTime()) return "upcoming";
  if (now.getTime() >= c.closesAt.getTime()) return "closed";
  return "open";
}
