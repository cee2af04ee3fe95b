import { z } from "zod";
import { messageKey } from "~/lib/messages";
import { parseYuan } from "~/lib/money";
import { parseShanghaiLocal } from "~/lib/shanghai-time";
import { optionalText, requiredText } from "~/lib/validation";
import { proposalCategories, screeningReasons, votingMethods } from "./categories";

/**
 * Client-safe forms of livelihood schemes. Money is typed in yuan ("100000", "100,000.50") and kept in
 * fen; times are typed as `datetime-local` in Guangzhou time (UTC+8, no daylight saving) and kept as
 * instants. Every message is a catalogue key.
 */

export const countingRules = ["greedy", "greedy-no-skip", "equal-shares"] as const;
export type CountingRule = (typeof countingRules)[number];

export const titleMax = 200;
export const textMax = 5000;
export const reasonMax = 1000;

const money = (required: boolean) =>
  (required
    ? z.string({ required_error: "errors:required", invalid_type_error: "errors:required" })
    : z.string().optional()
  ).transform((value, ctx) => {
    if (value === undefined) return null;
    const fen = parseYuan(value);
    if (fen === null) {
      ctx.addIssue({ code: "custom", message: "schemes:form.errors.notAmount" });
      return z.NEVER;
    }
    if (fen <= 0) {
      ctx.addIssue({ code: "custom", message: "schemes:form.errors.amountPositive" });
      return z.NEVER;
    }
    return fen;
  });

const dateTime = z
  .string({ required_error: "errors:required", invalid_type_error: "errors:required" })
  .transform((value, ctx) => {
    const date = parseShanghaiLocal(value);
    if (!date) {
      ctx.addIssue({ code: "custom", message: "schemes:form.errors.notDateTime" });
      return z.NEVER;
    }
    return date;
  });

const whole = (min: number, max: number) =>
  z
    .number({ required_error: "errors:required", invalid_type_error: "schemes:form.errors.notWhole" })
    .int("schemes:form.errors.notWhole")
    .min(min, messageKey("schemes:form.errors.atLeast", { min }))
    .max(max, messageKey("schemes:form.errors.atMost", { max }));

const optionalWhole = (min: number, max: number) => whole(min, max).optional();

/** The scheme's fields once parsed (what the use-cases take). */
export interface SchemeFields {
  title: string;
  description: string;
  budgetMinor: number;
  capServiceMinor: number | null;
  capGoodsMinor: number | null;
  capWorksMinor: number | null;
  categories: string[];
  exclusions: string;
  supportThreshold: number;
  supportWindowDays: number;
  maxProposalsPerResident: number;
  collectionOpensAt: Date;
  collectionClosesAt: Date;
  votingOpensAt: Date;
  votingClosesAt: Date;
  noticeDays: number;
  votingMethod: (typeof votingMethods)[number];
  countingRule: CountingRule;
  maxChoices: number | null;
  councilSize: number | null;
}

export type RuleIssue = { path: keyof SchemeFields; message: string };

/**
 * Rules across fields (timeline order, caps within the budget, what each voting method needs), shared
 * by the form schema and the use-cases so a crafted request meets the same rules as the form.
 */
export function schemeRuleIssues(f: SchemeFields): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (f.collectionClosesAt.getTime() <= f.collectionOpensAt.getTime())
    issues.push({ path: "collectionClosesAt", message: "schemes:form.errors.collectionOrder" });
  if (f.votingOpensAt.getTime() < f.collectionClosesAt.getTime())
    issues.push({ path: "votingOpensAt", message: "schemes:form.errors.votingAfterCollection" });
  if (f.votingClosesAt.getTime() <= f.votingOpensAt.getTime())
    issues.push({ path: "votingClosesAt", message: "schemes:form.errors.votingOrder" });
  for (const cap of ["capServiceMinor", "capGoodsMinor", "capWorksMinor"] as const) {
    const value = f[cap];
    if (value !== null && value > f.budgetMinor)
      issues.push({ path: cap, message: "schemes:form.errors.capOverBudget" });
  }
  if (new Set(f.categories).size !== f.categories.length || f.categories.length === 0)
    issues.push({ path: "categories", message: "schemes:form.errors.categoriesRequired" });
  if (f.votingMethod === "approval" && f.maxChoices === null)
    issues.push({ path: "maxChoices", message: "schemes:form.errors.approvalNeedsK" });
  if (f.votingMethod === "council" && f.councilSize === null)
    issues.push({ path: "councilSize", message: "schemes:form.errors.councilNeedsSize" });
  if (f.votingMethod !== "budget" && f.countingRule !== "greedy")
    issues.push({ path: "countingRule", message: "schemes:form.errors.countingRuleBudgetOnly" });
  if ((f.votingMethod === "yes_no" || f.votingMethod === "council") && f.maxChoices !== null)
    issues.push({ path: "maxChoices", message: "schemes:form.errors.maxChoicesNotUsed" });
  if (f.votingMethod !== "council" && f.councilSize !== null)
    issues.push({ path: "councilSize", message: "schemes:form.errors.councilSizeNotUsed" });
  return issues;
}

