import { z } from "zod";
import { optionalText, requiredText } from "~/lib/validation";

/** Client-safe schemas of the residency forms. Messages are catalogue keys. */

export const residencyMessageMax = 200;
export const decisionReasonMax = 200;

const areaCode = z
  .string({
    required_error: "residency:errors.pickCommunity",
    invalid_type_error: "residency:errors.pickCommunity",
  })
  .trim()
  .regex(/^[0-9A-Za-z_-]{1,32}$/, "residency:errors.pickCommunity");

const optionalAreaCode = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z_-]{1,32}$/, "residency:errors.pickGrid")
  .optional();

const id = z.string({ required_error: "errors:required" }).uuid("residency:errors.requestNotFound");

export const RequestResidencySchema = z.object({
  intent: z.literal("request"),
  community: areaCode,
  grid: optionalAreaCode,
  message: optionalText({ max: residencyMessageMax }),
});

export const CancelResidencyRequestSchema = z.object({
  intent: z.literal("cancel"),
  requestId: id,
});

export const RedeemInviteSchema = z.object({
  intent: z.literal("redeem"),
  code: requiredText({ max: 20 }),
});

export const DecideResidencySchema = z
  .object({
    intent: z.enum(["approve", "reject"]),
    requestId: id,
    reason: optionalText({ max: decisionReasonMax }),
  })
  .superRefine((value, ctx) => {
    if (value.intent === "reject" && !value.reason) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "residency:errors.reasonRequired" });
    }
  });

export const IssueInviteSchema = z.object({
  scope: z
    .string({
      required_error: "residency:errors.pickScope",
      invalid_type_error: "residency:errors.pickScope",
    })
    .trim()
    .regex(/^[0-9A-Za-z_-]{1,32}$/, "residency:errors.pickScope"),
});

/** The alphabet of invite codes: no 0/O, 1/I/L, so a code read aloud or copied by hand survives. */
export const inviteAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const inviteCodeLength = 8;

/**
 * What a person typed, reduced to the code's 8 characters (case, spaces and dashes ignored), or null when
 * it cannot be a code at all.
 */
export function normalizeInviteCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, "");
  if (compact.length !== inviteCodeLength) return null;
  for (const ch of compact) if (!inviteAlphabet.includes(ch)) return null;
  return compact;
}

/** "ABCDEFGH" → "ABCD-EFGH", easier to read out and type. */
export function formatInviteCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
