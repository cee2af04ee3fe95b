import { describe, expect, test } from "vitest";
import { answerField, checkAnswers, rankingField, readAnswerForm, type Question } from "./questionnaire";

const q = (id: string, kind: Question["kind"], extra: Partial<Question> = {}): Question => ({
  id,
  kind,
  prompt: id,
  options: kind === "scale" || kind === "text" ? [] : ["甲", "乙", "丙", "丁"],
  minChoices: null,
  maxChoices: null,
  required: true,
  ...extra,
});

const questions = [
  q("single", "single"),
  q("multi", "multiple", { minChoices: 2, maxChoices: 3 }),
  q("rank", "ranking"),
  q("scale", "scale"),
  q("text", "text", { required: false }),
];

const good = { single: 1, multi: [0, 2], rank: [3, 0], scale: 5, text: "  多装路灯  " };

function form(entries: [string, string][]) {
  return (name: string) => entries.filter(([k]) => k === name).map(([, v]) => v);
}

describe("checkAnswers", () => {
  test("valid answers pass, texts trimmed, multiple sorted, ranking order kept", () => {
    const result = checkAnswers(questions, { ...good, multi: [2, 0] });
    expect(result).toEqual({ ok: true, answers: { ...good, text: "多装路灯", multi: [0, 2] } });
  });

  test("required questions must be answered; optional ones may be left out", () => {
    const result = checkAnswers(questions, { single: 0, multi: [0, 1], rank: [1], scale: 3 });
    expect(result.ok).toBe(true);
    const missing = checkAnswers(questions, { multi: [], text: "" });
    expect(missing).toEqual({
      ok: false,
      errors: {
        single: "consultations:answerErrors.required",
        multi: "consultations:answerErrors.required",
        rank: "consultations:answerErrors.required",
        scale: "consultations:answerErrors.required",
      },
    });
  });

  test("multiple choice respects min and max", () => {
    expect(checkAnswers(questions, { ...good, multi: [1] })).toMatchObject({
      errors: { multi: 'consultations:answerErrors.tooFew|{"min":2}' },
    });
    expect(checkAnswers(questions, { ...good, multi: [0, 1, 2, 3] })).toMatchObject({
      errors: { multi: 'consultations:answerErrors.tooMany|{"max":3}' },
    });
    expect(checkAnswers(questions, { ...good, multi: [0, 1, 2] }).ok).toBe(true);
    expect(checkAnswers(questions, { ...good, multi: [1, 1] })).toMatchObject({
      errors: { multi: "consultations:answerErrors.invalidOption" },
    });
  });

  test("scale out of range or not an integer is refused", () => {
    for (const scale of [0, 6, 2.5, "3"]) {
      expect(checkAnswers(questions, { ...good, scale })).toMatchObject({
        errors: { scale: 'consultations:answerErrors.scaleRange|{"min":1,"max":5}' },
      });
    }
    expect(checkAnswers(questions, { ...good, scale: 1 }).ok).toBe(true);
  });

  test("option indexes out of range, repeated ranks, unknown questions and long texts are refused", () => {
    expect(checkAnswers(questions, { ...good, single: 4 })).toMatchObject({
      errors: { single: "consultations:answerErrors.invalidOption" },
    });
    expect(checkAnswers(questions, { ...good, single: -1 }).ok).toBe(false);
    expect(checkAnswers(questions, { ...good, rank: [0, 0] })).toMatchObject({
      errors: { rank: "consultations:answerErrors.rankingDuplicate" },
    });
    expect(checkAnswers(questions, { ...good, rank: [0, 9] })).toMatchObject({
      errors: { rank: "consultations:answerErrors.invalidOption" },
    });
    expect(checkAnswers(questions, { ...good, forged: 1 })).toMatchObject({
      errors: { forged: "consultations:answerErrors.unknownQuestion" },
    });
    expect(checkAnswers(questions, { ...good, text: "字".repeat(1001) })).toMatchObject({
      errors: { text: 'consultations:answerErrors.tooLong|{"max":1000}' },
    });
    expect(checkAnswers(questions, { ...good, text: "字".repeat(1000) }).ok).toBe(true);
  });
});

describe("readAnswerForm", () => {
  const base: [string, string][] = [
    [answerField("single"), "2"],
    [answerField("multi"), "0"],
    [answerField("multi"), "3"],
    [answerField("scale"), "4"],
    [answerField("text"), ""],
  ];

  test("reads radios, checkboxes, ranking selects and textareas", () => {
    const result = readAnswerForm(
      questions,
      form([
        ...base,
        [rankingField("rank", 0), "2"],
        [rankingField("rank", 2), "1"],
        [rankingField("rank", 1), ""],
      ]),
    );
    expect(result).toMatchObject({ ok: true, answers: { single: 2, multi: [0, 3], rank: [2, 0], scale: 4 } });
  });

  test("ranking positions must be 1…k without repeats or gaps", () => {
    const dup = readAnswerForm(
      questions,
      form([...base, [rankingField("rank", 0), "1"], [rankingField("rank", 1), "1"]]),
    );
    expect(dup).toMatchObject({ ok: false, errors: { rank: "consultations:answerErrors.rankingDuplicate" } });
    const gap = readAnswerForm(
      questions,
      form([...base, [rankingField("rank", 0), "1"], [rankingField("rank", 1), "3"]]),
    );
    expect(gap).toMatchObject({ ok: false, errors: { rank: "consultations:answerErrors.rankingGap" } });
    const out = readAnswerForm(questions, form([...base, [rankingField("rank", 0), "5"]]));
    expect(out).toMatchObject({ ok: false, errors: { rank: "consultations:answerErrors.invalidOption" } });
    const none = readAnswerForm(questions, form(base));
    expect(none).toMatchObject({ ok: false, errors: { rank: "consultations:answerErrors.required" } });
  });

  test("garbage in a radio is an invalid option, and a scale of 9 is out of range", () => {
    const result = readAnswerForm(
      questions,
      form([
        [answerField("single"), "x"],
        [answerField("multi"), "0"],
        [answerField("multi"), "1"],
        [answerField("scale"), "9"],
        [rankingField("rank", 1), "1"],
      ]),
    );
    expect(result).toMatchObject({
      ok: false,
      errors: {
        single: "consultations:answerErrors.invalidOption",
        scale: 'consultations:answerErrors.scaleRange|{"min":1,"max":5}',
      },
    });
  });
});
