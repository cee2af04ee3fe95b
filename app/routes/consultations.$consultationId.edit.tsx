import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorList, Field, FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { readForm } from "~/lib/csrf.server";
import { isDomainError } from "~/lib/errors";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { messageKey } from "~/lib/messages";
import { getRequestMeta } from "~/lib/request-meta.server";
import { ConsultationForm } from "~/components/consultation-form";
import { loadConsultationPage, noticeFrom } from "~/modules/consultations/consultation-page.server";
import { listQuestions } from "~/modules/consultations/consultation-queries.server";
import { ConsultationSchema, LifecycleSchema, optionMax, promptMax, QuestionActionSchema, QuestionSchema } from "~/modules/consultations/consultation-schemas";
import { toShanghaiLocal } from "~/lib/shanghai-time";
import { cancelConsultation, publishConsultation } from "~/modules/consultations/publish-consultation.server";
import { optionsMax, optionsMin, questionKinds } from "~/modules/consultations/questionnaire";
import {
  addQuestion,
  deleteQuestion,
  moveQuestion,
  updateConsultation,
} from "~/modules/consultations/update-consultation.server";

import styles from "~/styles/consultations.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const notices = {
  created: "consultations:edit.notices.created",
  saved: "consultations:edit.notices.saved",
  questionAdded: "consultations:edit.notices.questionAdded",
  questionDeleted: "consultations:edit.notices.questionDeleted",
  questionMoved: "consultations:edit.notices.questionMoved",
  published: "consultations:edit.notices.published",
  cancelled: "consultations:edit.notices.cancelled",
} as const;

