import { asc, eq } from "drizzle-orm";
import { consultationResponses } from "~db/schema/consultations";
import { db } from "~/lib/db.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { bordaRanking, type BordaRow } from "./borda";
import { consultationState } from "./consultation-schemas";
import { isOrganiser, listQuestions, type Consultation } from "./consultation-queries.server";
import { instantRunoff, type RunoffResult } from "./instant-runoff";
import { scaleMax, scaleMin, type Answer, type Question } from "./questionnaire";

/**
 * Whether the person may see the results now: organisers always; everyone once the consultation has
 * closed, or while it is open when the organiser chose live results. Drafts and cancelled ones: organisers only.
 */
export function canSeeResults(consultation: Consultation, roles: readonly ScopedRole[], now: Date) {
  if (isOrganiser(roles, consultation)) return true;
  const state = consultationState(consultation, now);
  return state === "closed" || (state === "open" && consultation.liveResults);
}

/** Exports (anonymised answers): organisers always, everyone once closed. */
export function canExport(consultation: Consultation, roles: readonly ScopedRole[], now: Date) {
  return isOrganiser(roles, consultation) || consultationState(consultation, now) === "closed";
}

export type QuestionResult =
  | { question: Question; kind: "single" | "multiple"; answered: number; counts: number[] }
  | { question: Question; kind: "scale"; answered: number; counts: number[]; mean: number | null }
  | { question: Question; kind: "ranking"; answered: number; borda: BordaRow[]; runoff: RunoffResult }
  | { question: Question; kind: "text"; answered: number; texts: string[] };

export interface ConsultationResults {
  responses: { web: number; assisted: number; total: number };
  questions: QuestionResult[];
}

async function loadResponses(consultationId: string) {
  return (
    db
      .select({
        id: consultationResponses.id,
        channel: consultationResponses.channel,
        answers: consultationResponses.answers,
      })
      .from(consultationResponses)
      .where(eq(consultationResponses.consultationId, consultationId))
      // By the random id: an order that says nothing about who answered when.
      .orderBy(asc(consultationResponses.id))
  );
}

const asIndexes = (value: Answer | undefined): number[] =>
  Array.isArray(value) ? value.filter((v) => Number.isInteger(v)) : typeof value === "number" ? [value] : [];

/** Tallies every question of the consultation. */
export function tally(
  questions: readonly Question[],
  answers: readonly Record<string, Answer>[],
): QuestionResult[] {
  return questions.map((question): QuestionResult => {
    const values = answers.map((a) => a[question.id]).filter((v) => v !== undefined && v !== "");
    const answered = values.length;
    switch (question.kind) {
      case "single":
      case "multiple": {
        const counts = question.options.map(() => 0);
        for (const v of values) for (const i of asIndexes(v)) if (i >= 0 && i < counts.length) counts[i]!++;
        return { question, kind: question.kind, answered, counts };
      }
      case "scale": {
        const counts = Array.from({ length: scaleMax - scaleMin + 1 }, () => 0);
        let sum = 0;
        for (const v of values)
          if (typeof v === "number" && v >= scaleMin && v <= scaleMax) {
            counts[v - scaleMin]!++;
            sum += v;
          }
        const n = counts.reduce((a, b) => a + b, 0);
        return { question, kind: "scale", answered: n, counts, mean: n ? sum / n : null };
      }
      case "ranking": {
        const ballots = values.map(asIndexes);
        return {
          question,
          kind: "ranking",
          answered,
          borda: bordaRanking(question.options.length, ballots),
          runoff: instantRunoff(question.options.length, ballots),
        };
      }
      case "text":
        return {
          question,
          kind: "text",
          answered,
          texts: values
            .filter((v): v is string => typeof v === "string")
            .sort((a, b) => a.localeCompare(b, "zh-CN")),
        };
    }
  });
}

export async function consultationResults(consultationId: string): Promise<ConsultationResults> {
  const [questions, rows] = await Promise.all([listQuestions(consultationId), loadResponses(consultationId)]);
  const web = rows.filter((r) => r.channel === "web").length;
  return {
    responses: { web, assisted: rows.length - web, total: rows.length },
    questions: tally(
      questions,
      rows.map((r) => r.answers),
    ),
  };
}

/** A random order of 1…n (crypto), so respondent numbers differ between exports and say nothing. */
function shuffledNumbers(n: number): number[] {
  const out = Array.from({ length: n }, (_, i) => i + 1);
  const random = new Uint32Array(Math.max(n, 1));
  crypto.getRandomValues(random);
  for (let i = n - 1; i > 0; i--) {
    const j = random[i]! % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** An answer as readable text: option texts, a ranking with ">", a scale number, or the text. */
export function answerText(question: Question, value: Answer | undefined): string {
  if (value === undefined) return "";
  switch (question.kind) {
    case "single":
    case "multiple":
      return asIndexes(value)
        .map((i) => question.options[i] ?? "")
        .join(" | ");
    case "ranking":
      return asIndexes(value)
        .map((i) => question.options[i] ?? "")
        .join(" > ");
    case "scale":
      return typeof value === "number" ? String(value) : "";
    case "text":
      return typeof value === "string" ? value : "";
  }
}

/**
 * Every response, anonymised: no user ids, no times, a per-export random respondent number, rows sorted
 * by that number. Questions are numbered by their place in the questionnaire.
 */
export async function exportResponses(consultation: Consultation) {
  const [questions, rows] = await Promise.all([
    listQuestions(consultation.id),
    loadResponses(consultation.id),
  ]);
  const numbers = shuffledNumbers(rows.length);
  const responses = rows
    .map((r, i) => ({ respondent: numbers[i]!, channel: r.channel, answers: r.answers }))
    .sort((a, b) => a.respondent - b.respondent);
  return { questions, responses };
}

function csvField(value: string | number): string {
  const text = String(value);
  // Also defuses spreadsheet formulas ("=…", "+…", "-…", "@…").
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function responsesCsv(
  data: Awaited<ReturnType<typeof exportResponses>>,
  headings: { respondent: string; channel: string; channelName: (c: "web" | "assisted") => string },
) {
  const header = [
    headings.respondent,
    headings.channel,
    ...data.questions.map((q, i) => `Q${i + 1} ${q.prompt}`),
  ];
  const lines = [header.map(csvField).join(",")];
  for (const r of data.responses) {
    lines.push(
      [
        r.respondent,
        headings.channelName(r.channel),
        ...data.questions.map((q) => answerText(q, r.answers[q.id])),
      ]
        .map(csvField)
        .join(","),
    );
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

export function responsesJson(consultation: Consultation, data: Awaited<ReturnType<typeof exportResponses>>) {
  return {
    consultation: {
      id: consultation.id,
      title: consultation.title,
      areaCode: consultation.area.code,
      opensAt: consultation.opensAt.toISOString(),
      closesAt: consultation.closesAt.toISOString(),
    },
    questions: data.questions.map((q, i) => ({
      number: i + 1,
      kind: q.kind,
      prompt: q.prompt,
      options: q.options,
      required: q.required,
      minChoices: q.minChoices,
      maxChoices: q.maxChoices,
    })),
    responses: data.responses.map((r) => ({
      respondent: r.respondent,
      channel: r.channel,
      answers: Object.fromEntries(data.questions.map((q, i) => [`Q${i + 1}`, r.answers[q.id] ?? null])),
    })),
  };
}
