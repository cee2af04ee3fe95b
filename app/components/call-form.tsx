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
import { fenToYuanInput } from "~/lib/money";
import { toShanghaiLocal } from "~/lib/shanghai-time";
import { callCategories } from "~/modules/funding/call-categories";
import {
  aggregations,
  callKinds,
  checklistRows,
  criterionRows,
  maxChecklistItems,
  maxCriteria,
} from "~/modules/funding/call-schemas";

type CriterionValues = {
  name: string;
  nameEn: string;
  description: string;
  maxScore: string;
  weight: string;
};
type ChecklistValues = { label: string; labelEn: string };

/** The call as the form shows it (strings as typed; times as Guangzhou local time). */
export type CallFormValues = {
  areaId?: string;
  kind: string;
  title: string;
  titleEn: string;
  description: string;
  descriptionEn: string;
  categories: string[];
  targetAreas: string[];
  budget: string;
  perProjectCap: string;
  maxGrantSharePercent: string;
  priceWeight: string;
  aggregation: string;
  reviewersPerApplication: string;
  criteria: CriterionValues[];
  checklist: ChecklistValues[];
  publishAt: string;
  opensAt: string;
  closesAt: string;
  reviewEndsAt: string;
  noticeDays: string;
};

type CallRowLike = {
  kind: string;
  title: string;
  titleEn: string;
  description: string;
  descriptionEn: string;
  categories: string[];
  budgetMinor: number;
  perProjectCapMinor: number;
  maxGrantSharePercent: number;
  priceWeight: number;
  aggregation: string;
  reviewersPerApplication: number;
  publishAt: Date;
  opensAt: Date;
  closesAt: Date;
  reviewEndsAt: Date;
  noticeDays: number;
};

/** A stored call as form values (the edit page's starting point). */
export function callFormValues(
  c: CallRowLike,
  criteria: { name: string; nameEn: string; description: string; maxScore: number; weight: number }[],
  checklist: { label: string; labelEn: string }[],
  targetAreaIds: number[],
): CallFormValues {
  return {
    kind: c.kind,
    title: c.title,
    titleEn: c.titleEn,
    description: c.description,
    descriptionEn: c.descriptionEn,
    categories: c.categories,
    targetAreas: targetAreaIds.map(String),
    budget: fenToYuanInput(c.budgetMinor),
    perProjectCap: fenToYuanInput(c.perProjectCapMinor),
    maxGrantSharePercent: String(c.maxGrantSharePercent),
    priceWeight: String(c.priceWeight),
    aggregation: c.aggregation,
    reviewersPerApplication: String(c.reviewersPerApplication),
    criteria: criteria.map((r) => ({
      name: r.name,
      nameEn: r.nameEn,
      description: r.description,
      maxScore: String(r.maxScore),
      weight: String(r.weight),
    })),
    checklist: checklist.map((r) => ({ label: r.label, labelEn: r.labelEn })),
    publishAt: toShanghaiLocal(c.publishAt),
    opensAt: toShanghaiLocal(c.opensAt),
    closesAt: toShanghaiLocal(c.closesAt),
    reviewEndsAt: toShanghaiLocal(c.reviewEndsAt),
    noticeDays: String(c.noticeDays),
  };
}

type Meta = FieldMetadata<string | undefined | null>;
type Option = { value: string; label: string };

