import {
  getFormProps,
  getSelectProps,
  useForm,
  type FieldMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorList, Field, FormErrors, TextareaField } from "~/components/forms";
import { proposalCategories, votingMethods } from "~/modules/livelihood/categories";
import { countingRules } from "~/modules/livelihood/scheme-schemas";
import { fenToYuanInput } from "~/lib/money";
import { toShanghaiLocal } from "~/lib/shanghai-time";

/** The scheme's settings as the form shows them (strings as typed; dates as Guangzhou local time). */
export type SchemeFormValues = {
  areaId?: string;
  title: string;
  description: string;
  budget: string;
  capService: string;
  capGoods: string;
  capWorks: string;
  categories: string[];
  exclusions: string;
  supportThreshold: string;
  supportWindowDays: string;
  maxProposalsPerResident: string;
  collectionOpensAt: string;
  collectionClosesAt: string;
  votingOpensAt: string;
  votingClosesAt: string;
  noticeDays: string;
  votingMethod: string;
  countingRule: string;
  maxChoices: string;
  councilSize: string;
};

type SchemeRow = {
  title: string;
  description: string;
  budgetMinor: number;
  capServiceMinor: number | null;
  capGoodsMinor: number | null;
  capWorksMinor: number | null;
  categories: string[];
  exclusions: string;
  supportThreshold: number;
  supportWindowDays: number;
  maxProposalsPerResident: number;
  collectionOpensAt: Date;
  collectionClosesAt: Date;
  votingOpensAt: Date;
  votingClosesAt: Date;
  noticeDays: number;
  votingMethod: string;
  countingRule: string;
  maxChoices: number | null;
  councilSize: number | null;
};

const money = (fen: number | null) => (fen === null ? "" : fenToYuanInput(fen));

/** A stored scheme as form values (the edit page's starting point). */
export function schemeFormValues(s: SchemeRow): SchemeFormValues {
  return {
    title: s.title,
    description: s.description,
    budget: money(s.budgetMinor),
    capService: money(s.capServiceMinor),
    capGoods: money(s.capGoodsMinor),
    capWorks: money(s.capWorksMinor),
    categories: s.categories,
    exclusions: s.exclusions,
    supportThreshold: String(s.supportThreshold),
    supportWindowDays: String(s.supportWindowDays),
    maxProposalsPerResident: String(s.maxProposalsPerResident),
    collectionOpensAt: toShanghaiLocal(s.collectionOpensAt),
    collectionClosesAt: toShanghaiLocal(s.collectionClosesAt),
    votingOpensAt: toShanghaiLocal(s.votingOpensAt),
    votingClosesAt: toShanghaiLocal(s.votingClosesAt),
    noticeDays: String(s.noticeDays),
    votingMethod: s.votingMethod,
    countingRule: s.countingRule,
    maxChoices: s.maxChoices === null ? "" : String(s.maxChoices),
    councilSize: s.councilSize === null ? "" : String(s.councilSize),
  };
}

type Meta = FieldMetadata<string | undefined | null>;

