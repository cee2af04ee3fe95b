import { useTranslation } from "react-i18next";
import { ErrorList } from "~/components/forms";
import {
  answerField,
  choiceBounds,
  rankingField,
  scaleMax,
  scaleMin,
  textAnswerMax,
  type Answer,
  type AnswerErrors,
  type Question,
} from "~/modules/consultations/questionnaire";

const scaleValues = Array.from({ length: scaleMax - scaleMin + 1 }, (_, i) => scaleMin + i);

/**
 * The questionnaire as plain form fields (works without JavaScript): radios, checkboxes, one position
 * select per option for a ranking, 1–5 radios, a textarea. `values` pre-fills (the person's earlier
 * answer or what they just sent); `errors` are catalogue keys per question id.
 */
export function QuestionnaireFields({
  questions,
  values,
  errors,
  disabled = false,
}: {
  questions: readonly Question[];
  values: Readonly<Record<string, Answer>>;
  errors: AnswerErrors;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <ol className="questionnaire">
      {questions.map((q, n) => {
        const name = answerField(q.id);
        const errorId = `${name}-error`;
        const hintId = `${name}-hint`;
        const value = values[q.id];
        const invalid = errors[q.id] ? true : undefined;
        const describedBy = [hintId, invalid ? errorId : null].filter(Boolean).join(" ");
        const legend = (
          <>
            {t("consultations:respond.questionNumber", { n: n + 1 })} {q.prompt}{" "}
            <span className="muted">
              {q.required ? t("consultations:respond.required") : t("consultations:respond.optional")}
            </span>
          </>
        );
        const errorList = <ErrorList id={errorId} errors={errors[q.id] ? [errors[q.id]!] : null} />;
        if (q.kind === "text")
          return (
            <li key={q.id} className="question">
              <div className="field">
                <label htmlFor={name}>{legend}</label>
                <p id={hintId} className="hint">
                  {t("consultations:respond.textHint", { max: textAnswerMax })}
                </p>
                <textarea
                  id={name}
                  name={name}
                  maxLength={textAnswerMax}
                  rows={4}
                  defaultValue={typeof value === "string" ? value : ""}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  disabled={disabled}
                />
                {errorList}
              </div>
            </li>
          );
        let hint: string;
        switch (q.kind) {
          case "single":
            hint = t("consultations:respond.singleHint");
            break;
          case "multiple": {
            const { min, max } = choiceBounds(q);
            hint = t("consultations:respond.multipleHint", { min, max });
            break;
          }
          case "ranking":
            hint = t("consultations:respond.rankingHint", { count: q.options.length });
            break;
          default:
            hint = t("consultations:respond.scaleHint", { min: scaleMin, max: scaleMax });
        }
        const chosen = Array.isArray(value) ? value : typeof value === "number" ? [value] : [];
        return (
          <li key={q.id} className="question">
            <fieldset aria-describedby={describedBy} aria-invalid={invalid} disabled={disabled}>
              <legend>{legend}</legend>
              <p id={hintId} className="hint">
                {hint}
              </p>
              {q.kind === "single" || q.kind === "multiple"
                ? q.options.map((option, i) => (
                    <label key={i} className="choice">
                      <input
                        type={q.kind === "single" ? "radio" : "checkbox"}
                        name={name}
                        value={i}
                        defaultChecked={chosen.includes(i)}
                      />
                      {option}
                    </label>
                  ))
                : null}
              {q.kind === "scale"
                ? scaleValues.map((v) => (
                    <label key={v} className="choice">
                      <input type="radio" name={name} value={v} defaultChecked={value === v} />
                      {v}
                    </label>
                  ))
                : null}
              {q.kind === "ranking" ? (
                <div className="ranking-grid">
                  {q.options.map((option, i) => {
                    const id = rankingField(q.id, i);
                    const position = chosen.indexOf(i);
                    return (
                      <div key={i} className="ranking-row">
                        <label htmlFor={id}>{option}</label>
                        <select id={id} name={id} defaultValue={position >= 0 ? String(position + 1) : ""}>
                          <option value="">{t("consultations:respond.notRanked")}</option>
                          {q.options.map((_, p) => (
                            <option key={p} value={p + 1}>
                              {t("consultations:respond.position", { n: p + 1 })}
                            </option>
                          ))}
                        </select>
                      </div>
                    );
                  })}
                </div>
              ) : null}
              {errorList}
            </fieldset>
          </li>
        );
      })}
    </ol>
  );
}
