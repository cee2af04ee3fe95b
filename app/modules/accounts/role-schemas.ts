import { z } from "zod";
import { requiredText } from "~/lib/validation";
import { roles } from "./roles";

/** Client-safe schemas of the role administration forms. Messages are catalogue keys. */

export const revokeReasonMax = 200;

export const FindPersonSchema = z.object({
  q: requiredText({ max: 100 }),
});

export const GrantRoleSchema = z.object({
  intent: z.literal("grant"),
  userId: z.string({ required_error: "admin:errors.personNotFound" }).uuid("admin:errors.personNotFound"),
  role: z.enum(roles, { errorMap: () => ({ message: "admin:errors.pickRole" }) }),
  areaCode: z
    .string({ required_error: "errors:required", invalid_type_error: "errors:required" })
    .trim()
    .regex(/^[0-9A-Za-z_-]{1,32}$/, "admin:errors.areaNotFound"),
  organisationId: z.string().uuid("admin:errors.organisationNotFound").optional(),
});

export const RevokeRoleSchema = z.object({
  intent: z.literal("revoke"),
  assignmentId: z
    .string({ required_error: "admin:errors.assignmentNotFound" })
    .uuid("admin:errors.assignmentNotFound"),
  reason: requiredText({ max: revokeReasonMax }),
});
