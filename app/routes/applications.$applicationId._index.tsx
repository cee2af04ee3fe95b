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
import { Timeline } from "~/components/timeline";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { refusedSubmission } from "~/lib/form-reply.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { editRefusal } from "~/modules/funding/application-drafts.server";
import {} from "~/modules/funding/application-errors";
import {
  loadApplicationForOfficial,
  loadApplicationForOrg,
  screeningResult,
} from "~/modules/funding/application-queries.server";
import { WithdrawSchema } from "~/modules/funding/application-schemas";
import { applicationStatusLabel } from "~/modules/funding/application-status";
import { applicationView } from "~/modules/funding/application-view.server";
import { withdrawApplication } from "~/modules/funding/withdraw-application.server";
import { listTimeline } from "~/modules/timeline/timeline.server";
import { ApplicationContent } from "~/components/application-content";

const notices = {
  submitted: "applications:detail.notices.submitted",
  withdrawn: "applications:detail.notices.withdrawn",
  saved: "applications:detail.notices.saved",
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  const id = params.applicationId ?? "";
  const own = await loadApplicationForOrg(id, roles);
  const app = own ?? (await loadApplicationForOfficial(id, roles));
  if (!app) throw new Response(null, { status: 404 });
  const now = new Date();
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const view = await applicationView(app, locale, now);
  const screened = ["eligible", "ineligible", "awarded", "not_awarded"].includes(app.status);
  const noticeKey = new URL(request.url).searchParams.get("notice");
  return {
    title: `${app.title || t("applications:untitled")} · ${t("common:appName")}`,
    notice: noticeKey && noticeKey in notices ? notices[noticeKey as keyof typeof notices] : null,
    application: view,
    isMember: Boolean(own),
    canEdit: Boolean(own) && editRefusal(app, app.call, now) === null,
    canWithdraw:
      Boolean(own) && (app.status === "draft" || app.status === "submitted") && now < app.call.closesAt,
    isOfficial: !own,
    screening: screened ? await screeningResult(app.id, app.callId) : [],
    locale,
    showFeedback: ["notice", "awarded"].includes(view.callPhase),
    timeline: await listTimeline("funding_application", app.id),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  const submission = parseWithZod(formData, { schema: WithdrawSchema });
  if (submission.status !== "success") throw new Response(null, { status: 400 });
  const applicationId = params.applicationId ?? "";
  try {
    await withdrawApplication({ actor: user, actorRoles: await listActiveRoles(user.id), applicationId });
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  return redirect(`/applications/${applicationId}?notice=withdrawn`);
}

export default function ApplicationPage() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const a = d.application;
  const en = d.locale === "en";
  return (
    <>
      <p>
        {d.isMember ? (
          <Link to="/applications">{t("applications:detail.back")}</Link>
        ) : (
          <Link to={`/funding/${a.callId}/applications`}>{t("applications:detail.backToCall")}</Link>
        )}
      </p>
      {d.notice ? (
        <p className="notice" role="status">
          {t(d.notice)}
        </p>
      ) : null}
      <h1>{a.title || t("applications:untitled")}</h1>
      <dl className="facts">
        <dt>{t("applications:detail.status")}</dt>
        <dd>{t(applicationStatusLabel[a.status])}</dd>
        <dt>{t("applications:detail.organisation")}</dt>
        <dd>{a.organisationName}</dd>
        <dt>{t("applications:detail.call")}</dt>
        <dd>
          <Link to={`/funding/${a.callId}`}>{a.callTitle}</Link>
        </dd>
        <dt>{t("applications:detail.closesAt")}</dt>
        <dd>{a.closesAt}</dd>
        {a.submittedAt ? (
          <>
            <dt>{t("applications:detail.submittedAt")}</dt>
            <dd>{a.submittedAt}</dd>
          </>
        ) : null}
      </dl>

      {a.status === "returned" ? (
        <section aria-labelledby="rework-heading" className="callout">
          <h2 id="rework-heading">{t("applications:detail.reworkHeading")}</h2>
          <p>{a.returnReason}</p>
          <p>{t("applications:detail.reworkDue", { dueAt: a.reworkDueAt })}</p>
        </section>
      ) : null}

      {d.screening.length > 0 ? (
        <section aria-labelledby="screening-heading">
          <h2 id="screening-heading">{t("applications:detail.screeningHeading")}</h2>
          <p>
            {a.status === "ineligible"
              ? t("applications:detail.ineligibleLead")
              : t("applications:detail.eligibleLead")}
          </p>
          <table>
            <caption className="visually-hidden">{t("applications:detail.screeningHeading")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("applications:screen.item")}</th>
                <th scope="col">{t("applications:screen.verdict")}</th>
                <th scope="col">{t("applications:screen.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {d.screening.map((s) => (
                <tr key={s.id}>
                  <td>{en && s.labelEn ? s.labelEn : s.label}</td>
                  <td>
                    {s.passed === null
                      ? t("applications:screen.unchecked")
                      : s.passed
                        ? t("applications:screen.pass")
                        : t("applications:screen.fail")}
                  </td>
                  <td>{s.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {a.screeningNote ? <p>{a.screeningNote}</p> : null}
        </section>
      ) : null}

      <div className="button-row">
        {d.canEdit ? (
          <Link to={`/applications/${a.id}/edit`} className="button primary">
            {t("applications:detail.edit")}
          </Link>
        ) : null}
        {d.isOfficial ? (
          <Link to={`/applications/${a.id}/screen`} className="button secondary">
            {t("applications:detail.screen")}
          </Link>
        ) : null}
        {d.showFeedback && d.isMember ? (
          <Link to={`/applications/${a.id}/feedback`}>{t("applications:detail.feedback")}</Link>
        ) : null}
      </div>

      <section aria-labelledby="content-heading">
        <h2 id="content-heading">{t("applications:detail.contentHeading")}</h2>
        <ApplicationContent content={a.content} />
        {a.attachments.length > 0 ? (
          <>
            <h3>{t("applications:form.currentFiles")}</h3>
            <ul>
              {a.attachments.map((f) => (
                <li key={f.id}>
                  <a href={`/applications/${a.id}/files/${f.id}`}>{f.fileName}</a>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      {d.canWithdraw ? (
        <Form method="post" className="stack">
          <CsrfInput />
          <FormErrors errors={actionData?.result?.error?.[""] ?? null} />
          <p>{t("applications:detail.withdrawHint")}</p>
          <button type="submit" name="intent" value="withdraw" className="secondary">
            {t("applications:detail.withdraw")}
          </button>
        </Form>
      ) : null}

      <Timeline entries={d.timeline} headingId="application-timeline" />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
