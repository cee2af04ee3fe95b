import { messageKey } from "~/lib/messages";

/**
 * Pure, client-safe validation of questionnaire answers against the questions. Answers are kept by
 * question id: an option index (single), option indexes (multiple), option indexes in order of
 * preference (ranking, first = most preferred, a subset allowed), an integer 1–5 (scale) or text.
 * Every message is a catalogue key.
 */
export const questionKinds = ["single", "multiple", "ranking", "scale", "text"] as const;
export type QuestionKind = (typeof questionKinds)[number];
export const choiceKinds: readonly QuestionKind[] = ["single", "multiple", "ranking"];

export const textAnswerMax = 1000;
export const scaleMin = 1;
export const scaleMax = 5;
export const optionsMin = 2;
export const optionsMax = 12;

export interface Question {
  id: string;
  kind: QuestionKind;
  prompt: string;
  options: string[];
  minChoices: number | null;
  maxChoices: number | null;
  required: boolean;
}

export type Answer = number | number[] | string;
export type Answers = Record<string, Answer>;
export type AnswerErrors = Record<string, string>;

export type AnswerCheck = { ok: true; answers: Answers } | { ok: false; errors: AnswerErrors };

const isIndex = (value: unknown, count: number): value is number =>
  typeof value === "number" && Number.isInteger(value) && value >= 0 && value < count;

/** The form field name of a question (ranking: one select per option, `${name}.${option}`). */
export function answerField(questionId: string) {
  return `q-${questionId}`;
}

export function rankingField(questionId: string, option: number) {
  return `q-${questionId}-${option}`;
}

/** The bounds of a multiple-choice question (defaults: at least 1, at most every option). */
export function choiceBounds(question: Question) {
  const min = Math.max(question.minChoices ?? 1, 1);
  const max = question.maxChoices ?? question.options.length;
  return { min, max };
}

/**
 * Checks typed answers against the questions: unknown question ids are refused, a required question must
 * be answered, option indexes must exist, a multiple choice must respect min/max, a ranking must list
 * distinct options, a scale is an integer 1–5, a text at most 1,000 characters. Optional questions may be
 * left out. Returns the cleaned answers (texts trimmed, empty answers dropped).
 */
export function checkAnswers(
  questions: readonly Question[],
  answers: Readonly<Record<string, unknown>>,
): AnswerCheck {
  const errors: AnswerErrors = {};
  const clean: Answers = {};
  const known = new Set(questions.map((q) => q.id));
  for (const id of Object.keys(answers)) {
    if (!known.has(id)) errors[id] = "consultations:answerErrors.unknownQuestion";
  }
  for (const q of questions) {
    let value = answers[q.id];
    if (typeof value === "string" && q.kind === "text") value = value.trim();
    const empty =
      value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
    if (empty) {
      if (q.required) errors[q.id] = "consultations:answerErrors.required";
      continue;
    }
    const count = q.options.length;
    switch (q.kind) {
      case "single":
        if (!isIndex(value, count)) errors[q.id] = "consultations:answerErrors.invalidOption";
        else clean[q.id] = value;
        break;
      case "multiple":
      case "ranking": {
        if (!Array.isArray(value) || !value.every((v) => isIndex(v, count))) {
          errors[q.id] = "consultations:answerErrors.invalidOption";
          break;
        }
        const list = value as number[];
        if (new Set(list).size !== list.length) {
          errors[q.id] =
            q.kind === "ranking"
              ? "consultations:answerErrors.rankingDuplicate"
              : "consultations:answerErrors.invalidOption";
          break;
        }
        if (q.kind === "multiple") {
          const { min, max } = choiceBounds(q);
          if (list.length < min) {
            errors[q.id] = messageKey("consultations:answerErrors.tooFew", { min });
            break;
          }
          if (list.length > max) {
            errors[q.id] = messageKey("consultations:answerErrors.tooMany", { max });
            break;
          }
          clean[q.id] = [...list].sort((a, b) => a - b);
        } else clean[q.id] = [...list];
        break;
      }
      case "scale":
        if (typeof value !== "number" || !Number.isInteger(value) || value < scaleMin || value > scaleMax)
          errors[q.id] = messageKey("consultations:answerErrors.scaleRange", {
            min: scaleMin,
            max: scaleMax,
          });
        else clean[q.id] = value;
        break;
      case "text":
        if (typeof value !== "string") errors[q.id] = "consultations:answerErrors.required";
        else if (value.length > textAnswerMax)
          errors[q.id] = messageKey("consultations:answerErrors.tooLong", { max: textAnswerMax });
        else clean[q.id] = value;
        break;
    }
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, answers: clean };
}

const integer = (text: string | undefined): number | null =>
  text !== undefined && /^\s*\d{1,3}\s*$/.test(text) ? Number(text) : null;

/**
 * Reads the answers from a submitted form (works without JavaScript): radios give an option index,
 * checkboxes several, a scale radio 1–5, a textarea the text, and a ranking one select per option holding
 * its position ("" = not ranked). Positions must be 1…k with no repeats and no gaps; they become the
 * option indexes in order of preference. Field-level problems found while reading are returned together
 * with `checkAnswers`' own.
 */
export function readAnswerForm(
  questions: readonly Question[],
  getAll: (name: string) => string[],
): AnswerCheck & { values: Answers } {
  const errors: AnswerErrors = {};
  const read: Record<string, unknown> = {};
  const values: Answers = {};
  for (const q of questions) {
    const raw = getAll(answerField(q.id)).filter((v) => v.trim() !== "");
    switch (q.kind) {
      case "single":
      case "scale": {
        if (raw.length === 0) break;
        const n = integer(raw[0]);
        read[q.id] = n === null || raw.length > 1 ? -1 : n;
        if (n !== null) values[q.id] = n;
        break;
      }
      case "multiple": {
        const list = raw.map(integer);
        read[q.id] = list.map((n) => n ?? -1);
        values[q.id] = list.filter((n): n is number => n !== null);
        break;
      }
      case "text":
        if (raw.length) read[q.id] = raw.join("\n");
        values[q.id] = raw.join("\n");
        break;
      case "ranking": {
        const positions: { option: number; position: number }[] = [];
        let bad = false;
        q.options.forEach((_, option) => {
          const text = getAll(rankingField(q.id, option))[0]?.trim() ?? "";
          if (text === "") return;
          const n = integer(text);
          if (n === null || n < 1 || n > q.options.length) bad = true;
          else positions.push({ option, position: n });
        });
        const order = [...positions].sort((a, b) => a.position - b.position);
        values[q.id] = order.map((p) => p.option);
        if (bad) {
          errors[q.id] = "consultations:answerErrors.invalidOption";
          break;
        }
        if (new Set(order.map((p) => p.position)).size !== order.length) {
          errors[q.id] = "consultations:answerErrors.rankingDuplicate";
          break;
        }
        if (order.some((p, i) => p.position !== i + 1)) {
          errors[q.id] = "consultations:answerErrors.rankingGap";
          break;
        }
        if (order.length) read[q.id] = order.map((p) => p.option);
        break;
      }
    }
  }
  const checked = checkAnswers(questions, read);
  if (!checked.ok) for (const [id, e] of Object.entries(checked.errors)) errors[id] ??= e;
  if (Object.keys(errors).length) return { ok: false, errors, values };
  return { ...(checked as { ok: true; answers: Answers }), values };
}
