import { z } from "zod";
import { parseIdentifier } from "~/modules/accounts/identifier";
import { optionalText, requiredText } from "~/lib/validation";
import { checkCreditCode, creditCodeMessages } from "./credit-code";

/** Client-safe schemas of the organisation forms. Messages are catalogue keys. */

export const legalForms = ["social_group", "social_service_agency", "foundation"] as const;
export type LegalForm = (typeof legalForms)[number];

export const nameMax = 100;
export const nameEnMax = 150;
export const authorityMax = 100;
export const addressMax = 200;
export const contactNameMax = 60;
export const descriptionMax = 3000;
export const reasonMax = 1000;
export const noteMax = 500;
export const maxServiceAreas = 30;

const areaCode = z
  .string({
    required_error: "organisations:errors.pickArea",
    invalid_type_error: "organisations:errors.pickArea",
  })
  .trim()
  .regex(/^[0-9A-Za-z_-]{1,32}$/, "organisations:errors.pickArea");

export const creditCodeField = z
  .string({ required_error: "errors:required", invalid_type_error: "errors:required" })
  .trim()
  .min(1, "errors:required")
  .superRefine((value, ctx) => {
    const checked = checkCreditCode(value);
    if (!checked.ok) ctx.addIssue({ code: "custom", message: creditCodeMessages[checked.reason] });
  });

/** Landlines ("020-8888 1234") and mobiles, with the separators people type. */
const contactPhone = z
  .string({ required_error: "errors:required" })
  .trim()
  .min(1, "errors:required")
  .regex(/^\+?[0-9][0-9 ()-]{5,24}$/, "organisations:errors.badPhone");

const contactEmail = z
  .string()
  .trim()
  .max(254, "organisations:errors.badEmail")
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "organisations:errors.badEmail")
  .optional();

const organisationFields = {
  name: requiredText({ max: nameMax }),
  nameEn: optionalText({ max: nameEnMax }),
  legalForm: z.enum(legalForms, {
    required_error: "organisations:errors.pickLegalForm",
    invalid_type_error: "organisations:errors.pickLegalForm",
  }),
  creditCode: creditCodeField,
  registrationAuthority: requiredText({ max: authorityMax }),
  area: areaCode,
  address: requiredText({ max: addressMax }),
  contactName: requiredText({ max: contactNameMax }),
  contactPhone,
  contactEmail,
  serviceAreas: z
    .array(areaCode, { required_error: "organisations:errors.pickServiceAreas" })
    .min(1, "organisations:errors.pickServiceAreas")
    .max(maxServiceAreas, "organisations:errors.tooManyServiceAreas"),
  description: requiredText({ max: descriptionMax }),
};

export const RegisterOrganisationSchema = z.object(organisationFields);
export const EditOrganisationSchema = z.object({
  ...organisationFields,
  // Only read while the organisation is pending or rejected; a verified one keeps its code.
  creditCode: creditCodeField.optional(),
});

export type OrganisationDetails = z.output<typeof RegisterOrganisationSchema>;

export const InviteMemberSchema = z.object({
  intent: z.literal("invite"),
  identifier: z
    .string({ required_error: "errors:required" })
    .trim()
    .min(1, "errors:required")
    .refine((v) => parseIdentifier(v) !== null, "organisations:errors.badIdentifier"),
  role: z.enum(["admin", "member"], {
    required_error: "organisations:errors.pickRole",
    invalid_type_error: "organisations:errors.pickRole",
  }),
});

export const RemoveMemberSchema = z.object({
  intent: z.literal("remove"),
  assignmentId: z.string().uuid("organisations:errors.memberNotFound"),
});

export const CancelInvitationSchema = z.object({
  intent: z.literal("cancelInvitation"),
  invitationId: z.string().uuid("organisations:errors.invitationNotFound"),
});

export const AnswerInvitationSchema = z.object({
  intent: z.enum(["accept", "decline"]),
  invitationId: z.string().uuid("organisations:errors.invitationNotFound"),
});

export const DecideOrganisationSchema = z
  .object({
    intent: z.enum(["verify", "reject"]),
    reason: optionalText({ max: reasonMax }),
  })
  .superRefine((value, ctx) => {
    if (value.intent === "reject" && !value.reason)
      ctx.addIssue({ code: "custom", path: ["reason"], message: "organisations:errors.reasonRequired" });
  });

export const ResubmitSchema = z.object({ intent: z.literal("resubmit") });

const affirmed = z
  .literal("on", { errorMap: () => ({ message: "organisations:errors.declarationRequired" }) })
  .optional()
  .transform((v) => v === "on");

export const DeclarationSchema = z.object({
  declarantName: requiredText({ max: contactNameMax }),
  notAbnormal1y: affirmed,
  notSeriousViolation2y: affirmed,
  noMajorViolation3y: affirmed,
  note: optionalText({ max: noteMax }),
});