async function requireOrganiserPage(request: Request, id: string | undefined) {
  const page = await loadConsultationPage(request, id, { requireLogin: true });
  if (!page.organiser) throw new Response(null, { status: 403 });
  return page;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await requireOrganiserPage(request, params.consultationId);
  const c = page.consultation;
  const questions = await listQuestions(c.id);
  return {
    title: `${page.t("consultations:edit.title")} · ${c.title} · ${page.t("common:appName")}`,
    notice: noticeFrom(request, notices),
    summary: page.summary,
    status: c.status,
    state: page.state,
    allowStatements: c.allowStatements,
    defaultValue: {
      title: c.title,
      background: c.background,
      opensAt: toShanghaiLocal(c.opensAt),
      closesAt: toShanghaiLocal(c.closesAt),
      eligibility: c.eligibility,
      liveResults: c.liveResults,
      allowStatements: c.allowStatements,
    },
    questions,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const page = await requireOrganiserPage(request, params.consultationId);
  const base = {
    actor: page.user!,
    actorRoles: page.roles,
    consultationId: page.consultation.id,
    meta: getRequestMeta(request, context),
  };
  const here = `/consultations/${page.consultation.id}/edit`;
  const intent = formData.get("intent");
  if (intent === "details") {
    const submission = parseWithZod(formData, { schema: ConsultationSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await updateConsultation({ ...base, fields: submission.value });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect(`${here}?notice=saved`);
  }
  if (intent === "addQuestion") {
    const submission = parseWithZod(formData, { schema: QuestionSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await addQuestion({ ...base, question: submission.value });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect(`${here}?notice=questionAdded#questions-heading`);
  }
  // Buttons without fields of their own: a refusal comes back as a page-level error.
  try {
    const lifecycle = LifecycleSchema.safeParse({ intent });
    if (lifecycle.success) {
      if (lifecycle.data.intent === "publish") await publishConsultation(base);
      else await cancelConsultation(base);
      return redirect(`${here}?notice=${lifecycle.data.intent === "publish" ? "published" : "cancelled"}`);
    }
    const q = QuestionActionSchema.safeParse({ intent, questionId: formData.get("questionId") });
    if (!q.success) throw new Response(null, { status: 400 });
    if (q.data.intent === "deleteQuestion") await deleteQuestion({ ...base, questionId: q.data.questionId });
    else
      await moveQuestion({
        ...base,
        questionId: q.data.questionId,
        direction: q.data.intent === "moveUp" ? "up" : "down",
      });
    return redirect(
      `${here}?notice=${q.data.intent === "deleteQuestion" ? "questionDeleted" : "questionMoved"}#questions-heading`,
    );
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return data({ pageError: messageKey(error.code, error.params) }, { status: error.status });
  }
}

function AddQuestionForm({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation();
  const [form, fields] = useForm<{
    kind: string;
    prompt: string;
    options: string;
    minChoices: string;
    maxChoices: string;
    required: string;
  }>({
    id: "add-question",
    lastResult,
    defaultValue: { kind: "single", required: "on" },
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <input type="hidden" name="intent" value="addQuestion" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="field">
        <label htmlFor={fields.kind.id}>{t("consultations:questions.kind")}</label>
        <select {...getSelectProps(fields.kind)} key={fields.kind.key}>
          {questionKinds.map((k) => (
            <option key={k} value={k}>
              {t(`consultations:kinds.${k}`)}
            </option>
          ))}
        </select>
        <ErrorList id={fields.kind.errorId} errors={fields.kind.errors} />
      </div>
      <Field
        meta={fields.prompt}
        label={t("consultations:questions.prompt")}
        hint={t("consultations:questions.promptHint", { max: promptMax })}
      />
      <div className="field">
        <label htmlFor={fields.options.id}>{t("consultations:questions.options")}</label>
        <p id={`${fields.options.id}-hint`} className="hint">
          {t("consultations:questions.optionsHint", { min: optionsMin, max: optionsMax, length: optionMax })}
        </p>
        <textarea
          {...getTextareaProps(fields.options, { ariaDescribedBy: `${fields.options.id}-hint` })}
          key={fields.options.key}
          rows={5}
        />
        <ErrorList id={fields.options.errorId} errors={fields.options.errors} />
      </div>
      <div className="period-fields">
        <Field
          meta={fields.minChoices}
          type="number"
          inputMode="numeric"
          label={t("consultations:questions.minChoices")}
          hint={t("consultations:questions.boundsHint")}
        />
        <Field
          meta={fields.maxChoices}
          type="number"
          inputMode="numeric"
          label={t("consultations:questions.maxChoices")}
          hint={t("consultations:questions.boundsHint")}
        />
      </div>
      <div className="field">
        <label className="choice">
          <input {...getInputProps(fields.required, { type: "checkbox" })} key={fields.required.key} />
          {t("consultations:questions.required")}
        </label>
      </div>
      <div className="button-row">
        <button type="submit" className="primary">
          {t("consultations:questions.add")}
        </button>
      </div>
    </Form>
  );
}

function ButtonForm({
  intent,
  questionId,
  label,
  className = "secondary",
}: {
  intent: string;
  questionId?: string;
  label: string;
  className?: string;
}) {
  return (
    <Form method="post">
      <CsrfInput />
      {questionId ? <input type="hidden" name="questionId" value={questionId} /> : null}
      <button type="submit" name="intent" value={intent} className={className}>
        {label}
      </button>
    </Form>
  );
}

export default function EditConsultation() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const result = actionData && "result" in actionData ? actionData.result : undefined;
  const pageError = actionData && "pageError" in actionData ? actionData.pageError : null;
  const sentIntent = result?.initialValue?.intent;
  const draft = d.status === "draft";
  const base = `/consultations/${d.summary.id}`;
  return (
    <>
      <h1>{t("consultations:edit.title")}</h1>
      <p className="lead">
        {d.summary.title} · {d.summary.areaName} · {t(`consultations:states.${d.state}`)}
      </p>
      {d.notice ? (
        <p className="notice" role="status">
          {t(d.notice)}
        </p>
      ) : null}
      <FormErrors errors={pageError ? [pageError] : null} />
      <nav aria-label={t("consultations:edit.linksLabel")}>
        <ul className="button-row">
          <li>
            <Link to={base}>{t("consultations:edit.viewPage")}</Link>
          </li>
          <li>
            <Link to={`${base}/results`}>{t("consultations:edit.results")}</Link>
          </li>
          {d.allowStatements ? (
            <li>
              <Link to={`${base}/statements`}>{t("consultations:edit.moderate")}</Link>
            </li>
          ) : null}
          <li>
            <Link to={`${base}/assisted`}>{t("consultations:edit.assisted")}</Link>
          </li>
          <li>
            <Link to={`/meetings/new?consultation=${d.summary.id}`}>{t("consultations:edit.meeting")}</Link>
          </li>
          <li>
            <Link to={`/outcomes/new?consultation=${d.summary.id}`}>{t("consultations:edit.outcome")}</Link>
          </li>
        </ul>
      </nav>
      {draft ? (
        <section aria-labelledby="details-heading">
          <h2 id="details-heading">{t("consultations:edit.detailsHeading")}</h2>
          <ConsultationForm
            id="edit-consultation"
            defaultValue={d.defaultValue}
            lastResult={sentIntent === "details" ? result : undefined}
            submitLabel={t("consultations:edit.save")}
          />
        </section>
      ) : (
        <p>{t("consultations:edit.fixed")}</p>
      )}
      <section aria-labelledby="questions-heading">
        <h2 id="questions-heading">{t("consultations:questions.heading", { count: d.questions.length })}</h2>
        {d.questions.length === 0 ? <p>{t("consultations:questions.empty")}</p> : null}
        <ol className="question-editor">
          {d.questions.map((q, i) => (
            <li key={q.id}>
              <h3>
                {t("consultations:respond.questionNumber", { n: i + 1 })} {q.prompt}
              </h3>
              <p className="muted">
                {t(`consultations:kinds.${q.kind}`)} ·{" "}
                {q.required ? t("consultations:respond.required") : t("consultations:respond.optional")}
                {q.kind === "multiple"
                  ? ` · ${t("consultations:questions.bounds", { min: q.minChoices ?? 1, max: q.maxChoices ?? q.options.length })}`
                  : ""}
              </p>
              {q.options.length ? (
                <ul>
                  {q.options.map((o, n) => (
                    <li key={n}>{o}</li>
                  ))}
                </ul>
              ) : null}
              {draft ? (
                <div className="button-row">
                  {i > 0 ? (
                    <ButtonForm
                      intent="moveUp"
                      questionId={q.id}
                      label={t("consultations:questions.moveUp")}
                    />
                  ) : null}{" "}
                  {i < d.questions.length - 1 ? (
                    <ButtonForm
                      intent="moveDown"
                      questionId={q.id}
                      label={t("consultations:questions.moveDown")}
                    />
                  ) : null}{" "}
                  <ButtonForm
                    intent="deleteQuestion"
                    questionId={q.id}
                    label={t("consultations:questions.delete")}
                  />
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
      {draft ? (
        <section aria-labelledby="add-heading">
          <h2 id="add-heading">{t("consultations:questions.addHeading")}</h2>
          <AddQuestionForm lastResult={sentIntent === "addQuestion" ? result : undefined} />
        </section>
      ) : null}
      <section aria-labelledby="lifecycle-heading">
        <h2 id="lifecycle-heading">{t("consultations:edit.lifecycleHeading")}</h2>
        {draft ? (
          <>
            <p>{t("consultations:edit.publishHint")}</p>
            <ButtonForm intent="publish" label={t("consultations:edit.publish")} className="primary" />
          </>
        ) : null}
        {d.status !== "cancelled" ? (
          <>
            <p>{t("consultations:edit.cancelHint")}</p>
            <ButtonForm intent="cancel" label={t("consultations:edit.cancel")} />
          </>
        ) : (
          <p>{t("consultations:edit.isCancelled")}</p>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
