import { messageKey } from "~/lib/messages";

/**
 * The money rules of an application (pure, client-safe). All amounts are in fen, compared as integers so
 * the boundaries are exact: a request of exactly 60% of the project total passes a 60% share rule and one
 * fen more does not. Issues carry raw fen amounts; the caller formats them for the reader.
 */

export const budgetCategories = [
  "personnel",
  "activities",
  "materials",
  "venue",
  "publicity",
  "evaluation",
  "admin",
  "other",
] as const;
export type BudgetCategory = (typeof budgetCategories)[number];

export const budgetCategoryLabel = {
  personnel: "applications:budgetCategory.personnel",
  activities: "applications:budgetCategory.activities",
  materials: "applications:budgetCategory.materials",
  venue: "applications:budgetCategory.venue",
  publicity: "applications:budgetCategory.publicity",
  evaluation: "applications:budgetCategory.evaluation",
  admin: "applications:budgetCategory.admin",
  other: "applications:budgetCategory.other",
} as const satisfies Record<BudgetCategory, string>;

export function isBudgetCategory(value: string): value is BudgetCategory {
  return (budgetCategories as readonly string[]).includes(value);
}

export type BudgetLine = { category: string; item: string; amountMinor: number };

export type CallMoneyRules = {
  kind: "venture" | "purchase";
  perProjectCapMinor: number;
  /** Largest grant share of the project total, in percent; purchases default to 100. */
  maxGrantSharePercent: number | null;
};

export type BudgetIssue = {
  key:
    | "applications:errors.budgetEmpty"
    | "applications:errors.requestMissing"
    | "applications:errors.requestOverCap"
    | "applications:errors.requestOverShare"
    | "applications:errors.linesDontAddUp";
  /** Which form field the issue belongs to. */
  field: "budget" | "requested" | "selfRaised";
  /** Amounts in fen (`…Minor`) and percentages; the caller formats the amounts. */
  params: Record<string, number>;
};

export function projectTotal(lines: readonly BudgetLine[]): number {
  return lines.reduce((sum, line) => sum + line.amountMinor, 0);
}

/** The largest request the share rule allows for a project total: ⌊share% × total⌋. */
export function maxRequestForTotal(totalMinor: number, sharePercent: number): number {
  return Math.floor((totalMinor * sharePercent) / 100);
}

/**
 * Checks a budget against the call: at least one line; a request (or bid) above zero, no more than the
 * per-project cap and the share of the project total; and requested + self-raised equal to the total
 * of the lines. Returns every issue at once, so the applicant can fix them all in one go.
 */
export function budgetIssues(
  budget: { lines: readonly BudgetLine[]; requestedMinor: number; selfRaisedMinor: number },
  call: CallMoneyRules,
): BudgetIssue[] {
  const issues: BudgetIssue[] = [];
  const total = projectTotal(budget.lines);
  const share = call.maxGrantSharePercent ?? 100;
  if (budget.lines.length === 0 || total <= 0)
    issues.push({ key: "applications:errors.budgetEmpty", field: "budget", params: {} });
  if (budget.requestedMinor <= 0)
    issues.push({ key: "applications:errors.requestMissing", field: "requested", params: {} });
  if (budget.requestedMinor > call.perProjectCapMinor)
    issues.push({
      key: "applications:errors.requestOverCap",
      field: "requested",
      params: { capMinor: call.perProjectCapMinor },
    });
  // Integer comparison (requested × 100 ≤ share × total), so exactly share% passes and one fen more fails.
  if (total > 0 && budget.requestedMinor * 100 > share * total)
    issues.push({
      key: "applications:errors.requestOverShare",
      field: "requested",
      params: { percent: share, maxMinor: maxRequestForTotal(total, share), selfRaisedPercent: 100 - share },
    });
  if (budget.requestedMinor + budget.selfRaisedMinor !== total)
    issues.push({
      key: "applications:errors.linesDontAddUp",
      field: "selfRaised",
      params: { totalMinor: total, sumMinor: budget.requestedMinor + budget.selfRaisedMinor },
    });
  return issues;
}

/** An issue as a catalogue message, amounts (params ending in "Minor") formatted by `money`. */
export function budgetIssueMessage(issue: BudgetIssue, money: (fen: number) => string): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(issue.params))
    if (name.endsWith("Minor")) params[name.slice(0, -"Minor".length)] = money(value);
    else params[name] = value;
  return messageKey(issue.key, params);
}
