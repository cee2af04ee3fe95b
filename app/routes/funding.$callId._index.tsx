import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { FormErrors, TextareaField } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { Timeline } from "~/components/timeline";
import type { Locale } from "~/i18n/config";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { localizedName } from "~/lib/localized-name";
import { formatFen } from "~/lib/money";
import { getRequestMeta } from "~/lib/request-meta.server";
import { getUser, requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { cancelCall } from "~/modules/funding/cancel-call.server";
import { answerQuestion, askQuestion } from "~/modules/funding/call-questions.server";
import { callPage } from "~/modules/funding/call-queries.server";
import {
  AnswerQuestionSchema,
  AskQuestionSchema,
  CancelCallSchema,
  PublishCallSchema,
} from "~/modules/funding/call-schemas";
import { memberOrganisationIds } from "~/modules/funding/permissions";
import { publishCall } from "~/modules/funding/publish-call.server";

const notices = {
  created: "calls:page.notices.created",
  updated: "calls:page.notices.updated",
  published: "calls:page.notices.published",
  cancelled: "calls:page.notices.cancelled",
  asked: "calls:page.notices.asked",
  answered: "calls:page.notices.answered",
} as const;

function formatWhen(date: Date, locale: Locale) {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  }).format(date);
}

/** The English text when the reader reads English and there is one; else the Chinese original. */
const pick = (zh: string, en: string, locale: Locale) => (locale === "en" && en.trim() ? en : zh);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const t = await fixedT(locale);
  const roles = user ? await listActiveRoles(user.id) : [];
  const now = new Date();
  const page = await callPage(params.callId ?? "", user ? { id: user.id, roles } : null, now);
  if (!page) throw new Response(null, { status: 404 });
  const { call, phase } = page;
  const noticeKey = new URL(request.url).searchParams.get("notice");
  const title = pick(call.title, call.titleEn, locale);
  const afterNotice = phase === "notice" || phase === "awarded";
  return {
    title: `${title} · ${t("common:appName")}`,
    notice: noticeKey && noticeKey in notices ? notices[noticeKey as keyof typeof notices] : null,
    call: {
      id: call.id,
      kind: call.kind,
      title,
      description: pick(call.description, call.descriptionEn, locale),
      area: localizedName(page.area, locale),
      categories: call.categories,
      budget: formatFen(call.budgetMinor, locale),
      cap: formatFen(call.perProjectCapMinor, locale),
      share: call.maxGrantSharePercent,
      priceWeight: call.priceWeight,
      aggregation: call.aggregation,
      reviewers: call.reviewersPerApplication,
      publishAt: formatWhen(call.publishAt, locale),
      opensAt: formatWhen(call.opensAt, locale),
      closesAt: formatWhen(call.closesAt, locale),
      reviewEndsAt: formatWhen(call.reviewEndsAt, locale),
      noticeDays: call.noticeDays,
      cancelReason: call.cancelReason,
    },
    phase,
    targetAreas: page.targetAreas.map((a) => localizedName(a, locale)),
    criteria: page.criteria.map((c) => ({
      id: c.id,
      name: pick(c.name, c.nameEn, locale),
      description: c.description,
      maxScore: c.maxScore,
      weight: c.weight,
    })),
    checklist: page.checklist.map((c) => ({ id: c.id, label: pick(c.label, c.labelEn, locale) })),
    documents: page.documents.map((d) => ({ id: d.id, fileName: d.fileName })),
    questions: page.questions.map((q) => ({
      id: q.id,
      question: q.question,
      askedAt: formatWhen(q.createdAt, locale),
      answer: q.answer,
      answeredAt: q.answeredAt ? formatWhen(q.answeredAt, locale) : null,
      mine: q.mine,
    })),
    projects: page.projects,
    timeline: page.timeline,
    signedIn: user !== null,
    canManage: page.canManage,
    canAsk: user !== null && (phase === "scheduled" || phase === "open"),
    canApply: phase === "open" && memberOrganisationIds(roles).length > 0,
    canEdit: page.canManage && phase !== "cancelled" && phase !== "awarded",
    canPublish: page.canManage && phase === "draft",
    canCancel: page.canManage && phase !== "cancelled" && phase !== "awarded",
    showResults: afterNotice,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  const callId = params.callId ?? "";
  const here = `/funding/${callId}`;
  const meta = getRequestMeta(request, context);
  const intent = formData.get("intent");
  if (intent === "publish") {
    const submission = parseWithZod(formData, { schema: PublishCallSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await publishCall({ actor: user, actorRoles: roles, callId, meta });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect(`${here}?notice=published`);
  }
  if (intent === "cancel") {
    const submission = parseWithZod(formData, { schema: CancelCallSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await cancelCall({ actor: user, actorRoles: roles, callId, reason: submission.value.reason, meta });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect(`${here}?notice=cancelled`);
  }
  if (intent === "ask") {
    const submission = parseWithZod(formData, { schema: AskQuestionSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await askQuestion({ actor: user, callId, question: submission.value.question });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect(`${here}?notice=asked#questions`);
  }
  if (intent === "answer") {
    const submission = parseWithZod(formData, { schema: AnswerQuestionSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await answerQuestion({
        actor: user,
        actorRoles: roles,
        callId,
        questionId: submission.value.questionId,
        answer: submission.value.answer,
        meta,
      });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect(`${here}?notice=answered#questions`);
  }
  throw new Response(null, { status: 400 });
}

type Result = SubmissionResult<string[]> | undefined;
const resultFor = (result: Result, intent: string): Result =>
  result?.initialValue?.intent === intent ? result : undefined;

function IntentForm({
  intent,
  lastResult,
  field,
  label,
  submitLabel,
  hidden = {},
  formId,
}: {
  intent: string;
  lastResult: Result;
  field?: string;
  label?: string;
  submitLabel: string;
  hidden?: Record<string, string>;
  formId: string;
}) {
  const [form, fields] = useForm({ id: formId, lastResult: resultFor(lastResult, intent) });
  const meta = field ? fields[field] : undefined;
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <FormErrors id={form.errorId} errors={form.errors} />
      {meta && label ? <TextareaField meta={meta as never} label={label} /> : null}
      <button type="submit" className={intent === "cancel" ? "secondary" : "primary"}>
        {submitLabel}
      </button>
    </Form>
  );
}

export default function CallPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>()?.result as Result;
  const { call } = data;
  const criteriaWeight = data.criteria.reduce((s, c) => s + c.weight, 0);
  return (
    <>
      <p>
        <Link to="/funding">{t("calls:list.back")}</Link>
      </p>
      {data.notice ? (
        <p className="notice" role="status">
          {t(data.notice)}
        </p>
      ) : null}
      <h1>{call.title}</h1>
      <p>
        <span className="badge">{t(`calls:phase.${data.phase}`)}</span> · {t(`calls:kind.${call.kind}`)} ·{" "}
        {call.area}
      </p>
      {call.cancelReason ? (
        <p role="note">{t("calls:page.cancelledBecause", { reason: call.cancelReason })}</p>
      ) : null}

      <nav aria-label={t("calls:page.linksLabel")}>
        <ul className="inline-list">
          {data.canApply ? (
            <li>
              <Link to={`/funding/${call.id}/apply`} className="button primary">
                {t("calls:page.apply")}
              </Link>
            </li>
          ) : null}
          {data.canManage ? (
            <>
              <li>
                <Link to={`/funding/${call.id}/applications`}>{t("calls:page.applications")}</Link>
              </li>
              <li>
                <Link to={`/funding/${call.id}/review`}>{t("calls:page.review")}</Link>
              </li>
              <li>
                <Link to={`/funding/${call.id}/award`}>{t("calls:page.awards")}</Link>
              </li>
            </>
          ) : null}
          {data.showResults ? (
            <li>
              <Link to={`/funding/${call.id}/results`}>{t("calls:page.results")}</Link>
            </li>
          ) : null}
          {data.canEdit ? (
            <li>
              <Link to={`/funding/${call.id}/edit`}>{t("calls:page.edit")}</Link>
            </li>
          ) : null}
        </ul>
      </nav>

      <section aria-labelledby="overview">
        <h2 id="overview">{t("calls:page.overview")}</h2>
        <p className="prewrap">{call.description}</p>
        <dl>
          <dt>{t("calls:page.budget")}</dt>
          <dd>{call.budget}</dd>
          <dt>{t("calls:page.cap")}</dt>
          <dd>{call.cap}</dd>
          <dt>{t("calls:page.shareRule")}</dt>
          <dd>
            {call.kind === "venture"
              ? t("calls:page.shareVenture", { share: call.share, rest: 100 - call.share })
              : t("calls:page.sharePurchase", { share: call.share })}
          </dd>
          <dt>{t("calls:page.categories")}</dt>
          <dd>{call.categories.map((c) => t(`calls:category.${c}`)).join(t("calls:page.listJoiner"))}</dd>
          <dt>{t("calls:page.targetAreas")}</dt>
          <dd>{data.targetAreas.join(t("calls:page.listJoiner"))}</dd>
        </dl>
      </section>

      <section aria-labelledby="dates">
        <h2 id="dates">{t("calls:page.dates")}</h2>
        <dl>
          <dt>{t("calls:form.publishAt")}</dt>
          <dd>{call.publishAt}</dd>
          <dt>{t("calls:form.opensAt")}</dt>
          <dd>{call.opensAt}</dd>
          <dt>{t("calls:form.closesAt")}</dt>
          <dd>{call.closesAt}</dd>
          <dt>{t("calls:form.reviewEndsAt")}</dt>
          <dd>{call.reviewEndsAt}</dd>
          <dt>{t("calls:form.noticeDays")}</dt>
          <dd>{t("calls:page.days", { count: call.noticeDays })}</dd>
        </dl>
      </section>

      <section aria-labelledby="rubric">
        <h2 id="rubric">{t("calls:page.rubric")}</h2>
        <p>
          {t(`calls:page.aggregation.${call.aggregation}`)}{" "}
          {t("calls:page.reviewers", { count: call.reviewers })}
        </p>
        {data.criteria.length === 0 ? (
          <p>{t("calls:page.noRubric")}</p>
        ) : (
          <table>
            <caption>{t("calls:page.rubricCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("calls:page.criterion")}</th>
                <th scope="col">{t("calls:page.criterionDescription")}</th>
                <th scope="col">{t("calls:page.maxScore")}</th>
                <th scope="col">{t("calls:page.weight")}</th>
              </tr>
            </thead>
            <tbody>
              {data.criteria.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.name}</th>
                  <td>{c.description}</td>
                  <td>{t("calls:page.scale", { max: c.maxScore })}</td>
                  <td>{c.weight}</td>
                </tr>
              ))}
              {call.kind === "purchase" ? (
                <tr>
                  <th scope="row">{t("calls:page.price")}</th>
                  <td>{t("calls:page.priceFormula", { weight: call.priceWeight })}</td>
                  <td>{t("calls:page.scale", { max: call.priceWeight })}</td>
                  <td>{call.priceWeight}</td>
                </tr>
              ) : null}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>
                  {t("calls:page.total")}
                </th>
                <td>{criteriaWeight + (call.kind === "purchase" ? call.priceWeight : 0)}</td>
              </tr>
            </tfoot>
          </table>
        )}
      </section>

      <section aria-labelledby="checklist">
        <h2 id="checklist">{t("calls:page.checklist")}</h2>
        {data.checklist.length === 0 ? (
          <p>{t("calls:page.noChecklist")}</p>
        ) : (
          <ol>
            {data.checklist.map((c) => (
              <li key={c.id}>{c.label}</li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="documents">
        <h2 id="documents">{t("calls:page.documents")}</h2>
        {data.documents.length === 0 ? (
          <p>{t("calls:page.noDocuments")}</p>
        ) : (
          <ul>
            {data.documents.map((d) => (
              <li key={d.id}>
                <a href={`/attachments/${d.id}`}>{d.fileName}</a>
              </li>
            ))}
          </ul>
        )}
      </section>

      {data.projects.length ? (
        <section aria-labelledby="projects">
          <h2 id="projects">{t("calls:page.projects")}</h2>
          <p>{t("calls:page.projectsLead")}</p>
          <ul>
            {data.projects.map((p) => (
              <li key={p.id}>
                <Link to={`/projects/${p.id}`}>{p.title}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="questions" id="questions-section">
        <h2 id="questions">{t("calls:page.questions")}</h2>
        {data.questions.length === 0 ? <p>{t("calls:page.noQuestions")}</p> : null}
        <ol className="stack">
          {data.questions.map((q) => (
            <li key={q.id}>
              <p className="prewrap">
                <strong>{t("calls:page.question")}</strong> {q.question} <small>{q.askedAt}</small>
              </p>
              {q.answer ? (
                <p className="prewrap">
                  <strong>{t("calls:page.answer")}</strong> {q.answer} <small>{q.answeredAt}</small>
                </p>
              ) : (
                <>
                  <p className="hint">{q.mine ? t("calls:page.awaitingYours") : t("calls:page.awaiting")}</p>
                  {data.canManage ? (
                    <IntentForm
                      formId={`answer-${q.id}`}
                      intent="answer"
                      lastResult={result?.initialValue?.questionId === q.id ? result : undefined}
                      field="answer"
                      label={t("calls:page.answerLabel")}
                      submitLabel={t("calls:page.answerSubmit")}
                      hidden={{ questionId: q.id }}
                    />
                  ) : null}
                </>
              )}
            </li>
          ))}
        </ol>
        {data.canAsk ? (
          <IntentForm
            formId="ask"
            intent="ask"
            lastResult={result}
            field="question"
            label={t("calls:page.askLabel")}
            submitLabel={t("calls:page.askSubmit")}
          />
        ) : !data.signedIn ? (
          <p>
            <Link to={`/login?redirectTo=/funding/${call.id}`}>{t("calls:page.signInToAsk")}</Link>
          </p>
        ) : null}
      </section>

      {data.canPublish || data.canCancel ? (
        <section aria-labelledby="manage">
          <h2 id="manage">{t("calls:page.manage")}</h2>
          {data.canPublish ? (
            <>
              <p className="hint">{t("calls:page.publishHint")}</p>
              <IntentForm
                formId="publish"
                intent="publish"
                lastResult={result}
                submitLabel={t("calls:page.publish")}
              />
            </>
          ) : null}
          {data.canCancel ? (
            <IntentForm
              formId="cancel"
              intent="cancel"
              lastResult={result}
              field="reason"
              label={t("calls:page.cancelReason")}
              submitLabel={t("calls:page.cancel")}
            />
          ) : null}
        </section>
      ) : null}

      <Timeline entries={data.timeline} headingId="timeline-heading" />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
