import { z } from "zod";
import { optionalText, requiredText } from "~/lib/validation";
import { satisfactionRatings } from "./satisfaction";
import {
  isCalendarDay,
  projectStatuses,
  projectTracks,
  responsibleKinds,
  updateTracks,
} from "./project-rules";

/** Client-safe limits and form schemas for the project page and list. */
export const responsibleNameMax = 200;
export const milestoneTitleMax = 200;
export const updateBodyMax = 2000;
export const acceptanceNoteMax = 2000;
export const evaluationCommentMax = 500;

export const SetResponsibleSchema = z.object({
  intent: z.literal("responsible"),
  kind: z.enum(responsibleKinds, { required_error: "errors:required" }),
  name: optionalText({ max: responsibleNameMax }),
  organisationId: z.string().uuid().optional(),
});

export const AddMilestoneSchema = z.object({
  intent: z.literal("milestone"),
  title: requiredText({ max: milestoneTitleMax }),
  dueOn: z.string({ required_error: "errors:required" }).refine(isCalendarDay, "projects:errors.invalidDate"),
});

export const CompleteMilestoneSchema = z.object({
  intent: z.literal("milestoneDone"),
  milestoneId: z.string().uuid(),
});

export const PostUpdateSchema = z.object({
  intent: z.literal("update"),
  body: requiredText({ max: updateBodyMax }),
  progressPercent: z
    .number({ required_error: "errors:required", invalid_type_error: "projects:errors.percentRange" })
    .int("projects:errors.percentRange")
    .min(0, "projects:errors.percentRange")
    .max(100, "projects:errors.percentRange"),
  track: z.enum(updateTracks, { required_error: "errors:required" }),
});

export const AcceptProjectSchema = z.object({
  intent: z.literal("accept"),
  note: requiredText({ max: acceptanceNoteMax }),
});

export const EvaluateProjectSchema = z.object({
  intent: z.literal("evaluate"),
  rating: z.enum(satisfactionRatings, { required_error: "projects:errors.ratingRequired" }),
  comment: optionalText({ max: evaluationCommentMax }),
});

export const projectSorts = ["newest", "progress", "title"] as const;
export type ProjectSort = (typeof projectSorts)[number];

/** The list's GET filters; anything malformed falls back to "no filter" rather than an error page. */
export const ProjectFilterSchema = z.object({
  scheme: z.string().uuid().optional().catch(undefined),
  status: z.enum(projectStatuses).optional().catch(undefined),
  track: z.enum(projectTracks).optional().catch(undefined),
  area: z.string().trim().max(50).optional().catch(undefined),
  sort: z.enum(projectSorts).default("newest").catch("newest"),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});
export type ProjectFilter = z.infer<typeof ProjectFilterSchema>;

export function parseProjectFilter(params: URLSearchParams): ProjectFilter {
  const raw: Record<string, string> = {};
  for (const key of ["scheme", "status", "track", "area", "sort", "page"]) {
    const v = params.get(key);
    if (v !== null && v !== "") raw[key] = v;
  }
  return ProjectFilterSchema.parse(raw);
}
