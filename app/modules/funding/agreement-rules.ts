/**
 * Pure agreement rules (client-safe): tranches tied to milestones, their amounts in fen, report due
 * dates and the late flag.
 */

export const trancheMilestones = ["signing", "midterm", "final"] as const;
export type TrancheMilestone = (typeof trancheMilestones)[number];
export const reportMilestones = ["midterm", "final"] as const;
export type ReportMilestone = (typeof reportMilestones)[number];
export const evaluationGrades = ["excellent", "good", "pass", "fail"] as const;
export type EvaluationGrade = (typeof evaluationGrades)[number];

/** Guangzhou's usual split: half on signing, 40% after the mid-term evaluation, 10% after the final. */
export const defaultTranchePercents: Record<TrancheMilestone, number> = {
  signing: 50,
  midterm: 40,
  final: 10,
};

export function isReportMilestone(value: unknown): value is ReportMilestone {
  return typeof value === "string" && (reportMilestones as readonly string[]).includes(value);
}

/** Whether a grade meets the milestone (合格 or better). */
export function gradePasses(grade: EvaluationGrade): boolean {
  return grade !== "fail";
}

/**
 * Amounts per tranche in fen: each percent of the total rounded down, the remainder on the last tranche
 * so the tranches always add up to the agreement's amount. Null when the percents are not whole numbers
 * 0–100 summing to 100.
 */
export function splitTranches(
  amountMinor: number,
  percents: Record<TrancheMilestone, number>,
): { milestone: TrancheMilestone; position: number; percent: number; amountMinor: number }[] | null {
  const values = trancheMilestones.map((m) => percents[m]);
  if (values.some((p) => !Number.isInteger(p) || p < 0 || p > 100)) return null;
  if (values.reduce((s, p) => s + p, 0) !== 100) return null;
  let allotted = 0;
  return trancheMilestones.map((milestone, i) => {
    const percent = percents[milestone];
    const last = i === trancheMilestones.length - 1;
    const amount = last ? amountMinor - allotted : Math.floor((amountMinor * percent) / 100);
    allotted += amount;
    return { milestone, position: i + 1, percent, amountMinor: amount };
  });
}

/** A report is late when it was not submitted by its due time (submitted late, or still not in). */
export function isReportLate(
  report: { dueAt: Date; submittedAt: Date | null; status: string },
  now: Date,
): boolean {
  if (report.submittedAt) return report.submittedAt.getTime() > report.dueAt.getTime();
  return now.getTime() > report.dueAt.getTime();
}

/** The end of a date (YYYY-MM-DD) in Beijing time: a report due "on" a day may come in all that day. */
export function endOfShanghaiDay(isoDate: string): Date {
  return new Date(`${isoDate}T23:59:59.999+08:00`);
}
