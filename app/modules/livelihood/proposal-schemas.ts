import { z } from "zod";
import { messageKey } from "~/lib/messages";
import { optionalText, requiredText } from "~/lib/validation";
import { proposalTypes } from "./categories";
import { parseYuan } from "~/lib/money";

/** Client-safe form of a proposal. The scheme's own limits (categories, caps, area) are the server's. */
export const proposalTitleMax = 80;
export const proposalBodyMax = 5000;
export const addressMax = 200;
export const maxCoproposers = 5;

const yuan = z
  .string({ required_error: "errors:required", invalid_type_error: "errors:required" })
  .trim()
  .min(1, "errors:required")
  .transform((value, ctx) => {
    const fen = parseYuan(value);
    if (fen === null || fen <= 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "proposals:errors.costInvalid" });
      return z.NEVER;
    }
    return fen;
  });

const optionalId = z.preprocess(
  (v) => (v === "" || v === undefined || v === null ? undefined : v),
  z.coerce.number().int().positive().optional(),
);

/** Contacts of co-proposers, one per line (or separated by commas). */
const contacts = z
  .string()
  .optional()
  .transform((v) => [
    ...new Set(
      (v ?? "")
        .split(/[\n,，;；]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ])
  .refine(
    (list) => list.length <= maxCoproposers,
    messageKey("proposals:errors.tooManyCoproposers", { max: maxCoproposers }),
  );

export const proposalIntents = ["save", "publish", "similar"] as const;

export const ProposalSchema = z.object({
  intent: z.enum(proposalIntents).default("save"),
  title: requiredText({ max: proposalTitleMax }),
  body: requiredText({ max: proposalBodyMax }),
  category: z.string({ required_error: "errors:required" }).min(1, "errors:required"),
  type: z.enum(proposalTypes, { required_error: "errors:required", invalid_type_error: "errors:required" }),
  cost: yuan,
  communityId: z.coerce
    .number({ required_error: "errors:required", invalid_type_error: "errors:required" })
    .int()
    .positive(),
  gridId: optionalId,
  address: optionalText({ max: addressMax }),
  coproposers: contacts,
  /** On edit: attachments to remove. */
  removeAttachment: z.array(z.string().uuid()).optional(),
});
export type ProposalInput = z.output<typeof ProposalSchema>;

/** What the similar-proposals check needs: a title, at least. */
export const SimilarQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .max(proposalTitleMax * 2)
    .default(""),
});

export const ProposalActionSchema = z.object({
  intent: z.enum(["support", "retract", "withdraw", "publish"]),
});
