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
import { FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import type { Locale } from "~/i18n/config";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { DomainError, isDomainError } from "~/lib/errors";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { fenToYuanInput, formatFen, parseYuan } from "~/lib/money";
import { getRequestMeta } from "~/lib/request-meta.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { evaluationGrades, isReportLate } from "~/modules/funding/agreement-rules";
import { agreementDelivery, findVisibleAgreement } from "~/modules/funding/agreement-queries.server";
import {
  DecideReportSchema,
  EvaluationSchema,
  MilestoneParam,
  SubmitReportSchema,
} from "~/modules/funding/award-schemas";
import { recordEvaluation } from "~/modules/funding/evaluation-record.server";
import { organisationAdminIds } from "~/modules/funding/award-queries.server";
import { decideReport } from "~/modules/funding/report-decide.server";
import { reportAttachmentSubject, submitReport } from "~/modules/funding/report-submit.server";
import { notifyUser } from "~/modules/notifications/notify.server";
import { listAttachments } from "~/modules/uploads/attachment-queries.server";
import { chosenFiles } from "~/modules/uploads/save-attachments.server";

const notices = {
  submitted: "awards:report.notices.submitted",
  accepted: "awards:report.notices.accepted",
  returned: "awards:report.notices.returned",
  evaluated: "awards:report.notices.evaluated",
} as const;

function formatDate(date: Date, locale: Locale) {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "Asia/Shanghai" }).format(date);
}

