import {
  getFormProps,
  getInputProps,
  getSelectProps,
  useForm,
  type SubmissionResult,
} from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorList, Field, FormErrors, TextareaField } from "~/components/forms";
import { backgroundMax, ConsultationSchema, eligibilities, titleMax } from "~/modules/consultations/consultation-schemas";

export interface ConsultationFormValues {
  title: string;
  background: string;
  opensAt: string;
  closesAt: string;
  eligibility: string;
  liveResults: boolean;
  allowStatements: boolean;
}

/** The consultation's own fields (new and edit). Extra hidden inputs or an area select go in `children`. */
export function ConsultationForm({
  id,
  defaultValue,
  lastResult,
  submitLabel,
  children,
}: {
  id: string;
  defaultValue: ConsultationFormValues;
  lastResult: SubmissionResult<string[]> | undefined;
  submitLabel: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id,
    lastResult,
    defaultValue: {
      ...defaultValue,
      liveResults: defaultValue.liveResults ? "on" : undefined,
      allowStatements: defaultValue.allowStatements ? "on" : undefined,
    },
    constraint: getZodConstraint(ConsultationSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ConsultationSchema }),
  });
  const checkbox = (meta: typeof fields.liveResults, label: string) => (
    <div className="field">
      <label className="choice">
        <input {...getInputProps(meta, { type: "checkbox" })} key={meta.key} />
        {label}
      </label>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <input type="hidden" name="intent" value="details" />
      <FormErrors id={form.errorId} errors={form.errors} />
      {children}
      <Field
        meta={fields.title}
        label={t("consultations:form.title")}
        hint={t("consultations:form.titleHint", { max: titleMax })}
      />
      <TextareaField
        meta={fields.background}
        label={t("consultations:form.background")}
        hint={t("consultations:form.backgroundHint", { max: backgroundMax })}
      />
      <Field
        meta={fields.opensAt}
        type="datetime-local"
        label={t("consultations:form.opensAt")}
        hint={t("consultations:form.timeHint")}
      />
      <Field
        meta={fields.closesAt}
        type="datetime-local"
        label={t("consultations:form.closesAt")}
        hint={t("consultations:form.timeHint")}
      />
      <div className="field">
        <label htmlFor={fields.eligibility.id}>{t("consultations:form.eligibility")}</label>
        <select {...getSelectProps(fields.eligibility)} key={fields.eligibility.key}>
          {eligibilities.map((e) => (
            <option key={e} value={e}>
              {t(`consultations:eligibility.${e}`)}
            </option>
          ))}
        </select>
        <ErrorList id={fields.eligibility.errorId} errors={fields.eligibility.errors} />
      </div>
      {checkbox(fields.liveResults, t("consultations:form.liveResults"))}
      {checkbox(fields.allowStatements, t("consultations:form.allowStatements"))}
      <div className="button-row">
        <button type="submit" className="primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
