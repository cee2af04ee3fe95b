import { z } from "zod";
import { parseYuan } from "~/lib/money";
import { parseShanghaiLocal } from "~/lib/shanghai-time";
import { messageKey } from "~/lib/messages";
import { optionalText, requiredText } from "~/lib/validation";
import { budgetCategories, type BudgetLine } from "./budget-rules";

/**
 * Client-safe schemas of the application forms. The form has a fixed number of rows per list so it
 * works without JavaScript; blank rows are dropped. A draft may be incomplete (only lengths and amounts
 * are checked); "submit" also requires every field and lists each one that is missing.
 */

export const rowsPerList = 8;
export const titleMax = 100;
export const shortTextMax = 500;
export const longTextMax = 4000;
export const rowTextMax = 200;
export const reasonMax = 1000;
export const maxBeneficiaries = 10_000_000;

export type ApplicationActivityRow = { activity: string; timing: string };
export type ApplicationIndicatorRow = { indicator: string; target: string };

/** What an application says, in the shape it is stored (amounts in fen). */
export type ApplicationContent = {
  title: string;
  summary: string;
  needs: string;
  beneficiaries: string;
  beneficiaryCount: number;
  objectives: string;
  activities: ApplicationActivityRow[];
  indicators: ApplicationIndicatorRow[];
  team: string;
  budgetLines: BudgetLine[];
  selfRaisedMinor: number;
  requestedMinor: number;
  livelihoodProjectId: string | null;
};

/** The form's values as strings (amounts in yuan), with the fixed rows. */
export type ApplicationFormValues = {
  title: string;
  summary: string;
  needs: string;
  beneficiaries: string;
  beneficiaryCount: string;
  objectives: string;
  team: string;
  selfRaised: string;
  requested: string;
  livelihoodProjectId: string;
  activities: { activity?: string; timing?: string }[];
  indicators: { indicator?: string; target?: string }[];
  budget: { category?: string; item?: string; amount?: string }[];
};

/** Fields required at submission, each with its own message so the applicant sees every one missing. */
export const missingFieldKeys = {
  title: "applications:missing.title",
  summary: "applications:missing.summary",
  needs: "applications:missing.needs",
  beneficiaries: "applications:missing.beneficiaries",
  beneficiaryCount: "applications:missing.beneficiaryCount",
  objectives: "applications:missing.objectives",
  activities: "applications:missing.activities",
  indicators: "applications:missing.indicators",
  team: "applications:missing.team",
  budget: "applications:missing.budget",
  requested: "applications:missing.requested",
} as const;
export type RequiredField = keyof typeof missingFieldKeys;

/** The required fields an application still lacks (used by the form and again at submission). */
export function missingFields(c: ApplicationContent): RequiredField[] {
  const missing: RequiredField[] = [];
  const blank = (s: string) => s.trim() === "";
  if (blank(c.title)) missing.push("title");
  if (blank(c.summary)) missing.push("summary");
  if (blank(c.needs)) missing.push("needs");
  if (blank(c.beneficiaries)) missing.push("beneficiaries");
  if (c.beneficiaryCount <= 0) missing.push("beneficiaryCount");
  if (blank(c.objectives)) missing.push("objectives");
  if (c.activities.length === 0) missing.push("activities");
  if (c.indicators.length === 0) missing.push("indicators");
  if (blank(c.team)) missing.push("team");
  if (c.budgetLines.length === 0) missing.push("budget");
  if (c.requestedMinor <= 0) missing.push("requested");
  return missing;
}

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");

/**
 * A list of rows; a row left entirely blank is ignored. Blank rows become null before validation (not
 * removed), so an error keeps the index of the row the applicant sees.
 */
function rows<T extends z.ZodTypeAny>(row: T) {
  return z
    .preprocess(
      (value) =>
        Array.from(Array.isArray(value) ? (value as unknown[]) : [], (r) =>
          r && typeof r === "object" && !Object.values(r).every(isBlank) ? r : null,
        ),
      z
        .array(row.nullable())
        .max(rowsPerList, messageKey("applications:errors.tooManyRows", { max: rowsPerList })),
    )
    .transform((list) => list.filter((r): r is z.output<T> => r !== null));
}

/** Yuan as typed, in fen; blank is 0. */
const yuan = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined || text.trim() === "") return 0;
    const fen = parseYuan(text);
    if (fen === null) {
      ctx.addIssue({ code: "custom", message: "applications:errors.amount" });
      return z.NEVER;
    }
    return fen;
  });

