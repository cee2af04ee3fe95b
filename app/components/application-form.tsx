import { getFormProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorList, Field, FormErrors, TextareaField } from "~/components/forms";
import { allowedMimeTypes, maxUploadFiles } from "~/modules/uploads/file-type";
import { budgetCategories, budgetCategoryLabel } from "~/modules/funding/budget-rules";
import {
  longTextMax,
  rowsPerList,
  shortTextMax,
  titleMax,
  type ApplicationFormValues,
} from "~/modules/funding/application-schemas";

export interface ApplicationFormProps {
  applicationId: string;
  callKind: "venture" | "purchase";
  /** Money rules of the call, already formatted ("¥300,000", 60). */
  capText: string;
  sharePercent: number;
  projects: { id: string; title: string }[];
  attachments: { id: string; fileName: string }[];
  defaultValue: ApplicationFormValues;
  lastResult?: SubmissionResult<string[]>;
}

type Rows = ApplicationFormValues["activities" | "indicators" | "budget"];

function row<T extends Rows>(list: T | undefined, i: number): Partial<T[number]> {
  return (Array.isArray(list) ? list[i] : undefined) ?? {};
}

/**
 * The application form: plain fields, then fixed rows of activities, indicators and budget lines (so it
 * works without JavaScript; blank rows are ignored). "Save draft" keeps an incomplete form; "Submit"
 * checks everything and lists each missing field.
 */