const fieldShape = {
  title: requiredText({ max: titleMax }),
  description: optionalText({ max: textMax }),
  budget: money(true),
  capService: money(false),
  capGoods: money(false),
  capWorks: money(false),
  categories: z
    .array(z.enum(proposalCategories, { message: "schemes:form.errors.categoriesRequired" }), {
      required_error: "schemes:form.errors.categoriesRequired",
    })
    .min(1, "schemes:form.errors.categoriesRequired"),
  exclusions: optionalText({ max: textMax }),
  supportThreshold: whole(1, 100_000),
  supportWindowDays: whole(1, 365),
  maxProposalsPerResident: whole(1, 50),
  collectionOpensAt: dateTime,
  collectionClosesAt: dateTime,
  votingOpensAt: dateTime,
  votingClosesAt: dateTime,
  noticeDays: whole(1, 60),
  votingMethod: z.enum(votingMethods, { message: "errors:required" }),
  countingRule: z.enum(countingRules, { message: "errors:required" }).default("greedy"),
  maxChoices: optionalWhole(1, 1000),
  councilSize: optionalWhole(1, 1000),
};

const formKeyOf: Partial<Record<keyof SchemeFields, string>> = {
  capServiceMinor: "capService",
  capGoodsMinor: "capGoods",
  capWorksMinor: "capWorks",
};

type ParsedShape = z.output<z.ZodObject<typeof fieldShape>>;

function toFields(v: ParsedShape): SchemeFields {
  return {
    title: v.title,
    description: v.description ?? "",
    budgetMinor: v.budget!,
    capServiceMinor: v.capService,
    capGoodsMinor: v.capGoods,
    capWorksMinor: v.capWorks,
    categories: v.categories,
    exclusions: v.exclusions ?? "",
    supportThreshold: v.supportThreshold,
    supportWindowDays: v.supportWindowDays,
    maxProposalsPerResident: v.maxProposalsPerResident,
    collectionOpensAt: v.collectionOpensAt,
    collectionClosesAt: v.collectionClosesAt,
    votingOpensAt: v.votingOpensAt,
    votingClosesAt: v.votingClosesAt,
    noticeDays: v.noticeDays,
    votingMethod: v.votingMethod,
    countingRule: v.countingRule,
    maxChoices: v.maxChoices ?? null,
    councilSize: v.councilSize ?? null,
  };
}

function withRules<T extends z.ZodRawShape>(shape: T) {
  return z
    .object({ ...fieldShape, ...shape })
    .superRefine((v, ctx) => {
      // The field itself already says when no category is ticked.
      for (const issue of schemeRuleIssues(toFields(v as ParsedShape)))
        if (issue.path !== "categories")
          ctx.addIssue({
            code: "custom",
            path: [formKeyOf[issue.path] ?? issue.path],
            message: issue.message,
          });
    })
    .transform((v) => ({ ...(v as typeof v), fields: toFields(v as ParsedShape) }));
}

/** New scheme: all fields plus the area it is for. */
export const CreateSchemeSchema = withRules({
  areaId: z.number({ required_error: "errors:required", invalid_type_error: "errors:required" }).int(),
});

/** Editing a draft: everything but the area. */
export const EditDraftSchemeSchema = withRules({});

/** Editing a published scheme: only the fields `editableAfterPublish` allows. */
export const EditPublishedSchemeSchema = z.object({
  title: requiredText({ max: titleMax }),
  description: optionalText({ max: textMax }),
  exclusions: optionalText({ max: textMax }),
  votingClosesAt: dateTime,
  noticeDays: whole(1, 60),
});

export const CancelSchemeSchema = z.object({
  intent: z.literal("cancel"),
  reason: requiredText({ max: reasonMax }),
});

export const PublishSchemeSchema = z.object({ intent: z.literal("publish") });

export const screeningDecisions = ["eligible", "ineligible", "merge"] as const;

export const ScreenProposalSchema = z
  .object({
    proposalId: z.string({ required_error: "errors:required" }).uuid("errors:required"),
    decision: z.enum(screeningDecisions, { message: "schemes:screening.errors.decisionRequired" }),
    reason: z.enum(screeningReasons, { message: "schemes:screening.errors.reasonRequired" }).optional(),
    note: optionalText({ max: reasonMax }),
    mergeIntoId: z.string().uuid("schemes:screening.errors.mergeTargetRequired").optional(),
    revisedCost: money(false),
    costNote: optionalText({ max: reasonMax }),
    response: optionalText({ max: textMax }),
  })
  .superRefine((v, ctx) => {
    if (v.decision === "ineligible" && !v.reason)
      ctx.addIssue({ code: "custom", path: ["reason"], message: "schemes:screening.errors.reasonRequired" });
    if (v.decision === "ineligible" && !v.note)
      ctx.addIssue({ code: "custom", path: ["note"], message: "schemes:screening.errors.noteRequired" });
    if (v.decision === "merge" && !v.mergeIntoId)
      ctx.addIssue({
        code: "custom",
        path: ["mergeIntoId"],
        message: "schemes:screening.errors.mergeTargetRequired",
      });
    if (v.revisedCost !== null && !v.costNote)
      ctx.addIssue({
        code: "custom",
        path: ["costNote"],
        message: "schemes:screening.errors.costNoteRequired",
      });
  });

/** Filters of the public list of schemes (GET). */
export const schemeSorts = ["newest", "budget"] as const;
export const proposalSorts = ["supported", "newest", "cost"] as const;
export const pageSize = 20;
