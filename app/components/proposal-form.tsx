import {
  getFormProps,
  getInputProps,
  getSelectProps,
  useForm,
  type SubmissionResult,
} from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { Form, Link, useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorList, Field, FormErrors, TextareaField } from "~/components/forms";
import { allowedMimeTypes, maxUploadFiles } from "~/modules/uploads/file-type";
import { proposalTypes } from "~/modules/livelihood/categories";
import {
  addressMax,
  maxCoproposers,
  proposalBodyMax,
  proposalTitleMax,
  ProposalSchema,
} from "~/modules/livelihood/proposal-schemas";

export type SimilarItem = { id: string; title: string };
export type PlaceOption = { id: number; name: string; grids: { id: number; name: string }[] };

export interface ProposalFormProps {
  mode: "create" | "edit";
  schemeId: string;
  categories: string[];
  places: PlaceOption[];
  /** Cap and budget hints, already formatted. */
  costHint: string;
  defaultValue?: Partial<Record<keyof z.input<typeof ProposalSchema>, string>>;
  attachments?: { id: string; fileName: string }[];
  /** Whether "publish" is offered (a draft, or a new proposal). */
  canPublish: boolean;
  lastResult?: SubmissionResult<string[]>;
  similar?: SimilarItem[] | null;
  proposalId?: string;
}