export function ApplicationForm(props: ApplicationFormProps) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: `application-${props.applicationId}`,
    lastResult: props.lastResult,
    defaultValue: props.defaultValue,
    shouldRevalidate: "onBlur",
  });
  // Rows are plain inputs: after a refused submission they show what was typed.
  const typed =
    (props.lastResult?.initialValue as Partial<ApplicationFormValues> | undefined) ?? props.defaultValue;
  const errorsOf = (name: string) => form.allErrors[name] ?? null;
  const indexes = Array.from({ length: rowsPerList }, (_, i) => i);
  const purchase = props.callKind === "purchase";

  return (
    <Form
      method="post"
      encType="multipart/form-data"
      {...getFormProps(form)}
      className="stack application-form"
    >
      <CsrfInput />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field
        meta={fields.title}
        label={t("applications:form.title")}
        hint={t("applications:form.maxChars", { max: titleMax })}
      />
      <TextareaField
        meta={fields.summary}
        label={t("applications:form.summary")}
        hint={t("applications:form.maxChars", { max: longTextMax })}
      />
      <TextareaField
        meta={fields.needs}
        label={t("applications:form.needs")}
        hint={t("applications:form.needsHint")}
      />
      <Field
        meta={fields.beneficiaries}
        label={t("applications:form.beneficiaries")}
        hint={t("applications:form.maxChars", { max: shortTextMax })}
      />
      <Field
        meta={fields.beneficiaryCount}
        label={t("applications:form.beneficiaryCount")}
        type="number"
        inputMode="numeric"
      />
      <TextareaField meta={fields.objectives} label={t("applications:form.objectives")} />

      <fieldset>
        <legend>{t("applications:form.activities")}</legend>
        <p className="hint">{t("applications:form.rowsHint", { max: rowsPerList })}</p>
        <ErrorList errors={errorsOf("activities")} />
        <table className="form-rows">
          <caption className="visually-hidden">{t("applications:form.activities")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("applications:form.activity")}</th>
              <th scope="col">{t("applications:form.timing")}</th>
            </tr>
          </thead>
          <tbody>
            {indexes.map((i) => {
              const r = row(typed.activities, i);
              return (
                <tr key={i}>
                  <td>
                    <input
                      name={`activities[${i}].activity`}
                      defaultValue={r.activity ?? ""}
                      aria-label={t("applications:form.activityRow", { n: i + 1 })}
                    />
                    <ErrorList errors={errorsOf(`activities[${i}].activity`)} />
                  </td>
                  <td>
                    <input
                      name={`activities[${i}].timing`}
                      defaultValue={r.timing ?? ""}
                      aria-label={t("applications:form.timingRow", { n: i + 1 })}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </fieldset>

      <fieldset>
        <legend>{t("applications:form.indicators")}</legend>
        <ErrorList errors={errorsOf("indicators")} />
        <table className="form-rows">
          <caption className="visually-hidden">{t("applications:form.indicators")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("applications:form.indicator")}</th>
              <th scope="col">{t("applications:form.target")}</th>
            </tr>
          </thead>
          <tbody>
            {indexes.map((i) => {
              const r = row(typed.indicators, i);
              return (
                <tr key={i}>
                  <td>
                    <input
                      name={`indicators[${i}].indicator`}
                      defaultValue={r.indicator ?? ""}
                      aria-label={t("applications:form.indicatorRow", { n: i + 1 })}
                    />
                    <ErrorList errors={errorsOf(`indicators[${i}].indicator`)} />
                  </td>
                  <td>
                    <input
                      name={`indicators[${i}].target`}
                      defaultValue={r.target ?? ""}
                      aria-label={t("applications:form.targetRow", { n: i + 1 })}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </fieldset>

      <TextareaField meta={fields.team} label={t("applications:form.team")} />

      <fieldset>
        <legend>{t("applications:form.budget")}</legend>
        <p className="hint">{t("applications:form.budgetHint")}</p>
        <ErrorList errors={errorsOf("budget")} />
        <table className="form-rows">
          <caption className="visually-hidden">{t("applications:form.budget")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("applications:form.category")}</th>
              <th scope="col">{t("applications:form.item")}</th>
              <th scope="col">{t("applications:form.amount")}</th>
            </tr>
          </thead>
          <tbody>
            {indexes.map((i) => {
              const r = row(typed.budget, i);
              return (
                <tr key={i}>
                  <td>
                    <select
                      name={`budget[${i}].category`}
                      defaultValue={r.category ?? ""}
                      aria-label={t("applications:form.categoryRow", { n: i + 1 })}
                    >
                      <option value="">{t("applications:form.choose")}</option>
                      {budgetCategories.map((c) => (
                        <option key={c} value={c}>
                          {t(budgetCategoryLabel[c])}
                        </option>
                      ))}
                    </select>
                    <ErrorList errors={errorsOf(`budget[${i}].category`)} />
                  </td>
                  <td>
                    <input
                      name={`budget[${i}].item`}
                      defaultValue={r.item ?? ""}
                      aria-label={t("applications:form.itemRow", { n: i + 1 })}
                    />
                    <ErrorList errors={errorsOf(`budget[${i}].item`)} />
                  </td>
                  <td>
                    <input
                      name={`budget[${i}].amount`}
                      defaultValue={r.amount ?? ""}
                      inputMode="decimal"
                      aria-label={t("applications:form.amountRow", { n: i + 1 })}
                    />
                    <ErrorList errors={errorsOf(`budget[${i}].amount`)} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </fieldset>

      <Field
        meta={fields.selfRaised}
        label={t("applications:form.selfRaised")}
        hint={t("applications:form.selfRaisedHint", { percent: 100 - props.sharePercent })}
        inputMode="decimal"
      />
      <Field
        meta={fields.requested}
        label={purchase ? t("applications:form.bid") : t("applications:form.requested")}
        hint={t("applications:form.requestedHint", { cap: props.capText, percent: props.sharePercent })}
        inputMode="decimal"
      />

      {props.projects.length > 0 ? (
        <div className="field">
          <label htmlFor={fields.livelihoodProjectId.id}>{t("applications:form.project")}</label>
          <select {...getSelectProps(fields.livelihoodProjectId)} key={fields.livelihoodProjectId.key}>
            <option value="">{t("applications:form.noProject")}</option>
            {props.projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
          <ErrorList id={fields.livelihoodProjectId.errorId} errors={fields.livelihoodProjectId.errors} />
        </div>
      ) : null}

      {props.attachments.length > 0 ? (
        <section aria-labelledby="application-files-heading">
          <h2 id="application-files-heading">{t("applications:form.currentFiles")}</h2>
          <ul>
            {props.attachments.map((a) => (
              <li key={a.id}>
                <a href={`/applications/${props.applicationId}/files/${a.id}`}>{a.fileName}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="field">
        <label htmlFor="application-files">{t("applications:form.files")}</label>
        <p id="application-files-hint" className="hint">
          {t("applications:form.filesHint", { max: maxUploadFiles })}
        </p>
        <input
          id="application-files"
          type="file"
          name="files"
          multiple
          accept={allowedMimeTypes.join(",")}
          aria-describedby="application-files-hint"
        />
      </div>

      <div className="button-row">
        <button type="submit" name="intent" value="submit" className="primary">
          {t("applications:form.submit")}
        </button>{" "}
        <button type="submit" name="intent" value="save" className="secondary" formNoValidate>
          {t("applications:form.save")}
        </button>
      </div>
    </Form>
  );
}
