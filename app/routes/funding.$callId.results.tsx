import { parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import type { Locale } from "~/i18n/config";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { localizedName } from "~/lib/localized-name";
import { formatFen } from "~/lib/money";
import { getUser, requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import {
  callNoticeSubject,
  callNoticeSubjectType,
  isAwardNoticeOpen,
} from "~/modules/funding/call-notice.server";
import { getCallResults } from "~/modules/funding/funding-exports.server";
import { listObjections } from "~/modules/notices/objection-queries.server";
import { RaiseObjectionSchema } from "~/modules/notices/objection-schemas";
import { raiseObjection } from "~/modules/notices/raise-objection.server";
import { ObjectionForm } from "~/components/objection-forms";
import { TableRegion } from "~/components/table-region";

const notices = { objected: "awards:results.notices.objected" } as const;

const pick = (zh: string, en: string, locale: Locale) => (locale === "en" && en.trim() ? en : zh);

function formatDate(date: Date, locale: Locale, withTime = false) {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    ...(withTime ? { timeStyle: "short" as const } : {}),
    timeZone: "Asia/Shanghai",
  }).format(date);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const t = await fixedT(locale);
  const now = new Date();
  const results = await getCallResults(params.callId ?? "", now);
  if (!results) throw new Response(null, { status: 404 });
  const { call } = results;
  const title = pick(call.title, call.titleEn, locale);
  const objections = results.published
    ? await listObjections(callNoticeSubjectType, call.id, user?.id ?? null)
    : [];
  const noticeKey = new URL(request.url).searchParams.get("notice");
  return {
    title: `${t("awards:results.title", { call: title })} · ${t("common:appName")}`,
    notice: noticeKey && noticeKey in notices ? notices[noticeKey as keyof typeof notices] : null,
    call: {
      id: call.id,
      title,
      status: call.status,
      area: localizedName(results.area, locale),
      budget: formatFen(call.budgetMinor, locale),
      noticeEndsAt: call.noticeEndsAt ? formatDate(call.noticeEndsAt, locale, true) : null,
      awardedAt: call.awardedAt ? formatDate(call.awardedAt, locale) : null,
    },
    published: results.published,
    noticeOpen: isAwardNoticeOpen({ ...call, noticeStartsAt: call.noticeStartsAt }, now),
    signedIn: user !== null,
    awarded: formatFen(results.awardedMinor, locale),
    unsuccessfulCount: results.unsuccessfulCount,
    awards: results.awards.map((a) => ({
      id: a.awardId,
      rank: a.rank,
      status: a.status,
      title: a.title,
      organisationId: a.organisation.id,
      organisationName: a.organisation.name,
      amount: formatFen(a.amountMinor, locale),
      totalScore: a.totalScore.toFixed(2),
      criteria: a.criteria
        .map(
          (c) =>
            `${pick(c.name, c.nameEn, locale)} ${c.aggregated === null ? "—" : c.aggregated.toFixed(1)}/${c.maxScore}`,
        )
        .join(" · "),
      deviationNote: a.deviationNote,
      projectId: a.livelihoodProjectId,
      agreement: a.agreement
        ? {
            period: `${a.agreement.startsOn} – ${a.agreement.endsOn}`,
            released: formatFen(a.agreement.releasedMinor, locale),
            total: formatFen(a.agreement.amountMinor, locale),
            stopped: a.agreement.stoppedAt !== null,
            tranches: a.agreement.tranches.map((tr) => ({
              milestone: tr.milestone,
              percent: tr.percent,
              status: tr.status,
              releasedAt: tr.releasedAt ? formatDate(tr.releasedAt, locale) : null,
            })),
            reports: a.agreement.reports.map((r) => ({
              milestone: r.milestone,
              status: r.status,
              due: formatDate(r.dueAt, locale),
              late: r.late,
            })),
            evaluations: a.agreement.evaluations.map((e) => ({ milestone: e.milestone, grade: e.grade })),
          }
        : null,
    })),
    objections: objections.map((o) => ({
      id: o.id,
      mine: o.mine,
      reason: o.reason,
      date: formatDate(o.createdAt, locale, true),
      answer: o.answer,
      answerText: o.answerText,
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  const subject = await callNoticeSubject(params.callId ?? "");
  if (!subject) throw new Response(null, { status: 404 });
  const submission = parseWithZod(formData, { schema: RaiseObjectionSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    await raiseObjection({
      actor: user,
      actorRoles: await listActiveRoles(user.id),
      subject,
      reason: submission.value.reason,
    });
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  return redirect(`/funding/${subject.id}/results?notice=objected`);
}

export default function CallResults() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>()?.result;
  const { call } = data;
  return (
    <>
      <p>
        <Link to={`/funding/${call.id}`}>{t("awards:backToCall", { call: call.title })}</Link>
      </p>
      <h1>{t("awards:results.title", { call: call.title })}</h1>
      {data.notice ? (
        <p className="notice" role="status">
          {t(data.notice)}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t("awards:results.funder")}</dt>
        <dd>{call.area}</dd>
        <dt>{t("awards:workspace.budget")}</dt>
        <dd>{call.budget}</dd>
        <dt>{t("awards:workspace.status")}</dt>
        <dd>{t(`awards:callStatus.${call.status}`)}</dd>
        {call.awardedAt ? (
          <>
            <dt>{t("awards:results.awardedAt")}</dt>
            <dd>{call.awardedAt}</dd>
          </>
        ) : null}
      </dl>
      {!data.published ? (
        <p>{t("awards:results.notYet")}</p>
      ) : (
        <>
          <p className="lead">
            {call.status === "notice"
              ? t("awards:results.noticeLead", { date: call.noticeEndsAt ?? "" })
              : t("awards:results.awardedLead", { total: data.awarded, count: data.awards.length })}
          </p>
          <p>
            {t("awards:results.exports")}{" "}
            <a href={`/funding/${call.id}/results.csv`}>{t("awards:results.csvExport")}</a> ·{" "}
            <a href={`/funding/${call.id}/results.json`}>{t("awards:results.jsonExport")}</a> ·{" "}
            <a href={`/funding/${call.id}/grants.json`}>{t("awards:results.grantsExport")}</a>
          </p>
          <section aria-labelledby="awards-heading">
            <h2 id="awards-heading">{t("awards:results.awardsHeading", { count: data.awards.length })}</h2>
            <TableRegion labelledBy="awards-heading">
              <table>
                <caption>{t("awards:results.awardsCaption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("awards:table.rank")}</th>
                    <th scope="col">{t("awards:table.organisation")}</th>
                    <th scope="col">{t("awards:table.project")}</th>
                    <th scope="col">{t("awards:table.amount")}</th>
                    <th scope="col">{t("awards:table.score")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.awards.map((a) => (
                    <tr key={a.id}>
                      <td>{a.rank}</td>
                      <td>
                        <Link to={`/organisations/${a.organisationId}`}>{a.organisationName}</Link>
                      </td>
                      <td>
                        {a.title}
                        {a.projectId ? (
                          <>
                            {" · "}
                            <Link to={`/projects/${a.projectId}`}>{t("awards:results.projectLink")}</Link>
                          </>
                        ) : null}
                        {a.deviationNote ? (
                          <p className="muted">
                            {t("awards:workspace.deviationShown", { note: a.deviationNote })}
                          </p>
                        ) : null}
                      </td>
                      <td>{a.amount}</td>
                      <td>
                        {a.totalScore}
                        <br />
                        <span className="muted">{a.criteria}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
            <p>{t("awards:results.unsuccessful", { count: data.unsuccessfulCount })}</p>
          </section>

          {data.awards.some((a) => a.agreement) ? (
            <section aria-labelledby="delivery-heading">
              <h2 id="delivery-heading">{t("awards:results.deliveryHeading")}</h2>
              <ul className="card-list">
                {data.awards
                  .filter((a) => a.agreement)
                  .map((a) => (
                    <li key={a.id}>
                      <h3>
                        {a.organisationName} · {a.title}
                      </h3>
                      <p>
                        {t("awards:results.released", {
                          released: a.agreement!.released,
                          total: a.agreement!.total,
                        })}{" "}
                        · {a.agreement!.period}
                        {a.agreement!.stopped ? (
                          <span className="badge warn"> {t("awards:agreement.stopped")}</span>
                        ) : null}
                      </p>
                      <ul>
                        {a.agreement!.tranches.map((tr) => (
                          <li key={tr.milestone}>
                            {t(`awards:milestone.${tr.milestone}`)} {tr.percent}% ·{" "}
                            {t(`awards:trancheStatus.${tr.status}`)}
                            {tr.releasedAt ? ` · ${tr.releasedAt}` : ""}
                          </li>
                        ))}
                        {a.agreement!.reports.map((r) => (
                          <li key={r.milestone}>
                            {t(`awards:reportName.${r.milestone}`)} · {t(`awards:reportStatus.${r.status}`)} ·{" "}
                            {t("awards:agreement.due", { date: r.due })}
                            {r.late ? (
                              <span className="badge warn"> {t("awards:agreement.late")}</span>
                            ) : null}
                          </li>
                        ))}
                        {a.agreement!.evaluations.map((e) => (
                          <li key={e.milestone}>
                            {t(`awards:evaluationName.${e.milestone}`)} · {t(`awards:grade.${e.grade}`)}
                          </li>
                        ))}
                      </ul>
                    </li>
                  ))}
              </ul>
            </section>
          ) : null}

          <section aria-labelledby="objections-heading">
            <h2 id="objections-heading">
              {t("awards:objections.heading", { count: data.objections.length })}
            </h2>
            {data.noticeOpen ? (
              data.signedIn ? (
                <ObjectionForm lastResult={result} />
              ) : (
                <p>
                  <Link to={`/login?redirectTo=${encodeURIComponent(`/funding/${call.id}/results`)}`}>
                    {t("awards:results.signInToObject")}
                  </Link>
                </p>
              )
            ) : call.noticeEndsAt ? (
              <p>{t("awards:objections.closedAt", { date: call.noticeEndsAt })}</p>
            ) : null}
            {data.objections.length === 0 ? <p>{t("awards:objections.none")}</p> : null}
            <ul className="card-list">
              {data.objections.map((o) => (
                <li key={o.id}>
                  <p className="muted">
                    {o.mine ? t("awards:objections.byYou") : t("awards:objections.bySomeone")} · {o.date}
                  </p>
                  <p className="prose">{o.reason}</p>
                  {o.answer ? (
                    <p>
                      <span className="badge">{t(`awards:objections.${o.answer}`)}</span> {o.answerText}
                    </p>
                  ) : (
                    <p>
                      <span className="badge warn">{t("awards:objections.awaiting")}</span>
                    </p>
                  )}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