/** Similar proposals of the same scheme: after the no-JS check, or live from the title with JS. */
function SimilarList({ items }: { items: SimilarItem[] | null }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="similar-heading" aria-live="polite" className="similar-box">
      <h2 id="similar-heading">{t("proposals:form.similarHeading")}</h2>
      {items === null ? (
        <p className="muted">{t("proposals:form.similarHint")}</p>
      ) : items.length === 0 ? (
        <p>{t("proposals:form.similarNone")}</p>
      ) : (
        <>
          <p>{t("proposals:form.similarLead")}</p>
          <ul>
            {items.map((s) => (
              <li key={s.id}>
                <Link to={`/proposals/${s.id}`} target="_blank" rel="noopener">
                  {s.title}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function ProposalForm(props: ProposalFormProps) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof ProposalSchema>>({
    id: props.proposalId ? `proposal-${props.proposalId}` : "proposal-new",
    lastResult: props.lastResult,
    defaultValue: props.defaultValue,
    constraint: getZodConstraint(ProposalSchema),
    shouldRevalidate: "onBlur",
  });
  const fetcher = useFetcher<{ similar: SimilarItem[] }>();
  const [live, setLive] = useState<SimilarItem[] | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  useEffect(() => {
    if (fetcher.data) setLive(fetcher.data.similar);
  }, [fetcher.data]);
  const { load } = fetcher;
  const onTitleInput = (event: React.FormEvent<HTMLFormElement>) => {
    const target = event.target as HTMLInputElement;
    if (target.name !== "title") return;
    clearTimeout(timer.current);
    const q = target.value.trim();
    timer.current = setTimeout(() => {
      if (q.length >= 2) load(`/schemes/${props.schemeId}/similar?${new URLSearchParams({ q })}`);
      else setLive(null);
    }, 400);
  };
  const shownSimilar = live ?? props.similar ?? null;
  // Without JavaScript every community's grids are offered (the server checks the pair); once hydrated,
  // only the grids of the chosen community.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const selectedCommunity = Number(fields.communityId.value ?? 0);
  const gridGroups = props.places.filter(
    (c) => c.grids.length > 0 && (!hydrated || !selectedCommunity || c.id === selectedCommunity),
  );

  return (
    <Form
      method="post"
      encType="multipart/form-data"
      {...getFormProps(form)}
      className="stack proposal-form"
      onInput={onTitleInput}
    >
      <CsrfInput />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field
        meta={fields.title}
        label={t("proposals:form.title")}
        hint={t("proposals:form.titleHint", { max: proposalTitleMax })}
      />
      <SimilarList items={shownSimilar} />
      <div className="button-row">
        <button type="submit" name="intent" value="similar" className="secondary" formNoValidate>
          {t("proposals:form.checkSimilar")}
        </button>
      </div>
      <TextareaField
        meta={fields.body}
        label={t("proposals:form.body")}
        hint={t("proposals:form.bodyHint", { max: proposalBodyMax })}
      />

      <div className="field">
        <label htmlFor={fields.category.id}>{t("proposals:form.category")}</label>
        <select {...getSelectProps(fields.category)} key={fields.category.key}>
          <option value="">{t("proposals:form.choose")}</option>
          {props.categories.map((c) => (
            <option key={c} value={c}>
              {t(`schemes:categories.${c}`)}
            </option>
          ))}
        </select>
        <ErrorList id={fields.category.errorId} errors={fields.category.errors} />
      </div>

      <fieldset className="choice-group">
        <legend>{t("proposals:form.type")}</legend>
        {proposalTypes.map((type) => (
          <label key={type} className="choice">
            <input
              {...getInputProps(fields.type, { type: "radio", value: type })}
              key={`${fields.type.key ?? ""}-${type}`}
              id={`${fields.type.id}-${type}`}
            />
            {t(`schemes:types.${type}`)}
          </label>
        ))}
        <ErrorList id={fields.type.errorId} errors={fields.type.errors} />
      </fieldset>

      <Field meta={fields.cost} label={t("proposals:form.cost")} hint={props.costHint} inputMode="decimal" />

      <div className="field">
        <label htmlFor={fields.communityId.id}>{t("proposals:form.community")}</label>
        <select {...getSelectProps(fields.communityId)} key={fields.communityId.key}>
          {props.places.map((c) => (
            <option key={c.id} value={String(c.id)}>
              {c.name}
            </option>
          ))}
        </select>
        <ErrorList id={fields.communityId.errorId} errors={fields.communityId.errors} />
      </div>
      <div className="field">
        <label htmlFor={fields.gridId.id}>{t("proposals:form.grid")}</label>
        <p id={`${fields.gridId.id}-hint`} className="hint">
          {t("proposals:form.gridHint")}
        </p>
        <select
          {...getSelectProps(fields.gridId, { ariaDescribedBy: `${fields.gridId.id}-hint` })}
          key={fields.gridId.key}
        >
          <option value="">{t("proposals:form.noGrid")}</option>
          {gridGroups.map((c) => (
            <optgroup key={c.id} label={c.name}>
              {c.grids.map((g) => (
                <option key={g.id} value={String(g.id)}>
                  {g.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <ErrorList id={fields.gridId.errorId} errors={fields.gridId.errors} />
      </div>
      <Field
        meta={fields.address}
        label={t("proposals:form.address")}
        hint={t("proposals:form.addressHint", { max: addressMax })}
      />

      {props.attachments && props.attachments.length > 0 ? (
        <fieldset className="choice-group">
          <legend>{t("proposals:form.currentFiles")}</legend>
          {props.attachments.map((a) => (
            <label key={a.id} className="choice">
              <input type="checkbox" name="removeAttachment" value={a.id} />
              {t("proposals:form.removeFile", { name: a.fileName })}
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className="field">
        <label htmlFor="proposal-files">{t("proposals:form.files")}</label>
        <p id="proposal-files-hint" className="hint">
          {t("proposals:form.filesHint", { max: maxUploadFiles })}
        </p>
        <input
          id="proposal-files"
          type="file"
          name="files"
          multiple
          accept={allowedMimeTypes.join(",")}
          aria-describedby="proposal-files-hint"
        />
      </div>

      <TextareaField
        meta={fields.coproposers}
        label={t("proposals:form.coproposers")}
        hint={t("proposals:form.coproposersHint", { max: maxCoproposers })}
      />

      <div className="button-row">
        {props.canPublish ? (
          <>
            <button type="submit" name="intent" value="publish" className="primary">
              {t("proposals:form.publish")}
            </button>{" "}
          </>
        ) : null}
        <button
          type="submit"
          name="intent"
          value="save"
          className={props.canPublish ? "secondary" : "primary"}
        >
          {props.mode === "edit" && !props.canPublish
            ? t("proposals:form.saveChanges")
            : t("proposals:form.saveDraft")}
        </button>
      </div>
    </Form>
  );
}
