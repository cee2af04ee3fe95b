import {
  getFormProps,
  getInputProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorList, FormErrors, TextareaField } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { getRequestMeta } from "~/lib/request-meta.server";
import { toShanghaiLocal } from "~/lib/shanghai-time";
import { requireUser } from "~/modules/accounts/auth.server";
import { declareNoConflict, recuse, submitReview } from "~/modules/funding/review-assignment.server";
import { loadReviewerAssignment } from "~/modules/funding/review-queries.server";
import {
  assignmentStatusLabel,
  DeclareSchema,
  recommendationLabel,
  RecuseSchema,
  recommendations,
  SubmitReviewSchema,
} from "~/modules/funding/review-schemas";
import { ApplicationContent } from "~/components/application-content";
import type { ApplicationContentView } from "~/modules/funding/application-content";
import { applicationContentView } from "~/modules/funding/application-view.server";

const notices = {
  declared: "reviews:assignment.notices.declared",
  recused: "reviews:assignment.notices.recused",
  submitted: "reviews:assignment.notices.submitted",
} as const;

/** Only the assigned reviewer sees the page: anyone else (or a forged id) gets 404. */
async function requireOwnAssignment(request: Request, assignmentId: string) {
  const user = await requireUser(request);
  const view = await loadReviewerAssignment(assignmentId, user.id);
  if (!view) throw new Response(null, { status: 404 });
  return { user, view };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, view } = await requireOwnAssignment(request, params.assignmentId ?? "");
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const noticeKey = new URL(request.url).searchParams.get("notice");
  return {
    title: `${t("reviews:assignment.title")} · ${t("common:appName")}`,
    locale,
    notice: noticeKey && noticeKey in notices ? notices[noticeKey as keyof typeof notices] : null,
    ...view,
    applicationContent: view.content
      ? applicationContentView(view.content.application, view.assignment.callKind, locale)
      : null,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const assignmentId = params.assignmentId ?? "";
  const { user } = await requireOwnAssignment(request, assignmentId);
  const meta = getRequestMeta(request, context);
  const here = `/reviews/${assignmentId}`;
  const intent = formData.get("intent");
  if (intent === "declare") {
    const submission = parseWithZod(formData, { schema: DeclareSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await declareNoConflict({ actor: user, assignmentId, meta });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect(`${here}?notice=declared`);
  }
  if (intent === "recuse") {
    const submission = parseWithZod(formData, { schema: RecuseSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await recuse({ actor: user, assignmentId, reason: submission.value.reason, meta });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect(`${here}?notice=recused`);
  }
  if (intent === "submit") {
    const submission = parseWithZod(formData, { schema: SubmitReviewSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await submitReview({
        actor: user,
        assignmentId,
        scores: submission.value.scores.map((s) => ({ ...s, comment: s.comment ?? "" })),
        recommendation: submission.value.recommendation,
        comment: submission.value.comment,
        meta,
      });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect(`${here}?notice=submitted`);
  }
  throw new Response(null, { status: 400 });
}

type Result = SubmissionResult<string[]> | undefined;
type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function resultFor(result: Result, intent: string): Result {
  return result?.initialValue?.intent === intent ? result : undefined;
}

function DeclareForms({ lastResult }: { lastResult: Result }) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof RecuseSchema>>({
    id: "recuse",
    lastResult: resultFor(lastResult, "recuse"),
    constraint: getZodConstraint(RecuseSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RecuseSchema }),
    shouldRevalidate: "onBlur",
  });
  const declareErrors = resultFor(lastResult, "declare")?.error?.[""] ?? null;
  return (
    <section aria-labelledby="declare-heading" className="stack">
      <h2 id="declare-heading">{t("reviews:assignment.declareHeading")}</h2>
      <p>{t("reviews:assignment.declareExplain")}</p>
      <Form method="post" className="inline-form">
        <CsrfInput />
        <FormErrors errors={declareErrors} />
        <button type="submit" name="intent" value="declare" className="primary">
          {t("reviews:assignment.declareButton")}
        </button>
      </Form>
      <Form method="post" {...getFormProps(form)} className="stack">
        <h3>{t("reviews:assignment.recuseHeading")}</h3>
        <CsrfInput />
        <input type="hidden" name="intent" value="recuse" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextareaField
          meta={fields.reason}
          label={t("reviews:assignment.recuseReason")}
          hint={t("reviews:assignment.recuseHint")}
        />
        <div className="button-row">
          <button type="submit" className="secondary">
            {t("reviews:assignment.recuseButton")}
          </button>
        </div>
      </Form>
    </section>
  );
}

function ApplicationSection({
  content,
  declaration: d,
}: {
  content: ApplicationContentView;
  declaration: NonNullable<Data["content"]>["declaration"];
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="application-heading" className="stack">
      <h2 id="application-heading">{t("reviews:assignment.applicationHeading")}</h2>
      <ApplicationContent content={content} />
      <h3>{t("reviews:assignment.declarationsHeading")}</h3>
      {d ? (
        <ul>
          <li>
            {t("reviews:assignment.notAbnormal1y")}: {d.notAbnormal1y ? t("reviews:yes") : t("reviews:no")}
          </li>
          <li>
            {t("reviews:assignment.notSeriousViolation2y")}:{" "}
            {d.notSeriousViolation2y ? t("reviews:yes") : t("reviews:no")}
          </li>
          <li>
            {t("reviews:assignment.noMajorViolation3y")}:{" "}
            {d.noMajorViolation3y ? t("reviews:yes") : t("reviews:no")}
          </li>
          <li>
            {t("reviews:assignment.declaredBy", {
              name: d.declarantName,
              at: toShanghaiLocal(new Date(d.declaredAt)).replace("T", " "),
            })}
          </li>
        </ul>
      ) : (
        <p>{t("reviews:assignment.noDeclarations")}</p>
      )}
    </section>
  );
}

function ScoreForm({ content, lastResult }: { content: NonNullable<Data["content"]>; lastResult: Result }) {
  const { t, i18n } = useTranslation();
  const [form, fields] = useForm<z.input<typeof SubmitReviewSchema>>({
    id: "score",
    lastResult: resultFor(lastResult, "submit"),
    constraint: getZodConstraint(SubmitReviewSchema),
    defaultValue: { scores: content.criteria.map((c) => ({ criterionId: c.id, comment: "" })) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SubmitReviewSchema }),
    shouldRevalidate: "onBlur",
  });
  const items = fields.scores.getFieldList();
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <h2 id="score-heading">{t("reviews:assignment.scoreHeading")}</h2>
      <p>{t("reviews:assignment.scoreExplain")}</p>
      <CsrfInput />
      <input type="hidden" name="intent" value="submit" />
      <FormErrors id={form.errorId} errors={form.errors} />
      {items.map((item, i) => {
        const c = content.criteria[i]!;
        const f = item.getFieldset();
        const name = i18n.language === "en" && c.nameEn ? c.nameEn : c.name;
        return (
          <fieldset key={item.key} className="stack">
            <legend>
              {t("reviews:assignment.criterionLegend", { name, weight: c.weight, max: c.maxScore })}
            </legend>
            {c.description ? <p className="hint">{c.description}</p> : null}
            <input type="hidden" name={f.criterionId.name} value={c.id} />
            <div className="field">
              <label htmlFor={f.score.id}>{t("reviews:assignment.scoreLabel", { max: c.maxScore })}</label>
              <input
                {...getInputProps(f.score, { type: "number" })}
                key={f.score.key}
                min={0}
                max={c.maxScore}
                step={1}
                inputMode="numeric"
              />
              <ErrorList id={f.score.errorId} errors={f.score.errors} />
            </div>
            <div className="field">
              <label htmlFor={f.comment.id}>{t("reviews:assignment.criterionComment")}</label>
              <textarea {...getTextareaProps(f.comment)} key={f.comment.key} />
              <ErrorList id={f.comment.errorId} errors={f.comment.errors} />
            </div>
          </fieldset>
        );
      })}
      <fieldset>
        <legend>{t("reviews:assignment.recommendationLegend")}</legend>
        {recommendations.map((r) => (
          <label key={r} className="choice">
            <input type="radio" name={fields.recommendation.name} value={r} required />
            {t(recommendationLabel[r])}
          </label>
        ))}
        <ErrorList id={fields.recommendation.errorId} errors={fields.recommendation.errors} />
      </fieldset>
      <TextareaField meta={fields.comment} label={t("reviews:assignment.overallComment")} />
      <p className="hint">{t("reviews:assignment.submitOnce")}</p>
      <div className="button-row">
        <button type="submit" className="primary">
          {t("reviews:assignment.submitButton")}
        </button>
      </div>
    </Form>
  );
}

function OwnReview({ data }: { data: Data }) {
  const { t, i18n } = useTranslation();
  const content = data.content!;
  return (
    <section aria-labelledby="own-heading" className="stack">
      <h2 id="own-heading">{t("reviews:assignment.ownHeading")}</h2>
      <table aria-label={t("reviews:assignment.ownHeading")}>
        <thead>
          <tr>
            <th scope="col">{t("reviews:criterion")}</th>
            <th scope="col">{t("reviews:score")}</th>
            <th scope="col">{t("reviews:comment")}</th>
          </tr>
        </thead>
        <tbody>
          {content.criteria.map((c) => {
            const s = content.ownScores.find((x) => x.criterionId === c.id);
            return (
              <tr key={c.id}>
                <td>{i18n.language === "en" && c.nameEn ? c.nameEn : c.name}</td>
                <td>{s ? `${s.score} / ${c.maxScore}` : ""}</td>
                <td>{s?.comment}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p>
        {t("reviews:assignment.recommendationLegend")}:{" "}
        {data.assignment.recommendation ? t(recommendationLabel[data.assignment.recommendation]) : ""}
      </p>
      <p>{data.assignment.comment}</p>
    </section>
  );
}

export default function ReviewAssignmentPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { result?: Result } | undefined;
  const { t } = useTranslation();
  const a = data.assignment;
  const callTitle = data.locale === "en" && a.callTitleEn ? a.callTitleEn : a.callTitle;
  return (
    <div className="stack">
      <p>
        <Link to="/reviews">{t("reviews:workspace.back")}</Link>
      </p>
      <h1>{a.applicationTitle}</h1>
      {data.notice ? (
        <p role="status" className="notice">
          {t(data.notice)}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t("reviews:call")}</dt>
        <dd>{callTitle}</dd>
        <dt>{t("reviews:organisation")}</dt>
        <dd>{a.organisationName}</dd>
        <dt>{t("reviews:statusLabel")}</dt>
        <dd>{t(assignmentStatusLabel[a.status])}</dd>
        <dt>{t("reviews:assignment.reviewEndsAt")}</dt>
        <dd>{toShanghaiLocal(new Date(a.reviewEndsAt)).replace("T", " ")}</dd>
      </dl>
      {a.status === "assigned" && a.callStatus === "in_review" ? (
        <DeclareForms lastResult={actionData?.result} />
      ) : null}
      {a.status === "recused" ? (
        <p>{t("reviews:assignment.recusedExplain", { reason: a.recusalReason ?? "" })}</p>
      ) : null}
      {data.content && data.applicationContent ? (
        <ApplicationSection content={data.applicationContent} declaration={data.content.declaration} />
      ) : null}
      {data.content && a.status === "declared" && a.callStatus === "in_review" ? (
        <ScoreForm content={data.content} lastResult={actionData?.result} />
      ) : null}
      {data.content && a.status === "submitted" ? <OwnReview data={data} /> : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