function SelectField({
  meta,
  label,
  hint,
  options,
}: {
  meta: Meta;
  label: string;
  hint?: string;
  options: Option[];
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

/** Rows as typed last time (after a refusal) or as stored, padded with blank rows up to `rows`. */
function padded<T>(list: unknown, blank: T, rows: number, max: number): T[] {
  const given = Array.isArray(list) ? (list as (Partial<T> | undefined)[]) : [];
  const out = given.map((r) => ({ ...blank, ...((r ?? {}) as object) }) as T);
  while (out.length < Math.min(max, Math.max(rows, given.length + 2))) out.push({ ...blank });
  return out.slice(0, max);
}

/**
 * The call form. `create` adds the government area; `full` edits everything (draft or scheduled);
 * `frozen` (open and later) shows only the texts, the review end and the notice days. Rubric and
 * checklist rows are a fixed set of blank rows (blank ones are ignored), so it works without JavaScript.
 */
export function CallForm({
  mode,
  defaultValue,
  lastResult,
  areaOptions = [],
  targetAreaOptions = [],
  projectIds = [],
  submitLabel,
}: {
  mode: "create" | "full" | "frozen";
  defaultValue: CallFormValues;
  lastResult: SubmissionResult<string[]> | undefined;
  areaOptions?: Option[];
  targetAreaOptions?: Option[];
  projectIds?: string[];
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm<CallFormValues>({
    id: `call-${mode}`,
    lastResult,
    defaultValue,
    shouldRevalidate: "onBlur",
  });
  const f = fields as unknown as Record<keyof CallFormValues, Meta>;
  const typed = (lastResult?.initialValue ?? defaultValue) as Partial<Record<string, unknown>>;
  const errorsAt = (name: string) => form.allErrors[name];
  const chosen = (name: "categories" | "targetAreas") => new Set([typed[name] ?? []].flat().map(String));
  const criteria = padded<CriterionValues>(
    typed.criteria,
    { name: "", nameEn: "", description: "", maxScore: "", weight: "" },
    criterionRows,
    maxCriteria,
  );
  const checklist = padded<ChecklistValues>(
    typed.checklist,
    { label: "", labelEn: "" },
    checklistRows,
    maxChecklistItems,
  );
  const full = mode !== "frozen";
  const rowInput = (name: string, label: string, value: string, type: "text" | "number" = "text") => {
    const errors = errorsAt(name);
    const id = `${form.id}-${name.replace(/[^a-zA-Z0-9]/g, "-")}`;
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          name={name}
          type={type}
          defaultValue={value}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={errors?.length ? `${id}-error` : undefined}
          inputMode={type === "number" ? "numeric" : undefined}
        />
        <ErrorList id={`${id}-error`} errors={errors} />
      </div>
    );
  };
  return (
    <Form method="post" {...getFormProps(form)} className="stack call-form">
      <CsrfInput />
      <input type="hidden" name="intent" value="save" />
      {projectIds.map((id) => (
        <input key={id} type="hidden" name="projects" value={id} />
      ))}
      <FormErrors id={form.errorId} errors={form.errors} />
      <fieldset>
        <legend>{t("calls:form.about")}</legend>
        {mode === "create" ? (
          <SelectField
            meta={f.areaId}
            label={t("calls:form.area")}
            hint={t("calls:form.areaHint")}
            options={areaOptions}
          />
        ) : null}
        {full ? (
          <SelectField
            meta={f.kind}
            label={t("calls:form.kind")}
            hint={t("calls:form.kindHint")}
            options={callKinds.map((k) => ({ value: k, label: t(`calls:kind.${k}`) }))}
          />
        ) : null}
        <Field meta={f.title} label={t("calls:form.title")} />
        <Field meta={f.titleEn} label={t("calls:form.titleEn")} />
        <TextareaField meta={f.description} label={t("calls:form.description")} />
        <TextareaField meta={f.descriptionEn} label={t("calls:form.descriptionEn")} />
      </fieldset>
      {full ? (
        <>
          <fieldset>
            <legend>{t("calls:form.categories")}</legend>
            {callCategories.map((c) => (
              <label key={c} className="check">
                <input
                  type="checkbox"
                  name="categories"
                  value={c}
                  defaultChecked={chosen("categories").has(c)}
                />{" "}
                {t(`calls:category.${c}`)}
              </label>
            ))}
            <ErrorList errors={errorsAt("categories")} />
          </fieldset>
          {targetAreaOptions.length ? (
            <fieldset>
              <legend>{t("calls:form.targetAreas")}</legend>
              <p className="hint">{t("calls:form.targetAreasHint")}</p>
              {targetAreaOptions.map((o) => (
                <label key={o.value} className="check">
                  <input
                    type="checkbox"
                    name="targetAreas"
                    value={o.value}
                    defaultChecked={chosen("targetAreas").has(o.value)}
                  />{" "}
                  {o.label}
                </label>
              ))}
              <ErrorList errors={errorsAt("targetAreas")} />
            </fieldset>
          ) : null}
          <fieldset>
            <legend>{t("calls:form.money")}</legend>
            <Field
              meta={f.budget}
              label={t("calls:form.budget")}
              hint={t("calls:form.moneyHint")}
              inputMode="decimal"
            />
            <Field meta={f.perProjectCap} label={t("calls:form.perProjectCap")} inputMode="decimal" />
            <Field
              meta={f.maxGrantSharePercent}
              label={t("calls:form.maxGrantSharePercent")}
              hint={t("calls:form.maxGrantShareHint")}
              type="number"
            />
          </fieldset>
          <fieldset>
            <legend>{t("calls:form.review")}</legend>
            <SelectField
              meta={f.aggregation}
              label={t("calls:form.aggregation")}
              hint={t("calls:form.aggregationHint")}
              options={aggregations.map((a) => ({ value: a, label: t(`calls:aggregation.${a}`) }))}
            />
            <Field
              meta={f.reviewersPerApplication}
              label={t("calls:form.reviewersPerApplication")}
              type="number"
            />
            <Field
              meta={f.priceWeight}
              label={t("calls:form.priceWeight")}
              hint={t("calls:form.priceWeightHint")}
              type="number"
            />
          </fieldset>
          <fieldset>
            <legend>{t("calls:form.rubric")}</legend>
            <p className="hint">{t("calls:form.rubricHint")}</p>
            <ErrorList errors={errorsAt("criteria")} />
            <ol className="call-rows">
              {criteria.map((c, i) => (
                <li key={i}>
                  {rowInput(`criteria[${i}].name`, t("calls:form.criterionName", { n: i + 1 }), c.name)}
                  {rowInput(`criteria[${i}].nameEn`, t("calls:form.criterionNameEn", { n: i + 1 }), c.nameEn)}
                  {rowInput(
                    `criteria[${i}].description`,
                    t("calls:form.criterionDescription", { n: i + 1 }),
                    c.description,
                  )}
                  {rowInput(
                    `criteria[${i}].maxScore`,
                    t("calls:form.criterionMax", { n: i + 1 }),
                    c.maxScore,
                    "number",
                  )}
                  {rowInput(
                    `criteria[${i}].weight`,
                    t("calls:form.criterionWeight", { n: i + 1 }),
                    c.weight,
                    "number",
                  )}
                </li>
              ))}
            </ol>
          </fieldset>
          <fieldset>
            <legend>{t("calls:form.checklist")}</legend>
            <p className="hint">{t("calls:form.checklistHint")}</p>
            <ErrorList errors={errorsAt("checklist")} />
            <ol className="call-rows">
              {checklist.map((c, i) => (
                <li key={i}>
                  {rowInput(`checklist[${i}].label`, t("calls:form.checklistLabel", { n: i + 1 }), c.label)}
                  {rowInput(
                    `checklist[${i}].labelEn`,
                    t("calls:form.checklistLabelEn", { n: i + 1 }),
                    c.labelEn,
                  )}
                </li>
              ))}
            </ol>
          </fieldset>
        </>
      ) : (
        <p className="hint">{t("calls:form.frozenHint")}</p>
      )}
      <fieldset>
        <legend>{t("calls:form.timeline")}</legend>
        <p className="hint">{t("calls:form.timelineHint")}</p>
        {full ? (
          <>
            <Field meta={f.publishAt} label={t("calls:form.publishAt")} type="datetime-local" />
            <Field meta={f.opensAt} label={t("calls:form.opensAt")} type="datetime-local" />
            <Field meta={f.closesAt} label={t("calls:form.closesAt")} type="datetime-local" />
          </>
        ) : null}
        <Field meta={f.reviewEndsAt} label={t("calls:form.reviewEndsAt")} type="datetime-local" />
        <Field
          meta={f.noticeDays}
          label={t("calls:form.noticeDays")}
          hint={t("calls:form.noticeDaysHint")}
          type="number"
        />
      </fieldset>
      <button type="submit" className="primary">
        {submitLabel}
      </button>
    </Form>
  );
}
