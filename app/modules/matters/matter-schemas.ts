import { z } from "zod";
import { optionalText, requiredText } from "~/lib/validation";
import { matterCategories, ratings } from "./matter-status";

/** Client-safe schemas of the matter forms. Messages are catalogue keys. */

export const titleMax = 80;
export const descriptionMax = 3000;
export const addressMax = 200;
export const handlerNameMax = 60;
export const responseTextMax = 2000;
export const departmentMax = 100;
export const calendarNameMax = 40;
export const minResponseDays = 1;
export const maxResponseDays = 30;
export const defaultResponseDays = 5;

const areaCode = z
  .string({ required_error: "matters:errors.pickArea", invalid_type_error: "matters:errors.pickArea" })
  .trim()
  .regex(/^[0-9A-Za-z_-]{1,32}$/, "matters:errors.pickArea");

export const RaiseMatterSchema = z.object({
  title: requiredText({ max: titleMax }),
  description: requiredText({ max: descriptionMax }),
  category: z.enum(matterCategories, {
    required_error: "matters:errors.pickCategory",
    invalid_type_error: "matters:errors.pickCategory",
  }),
  grid: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z_-]{1,32}$/, "matters:errors.pickGrid")
    .optional(),
  address: optionalText({ max: addressMax }),
});

export const AcknowledgeMatterSchema = z.object({
  intent: z.literal("acknowledge"),
  handlerName: requiredText({ max: handlerNameMax }),
});

/** The responses given on the matter page; a consultation is opened from the consultation form instead. */
export const pageResponseKinds = ["answer", "proposal", "referral", "decline"] as const;

export const RespondToMatterSchema = z
  .object({
    intent: z.literal("respond"),
    kind: z.enum(pageResponseKinds, {
      required_error: "matters:errors.pickResponseKind",
      invalid_type_error: "matters:errors.pickResponseKind",
    }),
    text: requiredText({ max: responseTextMax }),
    department: optionalText({ max: departmentMax }),
  })
  .superRefine((value, ctx) => {
    if (value.kind === "referral" && !value.department) {
      ctx.addIssue({ code: "custom", path: ["department"], message: "matters:errors.departmentRequired" });
    }
  });

export const RateMatterSchema = z.object({
  intent: z.literal("rate"),
  rating: z.enum(ratings, {
    required_error: "matters:errors.pickRating",
    invalid_type_error: "matters:errors.pickRating",
  }),
});

export const MeTooSchema = z.object({ intent: z.enum(["meToo", "retractMeToo"]) });

export const ResponseDaysSchema = z.object({
  intent: z.literal("responseDays"),
  area: areaCode,
  days: z.coerce
    .number({ required_error: "errors:required", invalid_type_error: "matters:errors.daysRange" })
    .int("matters:errors.daysRange")
    .min(minResponseDays, "matters:errors.daysRange")
    .max(maxResponseDays, "matters:errors.daysRange"),
});

const isoDay = z
  .string({ required_error: "errors:required" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, "matters:errors.badDay")
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    "matters:errors.badDay",
  );

export const CalendarDaySchema = z.object({
  intent: z.literal("calendarDay"),
  day: isoDay,
  kind: z.enum(["holiday", "workday"], {
    required_error: "matters:errors.pickDayKind",
    invalid_type_error: "matters:errors.pickDayKind",
  }),
  name: requiredText({ max: calendarNameMax }),
});

export const RemoveCalendarDaySchema = z.object({
  intent: z.literal("removeCalendarDay"),
  day: isoDay,
});

export const matterSorts = ["metoo", "newest", "due"] as const;
export type MatterSort = (typeof matterSorts)[number];
export const statusFilters = ["all", "open", "overdue", "responded"] as const;
export type StatusFilter = (typeof statusFilters)[number];
