import { z } from "zod";
import { messageKey } from "~/lib/messages";
import { parseYuan } from "~/lib/money";
import { parseShanghaiLocal } from "~/lib/shanghai-time";
import { optionalText, requiredText } from "~/lib/validation";
import { callCategories } from "./call-categories";

/**
 * Client-safe forms of funding calls and the rules across their fields (money, rubric weights,
 * timeline order), shared by the forms and the use-cases so a crafted request meets the same rules.
 * Money is typed in yuan and kept in fen; times are `datetime-local` in Guangzhou time. Every message
 * is a catalogue key.
 */

export const callKinds = ["venture", "purchase"] as const;
export type CallKind = (typeof callKinds)[number];
export const aggregations = ["mean", "trimmed_mean"] as const;
export type Aggregation = (typeof aggregations)[number];

export const titleMax = 200;
export const textMax = 10_000;
export const itemMax = 500;
export const reasonMax = 1000;
export const questionMax = 2000;
export const maxCriteria = 12;
export const maxChecklistItems = 20;
/** Blank rows the form offers without JavaScript; blank rows are ignored. */
export const criterionRows = 8;
export const checklistRows = 8;
export const minNoticeDays = 3;
export const maxNoticeDays = 30;
export const defaultSharePercent: Record<CallKind, number> = { venture: 60, purchase: 100 };

export type CriterionFields = {
  name: string;
  nameEn: string;
  description: string;
  maxScore: number;
  weight: number;
};
export type ChecklistFields = { label: string; labelEn: string };

/** The call's fields once parsed (what create and update take). */
export interface CallFields {
  kind: CallKind;
  title: string;
  titleEn: string;
  description: string;
  descriptionEn: string;
  categories: string[];
  targetAreaIds: number[];
  budgetMinor: number;
  perProjectCapMinor: number;
  maxGrantSharePercent: number;
  priceWeight: number;
  aggregation: Aggregation;
  reviewersPerApplication: number;
  criteria: CriterionFields[];
  checklist: ChecklistFields[];
  publishAt: Date;
  opensAt: Date;
  closesAt: Date;
  reviewEndsAt: Date;
  noticeDays: number;
}

/** What may still change once the call is open (the rubric, checklist, money and window are frozen). */
export const editableWhenFrozen = [
  "title",
  "titleEn",
  "description",
  "descriptionEn",
  "reviewEndsAt",
  "noticeDays",
] as const;
export type FrozenEditFields = Pick<CallFields, (typeof editableWhenFrozen)[number]>;

export type RuleIssue = { path: string; message: string };

/** The sum the criteria weights must reach: 100, less the price weight for a purchase. */
export function criteriaWeightTarget(kind: CallKind, priceWeight: number): number {
  return kind === "purchase" ? 100 - priceWeight : 100;
}

/**
 * Rules across fields. An empty rubric or checklist is allowed in a draft (publishing asks for them:
 * `publishIssues`), but any rubric given must add up.
 */
export function callRuleIssues(f: CallFields): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (f.perProjectCapMinor > f.budgetMinor)
    issues.push({ path: "perProjectCap", message: "calls:errors.capOverBudget" });
  if (f.kind === "purchase" && (f.priceWeight < 1 || f.priceWeight > 90))
    issues.push({ path: "priceWeight", message: "calls:errors.priceWeightRange" });
  if (f.kind === "venture" && f.priceWeight !== 0)
    issues.push({ path: "priceWeight", message: "calls:errors.priceWeightVenture" });
  if (f.criteria.length > maxCriteria)
    issues.push({
      path: "criteria",
      message: messageKey("calls:errors.tooManyCriteria", { max: maxCriteria }),
    });
  if (f.checklist.length > maxChecklistItems)
    issues.push({
      path: "checklist",
      message: messageKey("calls:errors.tooManyChecklistItems", { max: maxChecklistItems }),
    });
  if (f.criteria.length > 0) {
    const sum = f.criteria.reduce((s, c) => s + c.weight, 0);
    const target = criteriaWeightTarget(f.kind, f.priceWeight);
    if (sum !== target)
      issues.push({
        path: "criteria",
        message:
          f.kind === "purchase"
            ? messageKey("calls:errors.weightsPurchase", { sum, target, price: f.priceWeight })
            : messageKey("calls:errors.weightsVenture", { sum }),
      });
  }
  if (f.publishAt.getTime() > f.opensAt.getTime())
    issues.push({ path: "opensAt", message: "calls:errors.opensBeforePublish" });
  if (f.closesAt.getTime() <= f.opensAt.getTime())
    issues.push({ path: "closesAt", message: "calls:errors.closesBeforeOpens" });
  if (f.reviewEndsAt.getTime() < f.closesAt.getTime())
    issues.push({ path: "reviewEndsAt", message: "calls:errors.reviewBeforeClose" });
  if (new Set(f.categories).size !== f.categories.length || f.categories.length === 0)
    issues.push({ path: "categories", message: "calls:errors.categoriesRequired" });
  return issues;
}

