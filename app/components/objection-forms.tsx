import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorList, FormErrors, TextareaField } from "~/components/forms";
import {
  AnswerObjectionSchema,
  objectionAnswers,
  objectionAnswerTextMax,
  objectionReasonMax,
  RaiseObjectionSchema,
} from "~/modules/notices/objection-schemas";

/**
 * The two forms of any public notice (公示): raising an objection, and an official's answer to one.
 * The page's action reads `intent` ("object" or "answer") from the pressed button, so both work
 * without JavaScript.
 */

type Result = SubmissionResult<string[]> | undefined;

export function ObjectionForm({ lastResult }: { lastResult: Result }) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof RaiseObjectionSchema>>({
    id: "objection",
    lastResult,
    constraint: getZodConstraint(RaiseObjectionSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RaiseObjectionSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextareaField
        meta={fields.reason}
        label={t("common:objections.reason")}
        hint={t("common:objections.reasonHint", { max: objectionReasonMax })}
      />
      <div className="button-row">
        <button type="submit" name="intent" value="object" className="primary">
          {t("common:objections.submit")}
        </button>
      </div>
    </Form>
  );
}

export function ObjectionAnswerForm({
  objectionId,
  lastResult,
}: {
  objectionId: string;
  lastResult: Result;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof AnswerObjectionSchema>>({
    id: `answer-${objectionId}`,
    lastResult,
    constraint: getZodConstraint(AnswerObjectionSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AnswerObjectionSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <input type="hidden" name="objectionId" value={objectionId} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <fieldset className="choices">
        <legend>{t("common:objections.conclusion")}</legend>
        {objectionAnswers.map((value) => (
          <label key={value} className="choice">
            <input
              {...getInputProps(fields.answer, { type: "radio", value })}
              key={`${fields.answer.key}-${value}`}
              id={`${fields.answer.id}-${value}`}
            />
            {t(`common:objections.answer.${value}`)}
          </label>
        ))}
        <ErrorList id={fields.answer.errorId} errors={fields.answer.errors} />
      </fieldset>
      <TextareaField
        meta={fields.answerText}
        label={t("common:objections.answerText")}
        hint={t("common:objections.answerTextHint", { max: objectionAnswerTextMax })}
      />
      <div className="button-row">
        <button type="submit" name="intent" value="answer" className="primary">
          {t("common:objections.submitAnswer")}
        </button>
      </div>
    </Form>
  );
}
