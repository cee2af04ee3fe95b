import { z } from "zod";

/** Client-safe form schemas for the voting pages. */

const uuid = z.string().uuid();
const answer = z.enum(["yes", "no", "abstain"]);

/** Budget and approval: the chosen proposals; yes/no: `answer-<proposalId>` radios read by the route. */
export const CastBallotSchema = z.object({
  intent: z.enum(["cast", "check"]).default("cast"),
  proposalIds: z.array(uuid).max(500).default([]),
});

export const yesNoAnswer = answer;
export type YesNoAnswer = z.infer<typeof answer>;

/** The form field of one yes/no answer. */
export const answerField = (proposalId: string) => `answer-${proposalId}`;

/** Reads every `answer-<uuid>` field of a posted form; anything else is ignored. */
export function readAnswers(formData: FormData): Record<string, YesNoAnswer> {
  const answers: Record<string, YesNoAnswer> = {};
  for (const [name, value] of formData.entries()) {
    if (!name.startsWith("answer-")) continue;
    const id = uuid.safeParse(name.slice("answer-".length));
    const parsed = answer.safeParse(value);
    if (id.success && parsed.success) answers[id.data] = parsed.data;
  }
  return answers;
}

export const sheetMax = 40;

export const PaperBallotSchema = z.object({
  sheet: z
    .string({ required_error: "voting:errors.sheetRequired" })
    .trim()
    .min(1, "voting:errors.sheetRequired")
    .max(sheetMax, "voting:errors.sheetTooLong")
    .regex(/^[\p{L}\p{N}-]+$/u, "voting:errors.sheetFormat"),
  proposalIds: z.array(uuid).max(500).default([]),
});

const count = z.coerce
  .number({ invalid_type_error: "voting:errors.wholeNumber" })
  .int("voting:errors.wholeNumber")
  .min(0, "voting:errors.wholeNumber")
  .max(10_000, "voting:errors.wholeNumber");

export const CouncilVoteSchema = z.object({
  proposalId: uuid,
  members: count,
  present: count,
  yes: count,
  no: count,
  abstain: count,
});

export const ReceiptSchema = z.object({
  code: z.string().trim().max(40).optional(),
});