/** What publishing needs beyond the field rules: a rubric and a checklist. */
export function publishIssues(f: Pick<CallFields, "criteria" | "checklist">): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (f.criteria.length === 0) issues.push({ path: "criteria", message: "calls:errors.needsCriterion" });
  if (f.checklist.length === 0) issues.push({ path: "checklist", message: "calls:errors.needsChecklist" });
  return issues;
}

// --- Form pieces ---------------------------------------------------------------------------------

const money = z
  .string({ required_error: "errors:required", invalid_type_error: "errors:required" })
  .transform((value, ctx) => {
    const fen = parseYuan(value);
    if (fen === null) {
      ctx.addIssue({ code: "custom", message: "calls:errors.notAmount" });
      return z.NEVER;
    }
    if (fen <= 0) {
      ctx.addIssue({ code: "custom", message: "calls:errors.amountPositive" });
      return z.NEVER;
    }
    return fen;
  });

const dateTime = z
  .string({ required_error: "errors:required", invalid_type_error: "errors:required" })
  .transform((value, ctx) => {
    const date = parseShanghaiLocal(value);
    if (!date) {
      ctx.addIssue({ code: "custom", message: "calls:errors.notDateTime" });
      return z.NEVER;
    }
    return date;
  });

const whole = (min: number, max: number) =>
  z.coerce
    .number({ required_error: "errors:required", invalid_type_error: "calls:errors.notWhole" })
    .int("calls:errors.notWhole")
    .min(min, messageKey("calls:errors.atLeast", { min }))
    .max(max, messageKey("calls:errors.atMost", { max }));

const criterionRow = z.object({
  name: requiredText({ max: titleMax }),
  nameEn: optionalText({ max: titleMax }),
  description: optionalText({ max: reasonMax }),
  maxScore: whole(1, 100),
  weight: whole(1, 100),
});

const checklistRow = z.object({
  label: requiredText({ max: itemMax }),
  labelEn: optionalText({ max: itemMax }),
});

/** A row whose every field is blank counts as absent (the form offers spare rows). */
function blankToNull(row: unknown): unknown {
  if (row === undefined || row === null) return null;
  if (typeof row !== "object") return row;
  const values = Object.values(row as Record<string, unknown>);
  return values.every((v) => v === undefined || v === null || (typeof v === "string" && v.trim() === ""))
    ? null
    : row;
}

const rows = <T extends z.ZodTypeAny>(row: T) =>
  z
    .array(z.preprocess(blankToNull, row.nullable()))
    .optional()
    .transform((list) => (list ?? []).filter((r): r is z.output<T> => r !== null));

const idList = z
  .array(z.coerce.number({ invalid_type_error: "calls:errors.pickArea" }).int("calls:errors.pickArea"))
  .optional()
  .transform((v) => [...new Set(v ?? [])]);

const fieldShape = {
  kind: z.enum(callKinds, { message: "calls:errors.pickKind" }),
  title: requiredText({ max: titleMax }),
  titleEn: optionalText({ max: titleMax }),
  description: optionalText({ max: textMax }),
  descriptionEn: optionalText({ max: textMax }),
  categories: z
    .array(z.enum(callCategories, { message: "calls:errors.categoriesRequired" }), {
      required_error: "calls:errors.categoriesRequired",
    })
    .min(1, "calls:errors.categoriesRequired"),
  targetAreas: idList,
  budget: money,
  perProjectCap: money,
  maxGrantSharePercent: whole(1, 100).optional(),
  priceWeight: whole(0, 90).optional(),
  aggregation: z.enum(aggregations, { message: "errors:required" }).default("mean"),
  reviewersPerApplication: whole(1, 9),
  criteria: rows(criterionRow),
  checklist: rows(checklistRow),
  publishAt: dateTime,
  opensAt: dateTime,
  closesAt: dateTime,
  reviewEndsAt: dateTime,
  noticeDays: whole(minNoticeDays, maxNoticeDays),
};

