import { getFormProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorList, Field, FormErrors, TextareaField } from "~/components/forms";
import {
  addressMax,
  authorityMax,
  descriptionMax,
  EditOrganisationSchema,
  legalForms,
  maxServiceAreas,
  nameMax,
  RegisterOrganisationSchema,
} from "~/modules/funding/organisation-schemas";

export type AreaOption = { code: string; name: string; level: string };
export type ServiceAreaGroup = { code: string; name: string; streets: { code: string; name: string }[] };

type Values = Partial<z.input<typeof RegisterOrganisationSchema>>;

/**
 * The registration and edit form of an NGO (one form, so both ask the same). Works without JavaScript:
 * a multi-select for service areas and a plain file input for the certificate.
 */
export function OrganisationForm({
  id,
  mode,
  lastResult,
  defaultValue,
  registrationAreas,
  serviceAreaGroups,
  creditCodeLocked = false,
}: {
  id: string;
  mode: "register" | "edit";
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: Values;
  registrationAreas: AreaOption[];
  serviceAreaGroups: ServiceAreaGroup[];
  creditCodeLocked?: boolean;
}) {
  const { t } = useTranslation();
  const schema = mode === "register" ? RegisterOrganisationSchema : EditOrganisationSchema;
  const [form, fields] = useForm<Values>({
    id,
    lastResult,
    constraint: getZodConstraint(schema),
    defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldRevalidate: "onBlur",
  });
  const chosen = new Set(
    (Array.isArray(fields.serviceAreas.initialValue) ? fields.serviceAreas.initialValue : []).filter(
      (v): v is string => typeof v === "string",
    ),
  );
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field
        meta={fields.name}
        label={t("organisations:form.name")}
        hint={t("organisations:form.nameHint", { max: nameMax })}
      />
      <Field meta={fields.nameEn} label={t("organisations:form.nameEn")} />
      <div className="field">
        <label htmlFor={fields.legalForm.id}>{t("organisations:form.legalForm")}</label>
        <select {...getSelectProps(fields.legalForm)} key={fields.legalForm.key}>
          <option value="">{t("organisations:form.pickLegalForm")}</option>
          {legalForms.map((f) => (
            <option key={f} value={f}>
              {t(`organisations:legalForms.${f}`)}
            </option>
          ))}
        </select>
        <ErrorList id={fields.legalForm.errorId} errors={fields.legalForm.errors} />
      </div>
      {creditCodeLocked ? (
        <p>{t("organisations:form.creditCodeLocked", { code: defaultValue?.creditCode ?? "" })}</p>
      ) : (
        <Field
          meta={fields.creditCode}
          label={t("organisations:form.creditCode")}
          hint={t("organisations:form.creditCodeHint")}
          autoComplete="off"
        />
      )}
      <Field
        meta={fields.registrationAuthority}
        label={t("organisations:form.authority")}
        hint={t("organisations:form.authorityHint", { max: authorityMax })}
      />
      {creditCodeLocked ? (
        // A verified organisation stays where it was verified.
        <p>
          <input type="hidden" name={fields.area.name} value={defaultValue?.area ?? ""} />
          {t("organisations:form.areaLocked", {
            area: registrationAreas.find((a) => a.code === defaultValue?.area)?.name ?? "",
          })}
        </p>
      ) : (
        <div className="field">
          <label htmlFor={fields.area.id}>{t("organisations:form.area")}</label>
          <p id={`${fields.area.id}-hint`} className="hint">
            {t("organisations:form.areaHint")}
          </p>
          <select
            {...getSelectProps(fields.area, { ariaDescribedBy: `${fields.area.id}-hint` })}
            key={fields.area.key}
          >
            <option value="">{t("organisations:form.pickArea")}</option>
            {registrationAreas.map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </select>
          <ErrorList id={fields.area.errorId} errors={fields.area.errors} />
        </div>
      )}
      <Field
        meta={fields.address}
        label={t("organisations:form.address")}
        hint={t("organisations:form.addressHint", { max: addressMax })}
        autoComplete="street-address"
      />
      <fieldset>
        <legend>{t("organisations:form.contact")}</legend>
        <Field meta={fields.contactName} label={t("organisations:form.contactName")} autoComplete="name" />
        <Field
          meta={fields.contactPhone}
          label={t("organisations:form.contactPhone")}
          type="tel"
          autoComplete="tel"
        />
        <Field
          meta={fields.contactEmail}
          label={t("organisations:form.contactEmail")}
          type="email"
          autoComplete="email"
        />
        <p className="hint">{t("organisations:form.contactPrivacy")}</p>
      </fieldset>
      <div className="field">
        <label htmlFor={fields.serviceAreas.id}>{t("organisations:form.serviceAreas")}</label>
        <p id={`${fields.serviceAreas.id}-hint`} className="hint">
          {t("organisations:form.serviceAreasHint", { max: maxServiceAreas })}
        </p>
        <select
          id={fields.serviceAreas.id}
          name={fields.serviceAreas.name}
          multiple
          size={10}
          defaultValue={[...chosen]}
          aria-describedby={`${fields.serviceAreas.id}-hint`}
          aria-invalid={fields.serviceAreas.errors ? true : undefined}
        >
          {serviceAreaGroups.map((d) => (
            <optgroup key={d.code} label={d.name}>
              <option value={d.code}>{t("organisations:form.wholeDistrict", { district: d.name })}</option>
              {d.streets.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <ErrorList id={fields.serviceAreas.errorId} errors={fields.serviceAreas.errors} />
      </div>
      <TextareaField
        meta={fields.description}
        label={t("organisations:form.description")}
        hint={t("organisations:form.descriptionHint", { max: descriptionMax })}
      />
      <div className="field">
        <label htmlFor={`${id}-certificate`}>{t("organisations:form.certificate")}</label>
        <p id={`${id}-certificate-hint`} className="hint">
          {t(
            mode === "register"
              ? "organisations:form.certificateHint"
              : "organisations:form.certificateReplaceHint",
          )}
        </p>
        <input
          id={`${id}-certificate`}
          type="file"
          name="certificate"
          accept="application/pdf,image/jpeg,image/png"
          aria-describedby={`${id}-certificate-hint`}
          required={mode === "register"}
        />
      </div>
      <div className="button-row">
        <button type="submit" className="primary">
          {t(mode === "register" ? "organisations:new.submit" : "organisations:edit.submit")}
        </button>
      </div>
    </Form>
  );
}
