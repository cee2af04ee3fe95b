import { getInputProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { parseMessageKey } from "~/lib/messages";

/** Error messages are catalogue keys; this shows them in the reader's language. */
export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-error-list">
      {errors.map((message) => {
        const { key, params } = parseMessageKey(message);
        return (
          <li key={message} className="field-error">
            {t(key, params)}
          </li>
        );
      })}
    </ul>
  );
}

/** Whole-form errors (refusals), announced to screen readers. */
export function FormErrors({ id, errors }: { id?: string; errors?: string[] | null }) {
  if (!errors?.length) return null;
  return (
    <div className="form-error" role="alert">
      <ErrorList id={id} errors={errors} />
    </div>
  );
}

type InputType = "text" | "email" | "password" | "tel" | "number" | "date" | "datetime-local" | "search" | "url";

export function Field({
  meta,
  label,
  hint,
  type = "text",
  autoComplete,
  inputMode,
}: {
  meta: FieldMetadata<string | number | undefined | null>;
  label: string;
  hint?: string;
  type?: InputType;
  autoComplete?: string;
  inputMode?: "text" | "email" | "tel" | "numeric" | "decimal" | "search";
}) {
  const hintId = hint ? `${meta.id}-hint` : undefined;
  const props = getInputProps(meta, { type, ariaDescribedBy: hintId });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <input {...props} key={props.key} autoComplete={autoComplete} inputMode={inputMode} />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function TextareaField({
  meta,
  label,
  hint,
}: {
  meta: FieldMetadata<string | undefined | null>;
  label: string;
  hint?: string;
}) {
  const hintId = hint ? `${meta.id}-hint` : undefined;
  const props = getTextareaProps(meta, { ariaDescribedBy: hintId });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <textarea {...props} key={props.key} />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}