type ParsedShape = z.output<z.ZodObject<typeof fieldShape>>;

function toFields(v: ParsedShape): CallFields {
  return {
    kind: v.kind,
    title: v.title,
    titleEn: v.titleEn ?? "",
    description: v.description ?? "",
    descriptionEn: v.descriptionEn ?? "",
    categories: v.categories,
    targetAreaIds: v.targetAreas,
    budgetMinor: v.budget,
    perProjectCapMinor: v.perProjectCap,
    maxGrantSharePercent: v.maxGrantSharePercent ?? defaultSharePercent[v.kind],
    priceWeight: v.priceWeight ?? 0,
    aggregation: v.aggregation,
    reviewersPerApplication: v.reviewersPerApplication,
    criteria: v.criteria.map((c) => ({
      name: c.name,
      nameEn: c.nameEn ?? "",
      description: c.description ?? "",
      maxScore: c.maxScore,
      weight: c.weight,
    })),
    checklist: v.checklist.map((c) => ({ label: c.label, labelEn: c.labelEn ?? "" })),
    publishAt: v.publishAt,
    opensAt: v.opensAt,
    closesAt: v.closesAt,
    reviewEndsAt: v.reviewEndsAt,
    noticeDays: v.noticeDays,
  };
}

function withRules<T extends z.ZodRawShape>(shape: T) {
  return z
    .object({ ...fieldShape, ...shape })
    .superRefine((v, ctx) => {
      for (const issue of callRuleIssues(toFields(v as ParsedShape)))
        if (issue.path !== "categories")
          ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
    })
    .transform((v) => ({ ...(v as typeof v), fields: toFields(v as ParsedShape) }));
}

/** A new call: all fields plus the government area that runs it. */
export const CreateCallSchema = withRules({
  areaId: z.coerce.number({ required_error: "errors:required", invalid_type_error: "errors:required" }).int(),
  projects: z
    .array(z.string().uuid("calls:errors.badProject"))
    .optional()
    .transform((v) => [...new Set(v ?? [])]),
});

/** Editing a draft or scheduled call: everything but the area. */
export const EditCallSchema = withRules({ intent: z.literal("save") });

/** Editing an open (or later) call: only texts, the review end and the notice days. */
export const EditFrozenCallSchema = z
  .object({
    intent: z.literal("save"),
    title: requiredText({ max: titleMax }),
    titleEn: optionalText({ max: titleMax }),
    description: optionalText({ max: textMax }),
    descriptionEn: optionalText({ max: textMax }),
    reviewEndsAt: dateTime,
    noticeDays: whole(minNoticeDays, maxNoticeDays),
  })
  .transform((v): { fields: FrozenEditFields } => ({
    fields: {
      title: v.title,
      titleEn: v.titleEn ?? "",
      description: v.description ?? "",
      descriptionEn: v.descriptionEn ?? "",
      reviewEndsAt: v.reviewEndsAt,
      noticeDays: v.noticeDays,
    },
  }));

export const PublishCallSchema = z.object({ intent: z.literal("publish") });

export const CancelCallSchema = z.object({
  intent: z.literal("cancel"),
  reason: requiredText({ max: reasonMax }),
});

export const AskQuestionSchema = z.object({
  intent: z.literal("ask"),
  question: requiredText({ max: questionMax }),
});

export const AnswerQuestionSchema = z.object({
  intent: z.literal("answer"),
  questionId: z.string({ required_error: "errors:required" }).uuid("errors:required"),
  answer: requiredText({ max: questionMax }),
});

export const UploadDocumentsSchema = z.object({ intent: z.literal("documents") });

export const RemoveDocumentSchema = z.object({
  intent: z.literal("removeDocument"),
  attachmentId: z.string({ required_error: "errors:required" }).uuid("errors:required"),
});

/** Filters of the public list (GET). */
export const listPhases = [
  "scheduled",
  "open",
  "closed",
  "in_review",
  "notice",
  "awarded",
  "cancelled",
] as const;
export const pageSize = 20;
