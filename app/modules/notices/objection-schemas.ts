import { z } from "zod";
import { requiredText } from "~/lib/validation";

/** Client-safe limits and form schemas for objections raised during a public notice (公示). */
export const objectionReasonMax = 1000;
export const objectionAnswerTextMax = 1000;
export const objectionAnswers = ["upheld", "dismissed"] as const;
export type ObjectionAnswer = (typeof objectionAnswers)[number];

export const RaiseObjectionSchema = z.object({
  intent: z.literal("object"),
  reason: requiredText({ max: objectionReasonMax }),
});

export const AnswerObjectionSchema = z.object({
  intent: z.literal("answer"),
  objectionId: z.string().uuid(),
  answer: z.enum(objectionAnswers, { required_error: "projects:errors.answerRequired" }),
  answerText: requiredText({ max: objectionAnswerTextMax }),
});

/** A moment as "2026-12-05 18:00" in Beijing time: language-neutral, for refusal messages. */
export function shanghaiMinute(date: Date): string {
  const shifted = new Date(date.getTime() + 8 * 3_600_000);
  return shifted.toISOString().slice(0, 16).replace("T", " ");
}