const requiredYuan = z.string({ required_error: "errors:required" }).transform((text, ctx) => {
  const fen = parseYuan(text);
  if (fen === null || fen <= 0) {
    ctx.addIssue({ code: "custom", message: "applications:errors.amount" });
    return z.NEVER;
  }
  return fen;
});

const text = (max: number) => optionalText({ max }).transform((v) => v ?? "");

export const ApplicationFormSchema = z
  .object({
    intent: z.enum(["save", "submit"], { required_error: "errors:required" }),
    title: text(titleMax),
    summary: text(longTextMax),
    needs: text(longTextMax),
    beneficiaries: text(shortTextMax),
    beneficiaryCount: z.coerce
      .number({ invalid_type_error: "applications:errors.count" })
      .int("applications:errors.count")
      .min(0, "applications:errors.count")
      .max(maxBeneficiaries, "applications:errors.count")
      .optional()
      .transform((v) => v ?? 0),
    objectives: text(longTextMax),
    activities: rows(z.object({ activity: requiredText({ max: rowTextMax }), timing: text(rowTextMax) })),
    indicators: rows(z.object({ indicator: requiredText({ max: rowTextMax }), target: text(rowTextMax) })),
    team: text(longTextMax),
    budget: rows(
      z.object({
        category: z.enum(budgetCategories, {
          required_error: "applications:errors.pickCategory",
          invalid_type_error: "applications:errors.pickCategory",
        }),
        item: requiredText({ max: rowTextMax }),
        amount: requiredYuan,
      }),
    ),
    selfRaised: yuan,
    requested: yuan,
    livelihoodProjectId: z.string().uuid("applications:errors.pickProject").optional(),
  })
  .transform((v): ApplicationContent & { intent: "save" | "submit" } => ({
    intent: v.intent,
    title: v.title,
    summary: v.summary,
    needs: v.needs,
    beneficiaries: v.beneficiaries,
    beneficiaryCount: v.beneficiaryCount,
    objectives: v.objectives,
    activities: v.activities.map((a) => ({ activity: a.activity, timing: a.timing })),
    indicators: v.indicators.map((i) => ({ indicator: i.indicator, target: i.target })),
    team: v.team,
    budgetLines: v.budget.map((b) => ({ category: b.category, item: b.item, amountMinor: b.amount })),
    selfRaisedMinor: v.selfRaised,
    requestedMinor: v.requested,
    livelihoodProjectId: v.livelihoodProjectId ?? null,
  }))
  .superRefine((v, ctx) => {
    if (v.intent !== "submit") return;
    for (const field of missingFields(v)) {
      ctx.addIssue({ code: "custom", path: [field], message: "errors:required" });
      ctx.addIssue({ code: "custom", path: [], message: missingFieldKeys[field] });
    }
  });

export const StartApplicationSchema = z.object({
  organisationId: z
    .string({ required_error: "applications:errors.pickOrganisation" })
    .uuid("applications:errors.pickOrganisation"),
});

export const WithdrawSchema = z.object({ intent: z.literal("withdraw") });

export const screeningVerdicts = ["pass", "fail"] as const;

export const ScreenSchema = z
  .object({
    intent: z.literal("screen"),
    checks: z
      .array(
        z.object({
          itemId: z.string().uuid("applications:errors.pickVerdict"),
          verdict: z.enum(screeningVerdicts, {
            required_error: "applications:errors.pickVerdict",
            invalid_type_error: "applications:errors.pickVerdict",
          }),
          reason: optionalText({ max: reasonMax }),
        }),
      )
      .min(1, "applications:errors.pickVerdict"),
    note: optionalText({ max: reasonMax }),
  })
  .superRefine((v, ctx) => {
    v.checks.forEach((c, i) => {
      if (c.verdict === "fail" && !c.reason)
        ctx.addIssue({
          code: "custom",
          path: ["checks", i, "reason"],
          message: "applications:errors.failReason",
        });
    });
  });

export const ReturnSchema = z.object({
  intent: z.literal("return"),
  reason: requiredText({ max: reasonMax }),
  dueAt: z.string({ required_error: "errors:required" }).transform((s, ctx) => {
    const at = parseShanghaiLocal(s);
    if (!at) {
      ctx.addIssue({ code: "custom", message: "applications:errors.dueAt" });
      return z.NEVER;
    }
    return at;
  }),
});
