import { z } from "zod";
import { messageKey } from "~/lib/messages";
import { requiredText } from "~/lib/validation";

/** Client-safe limits and form schemas of outcome reports and follow-up actions (督办). */
export const outcomeTitleMax = 120;
export const outcomeTextMax = 5000;
export const opinionMax = 300;
export const reasonMax = 1000;
export const actionTitleMax = 200;
export const ownerMax = 100;
export const followUpNoteMax = 1000;
/** Blank rows the no-JavaScript form offers; empty ones are ignored. */
export const itemRows = 5;
export const actionRows = 5;
export const defaultNoticeDays = 7;
export const maxNoticeDays = 30;

export const optionHandlings = ["adopted", "partly", "not_adopted"] as const;
export type OptionHandling = (typeof optionHandlings)[number];
export const followUpStatuses = ["planned", "in_progress", "done", "dropped"] as const;
export type FollowUpStatus = (typeof followUpStatuses)[number];

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date "2026-12-31", or false when it is not a real date. */
export function isCalendarDate(text: string): boolean {
  const m = datePattern.exec(text);
  if (!m) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

const loose = (max: number) => z.string().trim().max(max, messageKey("errors:tooLong", { max })).optional();

const ItemRow = z.object({
  opinion: loose(opinionMax),
  handling: z.enum(optionHandlings).optional(),
  reason: loose(reasonMax),
});

const ActionRow = z.object({
  title: loose(actionTitleMax),
  owner: loose(ownerMax),
  dueOn: z.string().trim().optional(),
});

export type OutcomeItemInput = { opinion: string; handling: OptionHandling; reason: string };
export type FollowUpActionInput = { title: string; owner: string; dueOn: string };

export const PublishOutcomeSchema = z
  .object({
    consultationId: z.string().uuid().optional(),
    matterId: z.string().uuid().optional(),
    title: requiredText({ max: outcomeTitleMax }),
    summary: requiredText({ max: outcomeTextMax }),
    decisions: requiredText({ max: outcomeTextMax }),
    noticeDays: z
      .number({ invalid_type_error: "meetings:errors.notWhole" })
      .int("meetings:errors.notWhole")
      .min(1, messageKey("meetings:errors.atLeast", { min: 1 }))
      .max(maxNoticeDays, messageKey("meetings:errors.atMost", { max: maxNoticeDays }))
      .default(defaultNoticeDays),
    items: z.array(ItemRow).max(50).default([]),
    actions: z.array(ActionRow).max(50).default([]),
  })
  .superRefine((v, ctx) => {
    v.items.forEach((row, i) => {
      const filled = Boolean(row.opinion || row.reason || row.handling);
      if (!filled) return;
      if (!row.opinion)
        ctx.addIssue({ code: "custom", path: ["items", i, "opinion"], message: "errors:required" });
      if (!row.handling)
        ctx.addIssue({ code: "custom", path: ["items", i, "handling"], message: "errors:required" });
      if (!row.reason)
        ctx.addIssue({ code: "custom", path: ["items", i, "reason"], message: "errors:required" });
    });
    v.actions.forEach((row, i) => {
      const filled = Boolean(row.title || row.owner || row.dueOn);
      if (!filled) return;
      if (!row.title)
        ctx.addIssue({ code: "custom", path: ["actions", i, "title"], message: "errors:required" });
      if (!row.owner)
        ctx.addIssue({ code: "custom", path: ["actions", i, "owner"], message: "errors:required" });
      if (!row.dueOn || !isCalendarDate(row.dueOn))
        ctx.addIssue({ code: "custom", path: ["actions", i, "dueOn"], message: "meetings:errors.notDate" });
    });
  })
  .transform((v) => ({
    ...v,
    items: v.items
      .filter((r) => r.opinion && r.handling && r.reason)
      .map((r) => ({ opinion: r.opinion!, handling: r.handling!, reason: r.reason! })),
    actions: v.actions
      .filter((r) => r.title && r.owner && r.dueOn)
      .map((r) => ({ title: r.title!, owner: r.owner!, dueOn: r.dueOn! })),
  }));
export type PublishOutcomeValues = z.output<typeof PublishOutcomeSchema>;

export const UpdateFollowUpSchema = z.object({
  intent: z.literal("followUp"),
  actionId: z.string().uuid(),
  status: z.enum(followUpStatuses, { required_error: "errors:required" }),
  note: requiredText({ max: followUpNoteMax }),
});