function SelectField({
  meta,
  label,
  hint,
  options,
}: {
  meta: Meta;
  label: string;
  hint?: string;
  options: { value: string; label: string }[];
}) {
  const hintId = hint ? `${meta.id}-hint` : undefined;
  const props = getSelectProps(meta, { ariaDescribedBy: hintId });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <select {...props} key={props.key}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/**
 * The scheme form. `create` adds the area; `draft` edits everything; `published` shows only what may
 * still change (texts, the voting close, the notice length). Validated on the server (works without
 * JavaScript); errors come back beside each field.
 */
export function SchemeForm({
  mode,
  defaultValue,
  lastResult,
  areaOptions = [],
  submitLabel,
}: {
  mode: "create" | "draft" | "published";
  defaultValue: SchemeFormValues;
  lastResult: SubmissionResult<string[]> | undefined;
  areaOptions?: { value: string; label: string }[];
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm<Record<keyof SchemeFormValues, string | string[]>>({
    id: `scheme-${mode}`,
    lastResult,
    defaultValue,
    shouldRevalidate: "onBlur",
  });
  const f = fields as unknown as Record<keyof SchemeFormValues, Meta>;
  const full = mode !== "published";
  const categoryErrors = [
    ...(fields.categories.errors ?? []),
    ...Object.values(fields.categories.allErrors).flat(),
  ].filter((e, i, all) => all.indexOf(e) === i);
  const chosen = new Set([lastResult?.initialValue?.categories ?? defaultValue.categories].flat());
  return (
    <Form method="post" {...getFormProps(form)} className="stack scheme-form">
      <CsrfInput />
      <input type="hidden" name="intent" value="save" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <fieldset>
        <legend>{t("schemes:form.about")}</legend>
        {mode === "create" ? (
          <SelectField
            meta={f.areaId}
            label={t("schemes:form.area")}
            hint={t("schemes:form.areaHint")}
            options={areaOptions}
          />
        ) : null}
        <Field meta={f.title} label={t("schemes:form.title")} />
        <TextareaField meta={f.description} label={t("schemes:form.description")} />
        <TextareaField
          meta={f.exclusions}
          label={t("schemes:form.exclusions")}
          hint={t("schemes:form.exclusionsHint")}
        />
      </fieldset>
      {full ? (
        <>
          <fieldset>
            <legend>{t("schemes:form.money")}</legend>
            <Field
              meta={f.budget}
              label={t("schemes:form.budget")}
              hint={t("schemes:form.moneyHint")}
              inputMode="decimal"
            />
            <div className="period-fields">
              <Field meta={f.capService} label={t("schemes:form.capService")} inputMode="decimal" />
              <Field meta={f.capGoods} label={t("schemes:form.capGoods")} inputMode="decimal" />
              <Field meta={f.capWorks} label={t("schemes:form.capWorks")} inputMode="decimal" />
            </div>
            <p className="hint">{t("schemes:form.capsHint")}</p>
          </fieldset>
          <fieldset aria-describedby={categoryErrors.length ? fields.categories.errorId : undefined}>
            <legend>{t("schemes:form.categories")}</legend>
            {proposalCategories.map((c) => (
              <label key={c} className="choice">
                <input
                  type="checkbox"
                  name={fields.categories.name}
                  value={c}
                  defaultChecked={chosen.has(c)}
                />
                {t(`schemes:categories.${c}`)}
              </label>
            ))}
            <ErrorList id={fields.categories.errorId} errors={categoryErrors} />
          </fieldset>
          <fieldset>
            <legend>{t("schemes:form.rules")}</legend>
            <div className="period-fields">
              <Field
                meta={f.supportThreshold}
                type="number"
                label={t("schemes:form.supportThreshold")}
                inputMode="numeric"
              />
              <Field
                meta={f.supportWindowDays}
                type="number"
                label={t("schemes:form.supportWindowDays")}
                inputMode="numeric"
              />
              <Field
                meta={f.maxProposalsPerResident}
                type="number"
                label={t("schemes:form.maxProposalsPerResident")}
                inputMode="numeric"
              />
            </div>
          </fieldset>
        </>
      ) : null}
      <fieldset>
        <legend>{t("schemes:form.timeline")}</legend>
        <p className="hint">{t("schemes:form.timeHint")}</p>
        <div className="period-fields">
          {full ? (
            <>
              <Field
                meta={f.collectionOpensAt}
                type="datetime-local"
                label={t("schemes:form.collectionOpensAt")}
              />
              <Field
                meta={f.collectionClosesAt}
                type="datetime-local"
                label={t("schemes:form.collectionClosesAt")}
              />
              <Field meta={f.votingOpensAt} type="datetime-local" label={t("schemes:form.votingOpensAt")} />
            </>
          ) : null}
          <Field
            meta={f.votingClosesAt}
            type="datetime-local"
            label={t("schemes:form.votingClosesAt")}
            hint={full ? undefined : t("schemes:form.votingClosesLaterHint")}
          />
          <Field meta={f.noticeDays} type="number" label={t("schemes:form.noticeDays")} inputMode="numeric" />
        </div>
      </fieldset>
      {full ? (
        <fieldset>
          <legend>{t("schemes:form.voting")}</legend>
          <SelectField
            meta={f.votingMethod}
            label={t("schemes:form.votingMethod")}
            options={votingMethods.map((m) => ({ value: m, label: t(`schemes:votingMethods.${m}`) }))}
          />
          <SelectField
            meta={f.countingRule}
            label={t("schemes:form.countingRule")}
            hint={t("schemes:form.countingRuleHint")}
            options={countingRules.map((r) => ({ value: r, label: t(`schemes:countingRules.${r}`) }))}
          />
          <div className="period-fields">
            <Field
              meta={f.maxChoices}
              type="number"
              label={t("schemes:form.maxChoices")}
              hint={t("schemes:form.maxChoicesHint")}
              inputMode="numeric"
            />
            <Field
              meta={f.councilSize}
              type="number"
              label={t("schemes:form.councilSize")}
              hint={t("schemes:form.councilSizeHint")}
              inputMode="numeric"
            />
          </div>
        </fieldset>
      ) : null}
      <div className="button-row">
        <button type="submit" className="primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