/** The agreement and milestone from the URL, or 404 (forged ids and strangers alike). */
async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  const milestone = MilestoneParam.safeParse(params.milestone);
  if (!milestone.success) throw new Response(null, { status: 404 });
  const found = await findVisibleAgreement(params.agreementId ?? "", roles).catch((error: unknown) => {
    if (isDomainError(error)) throw new Response(null, { status: 404 });
    throw error;
  });
  return { user, roles, milestone: milestone.data, found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, milestone, found } = await load(request, params);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const delivery = await agreementDelivery(found.agreement.id);
  const report = delivery.reports.find((r) => r.milestone === milestone);
  if (!report) throw new Response(null, { status: 404 });
  const evaluation = delivery.evaluations.find((e) => e.milestone === milestone) ?? null;
  const noticeKey = new URL(request.url).searchParams.get("notice");
  const achievedOf = new Map(report.indicators.map((i) => [i.indicator, i.achieved]));
  const stopped = found.agreement.stoppedAt !== null;
  return {
    title: `${t(`awards:reportName.${milestone}`)} · ${found.application.title} · ${t("common:appName")}`,
    notice: noticeKey && noticeKey in notices ? notices[noticeKey as keyof typeof notices] : null,
    agreementId: found.agreement.id,
    project: found.application.title,
    organisationName: found.organisation.name,
    milestone,
    report: {
      status: report.status,
      due: formatDate(report.dueAt, locale),
      late: isReportLate(report, new Date()),
      narrative: report.narrative,
      spend: report.submittedAt ? formatFen(report.spendMinor, locale) : null,
      spendInput: report.submittedAt ? fenToYuanInput(report.spendMinor) : "",
      submittedAt: report.submittedAt ? formatDate(report.submittedAt, locale) : null,
      returnReason: report.returnReason,
      indicators: found.application.indicators.map((i) => ({
        indicator: i.indicator,
        target: i.target,
        achieved: achievedOf.get(i.indicator) ?? "",
      })),
    },
    attachments: (await listAttachments(reportAttachmentSubject, report.id)).map((a) => ({
      id: a.id,
      fileName: a.fileName,
    })),
    evaluation: evaluation ? { grade: evaluation.grade, note: evaluation.note } : null,
    canSubmit: found.member && (report.status === "due" || report.status === "returned"),
    canDecide: found.manager && report.status === "submitted",
    canEvaluate: found.manager && report.status === "accepted" && !evaluation && !stopped,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const { user, roles, milestone, found } = await load(request, params);
  const agreementId = found.agreement.id;
  const meta = getRequestMeta(request, context);
  const back = (flag: keyof typeof notices) =>
    redirect(`/agreements/${agreementId}/reports/${milestone}?notice=${flag}`);
  const intent = formData.get("intent");

  if (intent === "submit") {
    const submission = parseWithZod(formData, { schema: SubmitReportSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      const spendMinor = parseYuan(submission.value.spend);
      if (spendMinor === null) throw new DomainError("awards:errors.amountInvalid", 422);
      await submitReport({
        actor: user,
        actorRoles: roles,
        agreementId,
        milestone,
        narrative: submission.value.narrative,
        achieved: submission.value.achieved,
        spendMinor,
        files: chosenFiles(formData.getAll("files")),
      });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return back("submitted");
  }
  if (intent === "evaluate") {
    const submission = parseWithZod(formData, { schema: EvaluationSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await recordEvaluation({
        actor: user,
        actorRoles: roles,
        agreementId,
        milestone,
        grade: submission.value.grade,
        note: submission.value.note,
        meta,
      });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return back("evaluated");
  }
  const submission = parseWithZod(formData, { schema: DecideReportSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    await decideReport({
      actor: user,
      actorRoles: roles,
      agreementId,
      milestone,
      decision: submission.value.intent,
      reason: submission.value.reason,
      meta,
    });
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  // The organisation's admins learn the decision (after the commit; best effort).
  for (const userId of await organisationAdminIds([found.organisation.id]))
    await notifyUser({
      userId,
      subjectType: "funding_agreement",
      subjectId: agreementId,
      kind:
        submission.value.intent === "accept"
          ? "awards:notifications.reportAccepted"
          : "awards:notifications.reportReturned",
      href: `/agreements/${agreementId}/reports/${milestone}`,
      params: { project: found.application.title },
    });
  return back(submission.value.intent === "accept" ? "accepted" : "returned");
}

type ActionResult = SubmissionResult<string[]> | undefined;
type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function SubmitForm({ data, lastResult }: { data: Data; lastResult: ActionResult }) {
  const { t } = useTranslation();
  const [form] = useForm({ id: "submit-report", lastResult });
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="field">
        <label htmlFor="narrative">{t("awards:report.narrative")}</label>
        <textarea id="narrative" name="narrative" required rows={8} defaultValue={data.report.narrative} />
      </div>
      {data.report.indicators.length > 0 ? (
        <fieldset>
          <legend>{t("awards:report.indicatorsLegend")}</legend>
          {data.report.indicators.map((ind, i) => (
            <div className="field" key={ind.indicator}>
              <label htmlFor={`achieved-${i}`}>
                {t("awards:report.indicatorLabel", { indicator: ind.indicator, target: ind.target })}
              </label>
              <input id={`achieved-${i}`} name={`achieved[${i}]`} defaultValue={ind.achieved} />
            </div>
          ))}
        </fieldset>
      ) : null}
      <div className="field">
        <label htmlFor="spend">{t("awards:report.spend")}</label>
        <input id="spend" name="spend" required inputMode="decimal" defaultValue={data.report.spendInput} />
      </div>
      <div className="field">
        <label htmlFor="files">{t("awards:report.attachments")}</label>
        <input
          id="files"
          name="files"
          type="file"
          multiple
          accept="image/jpeg,image/png,image/webp,application/pdf"
        />
      </div>
      <div className="button-row">
        <button type="submit" name="intent" value="submit" className="primary">
          {t("awards:report.submitButton")}
        </button>
      </div>
    </Form>
  );
}

function DecideForm({ lastResult }: { lastResult: ActionResult }) {
  const { t } = useTranslation();
  const [form] = useForm({ id: "decide-report", lastResult });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="field">
        <label htmlFor="return-reason">{t("awards:report.returnReason")}</label>
        <textarea id="return-reason" name="reason" rows={3} />
      </div>
      <div className="button-row">
        <button type="submit" name="intent" value="accept" className="primary">
          {t("awards:report.acceptButton")}
        </button>
        <button type="submit" name="intent" value="return">
          {t("awards:report.returnButton")}
        </button>
      </div>
    </Form>
  );
}

function EvaluationForm({ lastResult }: { lastResult: ActionResult }) {
  const { t } = useTranslation();
  const [form] = useForm({ id: "evaluate", lastResult });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <FormErrors id={form.errorId} errors={form.errors} />
      <fieldset className="choices">
        <legend>{t("awards:report.gradeLegend")}</legend>
        {evaluationGrades.map((g) => (
          <label key={g} className="choice">
            <input type="radio" name="grade" value={g} required />
            {t(`awards:grade.${g}`)}
          </label>
        ))}
      </fieldset>
      <p className="hint">{t("awards:report.gradeHint")}</p>
      <div className="field">
        <label htmlFor="evaluation-note">{t("awards:report.evaluationNote")}</label>
        <textarea id="evaluation-note" name="note" rows={3} />
      </div>
      <div className="button-row">
        <button type="submit" name="intent" value="evaluate" className="primary">
          {t("awards:report.evaluateButton")}
        </button>
      </div>
    </Form>
  );
}

export default function MilestoneReport() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>()?.result as ActionResult;
  const sentIntent = (result?.initialValue as Record<string, unknown> | undefined)?.intent;
  const { report } = data;
  return (
    <>
      <p>
        <Link to={`/agreements/${data.agreementId}`}>
          {t("awards:report.backToAgreement", { project: data.project })}
        </Link>
      </p>
      <h1>
        {t(`awards:reportName.${data.milestone}`)} · {data.project}
      </h1>
      {data.notice ? (
        <p className="notice" role="status">
          {t(data.notice)}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t("awards:table.organisation")}</dt>
        <dd>{data.organisationName}</dd>
        <dt>{t("awards:export.status")}</dt>
        <dd>
          {t(`awards:reportStatus.${report.status}`)}
          {report.late ? <span className="badge warn"> {t("awards:agreement.late")}</span> : null}
        </dd>
        <dt>{t("awards:report.dueLabel")}</dt>
        <dd>{report.due}</dd>
        {report.submittedAt ? (
          <>
            <dt>{t("awards:report.submittedAt")}</dt>
            <dd>{report.submittedAt}</dd>
            <dt>{t("awards:report.spend")}</dt>
            <dd>{report.spend}</dd>
          </>
        ) : null}
      </dl>
      {report.returnReason ? (
        <p className="notice">{t("awards:report.returnedBecause", { reason: report.returnReason })}</p>
      ) : null}
      {report.submittedAt && !data.canSubmit ? (
        <section aria-labelledby="content-heading">
          <h2 id="content-heading">{t("awards:report.contentHeading")}</h2>
          <p className="prose">{report.narrative}</p>
          <ul>
            {report.indicators.map((i) => (
              <li key={i.indicator}>
                {t("awards:report.indicatorLine", {
                  indicator: i.indicator,
                  target: i.target,
                  achieved: i.achieved || "—",
                })}
              </li>
            ))}
          </ul>
          {data.attachments.length > 0 ? (
            <ul>
              {data.attachments.map((a) => (
                <li key={a.id}>
                  <a href={`/agreements/${data.agreementId}/reports/${data.milestone}/files/${a.id}`}>
                    {a.fileName}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
      {data.canSubmit ? (
        <section aria-labelledby="submit-heading">
          <h2 id="submit-heading">{t("awards:report.submitHeading")}</h2>
          <SubmitForm data={data} lastResult={sentIntent === "submit" ? result : undefined} />
        </section>
      ) : null}
      {data.canDecide ? (
        <section aria-labelledby="decide-heading">
          <h2 id="decide-heading">{t("awards:report.decideHeading")}</h2>
          <DecideForm lastResult={sentIntent === "accept" || sentIntent === "return" ? result : undefined} />
        </section>
      ) : null}
      {data.evaluation ? (
        <section aria-labelledby="evaluation-heading">
          <h2 id="evaluation-heading">{t(`awards:evaluationName.${data.milestone}`)}</h2>
          <p>
            <strong>{t(`awards:grade.${data.evaluation.grade}`)}</strong>
          </p>
          {data.evaluation.note ? <p className="prose">{data.evaluation.note}</p> : null}
        </section>
      ) : data.canEvaluate ? (
        <section aria-labelledby="evaluation-heading">
          <h2 id="evaluation-heading">{t(`awards:evaluationName.${data.milestone}`)}</h2>
          <EvaluationForm lastResult={sentIntent === "evaluate" ? result : undefined} />
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
