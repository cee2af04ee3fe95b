import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import type { Locale } from "~/i18n/config";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { isDomainError } from "~/lib/errors";
import { formatFen } from "~/lib/money";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { isReportLate } from "~/modules/funding/agreement-rules";
import { agreementDelivery, findVisibleAgreement } from "~/modules/funding/agreement-queries.server";
import { TableRegion } from "~/components/table-region";

function formatDate(date: Date, locale: Locale) {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "Asia/Shanghai" }).format(date);
}

/** The agreement (合同): the organisation's members and the officials who run the call; others 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const roles = await listActiveRoles(user.id);
  const found = await findVisibleAgreement(params.agreementId ?? "", roles).catch((error: unknown) => {
    if (isDomainError(error)) throw new Response(null, { status: 404 });
    throw error;
  });
  const delivery = await agreementDelivery(found.agreement.id);
  const now = new Date();
  return {
    title: `${t("awards:agreement.title", { project: found.application.title })} · ${t("common:appName")}`,
    agreement: {
      id: found.agreement.id,
      project: found.application.title,
      organisationName: found.organisation.name,
      organisationId: found.organisation.id,
      callId: found.call.id,
      callTitle: found.call.title,
      amount: formatFen(found.agreement.amountMinor, locale),
      period: `${found.agreement.startsOn} – ${found.agreement.endsOn}`,
      signedAt: formatDate(found.agreement.signedAt, locale),
      stoppedAt: found.agreement.stoppedAt ? formatDate(found.agreement.stoppedAt, locale) : null,
    },
    manager: found.manager,
    member: found.member,
    tranches: delivery.tranches.map((tr) => ({
      milestone: tr.milestone,
      percent: tr.percent,
      amount: formatFen(tr.amountMinor, locale),
      status: tr.status,
      releasedAt: tr.releasedAt ? formatDate(tr.releasedAt, locale) : null,
    })),
    reports: delivery.reports.map((r) => ({
      milestone: r.milestone,
      status: r.status,
      due: formatDate(r.dueAt, locale),
      submittedAt: r.submittedAt ? formatDate(r.submittedAt, locale) : null,
      late: isReportLate(r, now),
      returnReason: r.status === "returned" ? r.returnReason : null,
    })),
    evaluations: delivery.evaluations.map((e) => ({
      milestone: e.milestone,
      grade: e.grade,
      note: e.note,
      date: formatDate(e.evaluatedAt, locale),
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export default function Agreement() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { agreement } = data;
  return (
    <>
      <p>
        <Link to="/agreements">{t("awards:agreements.title")}</Link>
        {" · "}
        <Link to={`/funding/${agreement.callId}/results`}>{t("awards:agreement.publicRecord")}</Link>
      </p>
      <h1>{t("awards:agreement.title", { project: agreement.project })}</h1>
      <dl className="facts">
        <dt>{t("awards:table.organisation")}</dt>
        <dd>
          <Link to={`/organisations/${agreement.organisationId}`}>{agreement.organisationName}</Link>
        </dd>
        <dt>{t("awards:agreements.call")}</dt>
        <dd>{agreement.callTitle}</dd>
        <dt>{t("awards:table.amount")}</dt>
        <dd>{agreement.amount}</dd>
        <dt>{t("awards:agreement.period")}</dt>
        <dd>{agreement.period}</dd>
        <dt>{t("awards:agreement.signedAt")}</dt>
        <dd>{agreement.signedAt}</dd>
        {agreement.stoppedAt ? (
          <>
            <dt>{t("awards:agreement.stopped")}</dt>
            <dd>{agreement.stoppedAt}</dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="tranches-heading">
        <h2 id="tranches-heading">{t("awards:agreement.tranchesHeading")}</h2>
        <TableRegion labelledBy="tranches-heading">
          <table>
            <caption>{t("awards:agreement.tranchesCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("awards:agreement.milestone")}</th>
                <th scope="col">{t("awards:agreement.percent")}</th>
                <th scope="col">{t("awards:table.amount")}</th>
                <th scope="col">{t("awards:export.status")}</th>
              </tr>
            </thead>
            <tbody>
              {data.tranches.map((tr) => (
                <tr key={tr.milestone}>
                  <td>{t(`awards:milestone.${tr.milestone}`)}</td>
                  <td>{tr.percent}%</td>
                  <td>{tr.amount}</td>
                  <td>
                    {t(`awards:trancheStatus.${tr.status}`)}
                    {tr.releasedAt ? ` · ${tr.releasedAt}` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      </section>

      <section aria-labelledby="reports-heading">
        <h2 id="reports-heading">{t("awards:agreement.reportsHeading")}</h2>
        <ul className="card-list">
          {data.reports.map((r) => (
            <li key={r.milestone}>
              <p>
                <Link to={`/agreements/${agreement.id}/reports/${r.milestone}`}>
                  {t(`awards:reportName.${r.milestone}`)}
                </Link>{" "}
                · {t(`awards:reportStatus.${r.status}`)} · {t("awards:agreement.due", { date: r.due })}
                {r.late ? <span className="badge warn"> {t("awards:agreement.late")}</span> : null}
              </p>
              {r.returnReason ? (
                <p className="muted">{t("awards:report.returnedBecause", { reason: r.returnReason })}</p>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="evaluations-heading">
        <h2 id="evaluations-heading">{t("awards:agreement.evaluationsHeading")}</h2>
        {data.evaluations.length === 0 ? <p>{t("awards:agreement.noEvaluations")}</p> : null}
        <ul className="card-list">
          {data.evaluations.map((e) => (
            <li key={e.milestone}>
              <p>
                {t(`awards:evaluationName.${e.milestone}`)} · <strong>{t(`awards:grade.${e.grade}`)}</strong>{" "}
                · {e.date}
              </p>
              {e.note ? <p className="prose">{e.note}</p> : null}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
