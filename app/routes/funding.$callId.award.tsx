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
import { defaultTranchePercents } from "~/modules/funding/agreement-rules";
import { unsignedAwards } from "~/modules/funding/agreement-queries.server";
import { signAgreement } from "~/modules/funding/agreement-sign.server";
import { confirmAwards } from "~/modules/funding/award-confirm.server";
import { publishAwardNotice, withdrawAward } from "~/modules/funding/award-notice.server";
import { proposeAwards } from "~/modules/funding/award-propose.server";
import { findManagedCall, listCallAwards } from "~/modules/funding/award-queries.server";
import { proposeGreedy } from "~/modules/funding/award-rules";
import {
  IntentOnlySchema,
  ProposeAwardsSchema,
  SignAgreementSchema,
  WithdrawAwardSchema,
} from "~/modules/funding/award-schemas";
import {
  callNoticeSubject,
  callNoticeSubjectType,
  isAwardNoticeOpen,
} from "~/modules/funding/call-notice.server";
import { rankCall } from "~/modules/funding/ranking.server";
import { answerObjection } from "~/modules/notices/answer-objection.server";
import { countUnansweredObjections, listObjections } from "~/modules/notices/objection-queries.server";
import { AnswerObjectionSchema } from "~/modules/notices/objection-schemas";
import { notifyUser } from "~/modules/notifications/notify.server";
import { ObjectionAnswerForm } from "~/components/objection-forms";
import { TableRegion } from "~/components/table-region";

const notices = {
  proposed: "awards:workspace.notices.proposed",
  published: "awards:workspace.notices.published",
  answered: "awards:workspace.notices.answered",
  withdrawn: "awards:workspace.notices.withdrawn",
  confirmed: "awards:workspace.notices.confirmed",
  signed: "awards:workspace.notices.signed",
} as const;

function formatWhen(date: Date, locale: Locale) {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  }).format(date);
}

/** The call the official runs, or the refusal as a response: 404 unknown, 403 another area's call. */
async function managedCallOr404(
  callId: string | undefined,
  roles: Awaited<ReturnType<typeof listActiveRoles>>,
) {
  try {
    return await findManagedCall(callId ?? "", roles);
  } catch (error) {
    if (isDomainError(error)) throw new Response(null, { status: error.status });
    throw error;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const roles = await listActiveRoles(user.id);
  const { call } = await managedCallOr404(params.callId, roles);
  const now = new Date();
  const ranked = await rankCall(call.id);
  const awards = await listCallAwards(call.id);
  const proposedById = new Map(awards.map((a) => [a.applicationId, a]));
  const greedy = proposeGreedy(ranked, call.budgetMinor, call.perProjectCapMinor);
  const greedyById = new Map(greedy.awards.map((g) => [g.applicationId, g.amountMinor]));
  const toSign = await unsignedAwards(call.id);
  const objections = await listObjections(callNoticeSubjectType, call.id, user.id);
  const noticeKey = new URL(request.url).searchParams.get("notice");
  return {
    title: `${t("awards:workspace.title", { call: call.title })} · ${t("common:appName")}`,
    notice: noticeKey && noticeKey in notices ? notices[noticeKey as keyof typeof notices] : null,
    call: {
      id: call.id,
      title: call.title,
      status: call.status,
      budget: formatFen(call.budgetMinor, locale),
      cap: formatFen(call.perProjectCapMinor, locale),
      noticeEndsAt: call.noticeEndsAt ? formatWhen(call.noticeEndsAt, locale) : null,
    },
    noticeOpen: isAwardNoticeOpen(call, now),
    noticeEnded: !!call.noticeEndsAt && now.getTime() >= call.noticeEndsAt.getTime(),
    complete: ranked.length > 0 && ranked.every((r) => r.complete),
    greedySpend: formatFen(greedy.spendMinor, locale),
    // Preselected: the current proposal if there is one, else greedy.
    ranking: ranked.map((r) => {
      const current = proposedById.get(r.applicationId);
      const preset = awards.length ? current?.amountMinor : greedyById.get(r.applicationId);
      return {
        applicationId: r.applicationId,
        rank: r.rank,
        title: r.title,
        organisationName: r.organisationName,
        organisationId: r.organisationId,
        requested: formatFen(r.requestedMinor, locale),
        totalScore: r.totalScore.toFixed(2),
        reviews: `${r.reviewsSubmitted}/${r.reviewsExpected}`,
        flagged: r.criteria.some((c) => c.flagged),
        checked: preset !== undefined,
        amount: fenToYuanInput(preset ?? Math.min(r.requestedMinor, call.perProjectCapMinor)),
        inGreedy: greedyById.has(r.applicationId),
      };
    }),
    awards: awards.map((a) => ({
      id: a.id,
      rank: a.rank,
      title: a.title,
      organisationName: a.organisationName,
      amount: formatFen(a.amountMinor, locale),
      status: a.status,
      deviationNote: a.deviationNote,
      toSign: toSign.has(a.id),
    })),
    unanswered: await countUnansweredObjections(callNoticeSubjectType, call.id),
    objections: objections.map((o) => ({
      id: o.id,
      reason: o.reason,
      date: formatWhen(o.createdAt, locale),
      answer: o.answer,
      answerText: o.answerText,
    })),
    defaults: defaultTranchePercents,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  const { call } = await managedCallOr404(params.callId, roles);
  const meta = getRequestMeta(request, context);
  const base = { actor: user, actorRoles: roles, callId: call.id, meta };
  const back = (flag: keyof typeof notices) => redirect(`/funding/${call.id}/award?notice=${flag}`);
  const intent = formData.get("intent");

  if (intent === "propose") {
    const submission = parseWithZod(formData, { schema: ProposeAwardsSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    const awards = [];
    for (const applicationId of submission.value.award) {
      const amountMinor = parseYuan(String(formData.get(`amount-${applicationId}`) ?? ""));
      if (amountMinor === null)
        return refusedSubmission(submission, new DomainError("awards:errors.amountInvalid", 422));
      awards.push({ applicationId, amountMinor });
    }
    try {
      await proposeAwards({ ...base, awards, deviationNote: submission.value.deviationNote });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return back("proposed");
  }
  if (intent === "publish" || intent === "confirm") {
    const submission = parseWithZod(formData, { schema: IntentOnlySchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      if (intent === "publish") await publishAwardNotice(base);
      else await confirmAwards(base);
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return back(intent === "publish" ? "published" : "confirmed");
  }
  if (intent === "withdraw") {
    const submission = parseWithZod(formData, { schema: WithdrawAwardSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await withdrawAward({ ...base, awardId: submission.value.awardId, reason: submission.value.reason });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return back("withdrawn");
  }
  if (intent === "answer") {
    const submission = parseWithZod(formData, { schema: AnswerObjectionSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    let objectorId: string | null;
    try {
      ({ objectorId } = await answerObjection({
        actor: user,
        actorRoles: roles,
        subject: await callNoticeSubject(call.id),
        objectionId: submission.value.objectionId,
        answer: submission.value.answer,
        answerText: submission.value.answerText,
        meta,
      }));
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    if (objectorId)
      await notifyUser({
        userId: objectorId,
        subjectType: callNoticeSubjectType,
        subjectId: call.id,
        kind: "awards:notifications.objectionAnswered",
        href: `/funding/${call.id}/results`,
        params: { call: call.title },
      });
    return back("answered");
  }
  const submission = parseWithZod(formData, { schema: SignAgreementSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  let agreementId: string;
  try {
    const v = submission.value;
    ({ id: agreementId } = await signAgreement({
      actor: user,
      actorRoles: roles,
      awardId: v.awardId,
      startsOn: v.startsOn,
      endsOn: v.endsOn,
      midtermDueOn: v.midtermDueOn,
      finalDueOn: v.finalDueOn,
      percents: { signing: v.signingPercent, midterm: v.midtermPercent, final: v.finalPercent },
      meta,
    }));
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  return redirect(`/agreements/${agreementId}`);
}

type ActionResult = SubmissionResult<string[]> | undefined;
type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function IntentForm({
  id,
  intent,
  label,
  lastResult,
}: {
  id: string;
  intent: string;
  label: string;
  lastResult: ActionResult;
}) {
  const [form] = useForm({ id, lastResult });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="button-row">
        <button type="submit" name="intent" value={intent} className="primary">
          {label}
        </button>
      </div>
    </Form>
  );
}

function ProposeForm({ data, lastResult }: { data: Data; lastResult: ActionResult }) {
  const { t } = useTranslation();
  const [form] = useForm({ id: "propose", lastResult });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TableRegion label={t("awards:workspace.rankingCaption")}>
        <table>
          <caption>{t("awards:workspace.rankingCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("awards:table.rank")}</th>
              <th scope="col">{t("awards:table.project")}</th>
              <th scope="col">{t("awards:table.score")}</th>
              <th scope="col">{t("awards:table.requested")}</th>
              <th scope="col">{t("awards:workspace.award")}</th>
              <th scope="col">{t("awards:workspace.amount")}</th>
            </tr>
          </thead>
          <tbody>
            {data.ranking.map((r) => (
              <tr key={r.applicationId}>
                <td>{r.rank}</td>
                <td>
                  {r.title}
                  <br />
                  <span className="muted">{r.organisationName}</span>
                  {r.flagged ? <span className="badge warn"> {t("awards:workspace.flagged")}</span> : null}
                </td>
                <td>
                  {r.totalScore} <span className="muted">({r.reviews})</span>
                </td>
                <td>{r.requested}</td>
                <td>
                  <label className="choice">
                    <input type="checkbox" name="award" value={r.applicationId} defaultChecked={r.checked} />
                    {t("awards:workspace.awardThis", { rank: r.rank })}
                    {r.inGreedy ? <span className="muted"> · {t("awards:workspace.greedy")}</span> : null}
                  </label>
                </td>
                <td>
                  <label htmlFor={`amount-${r.applicationId}`} className="visually-hidden">
                    {t("awards:workspace.amountFor", { rank: r.rank })}
                  </label>
                  <input
                    id={`amount-${r.applicationId}`}
                    name={`amount-${r.applicationId}`}
                    defaultValue={r.amount}
                    inputMode="decimal"
                    size={10}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <div className="field">
        <label htmlFor="deviationNote">{t("awards:workspace.deviationNote")}</label>
        <p id="deviationNote-hint" className="hint">
          {t("awards:workspace.deviationHint")}
        </p>
        <textarea id="deviationNote" name="deviationNote" aria-describedby="deviationNote-hint" rows={3} />
      </div>
      <div className="button-row">
        <button type="submit" name="intent" value="propose" className="primary">
          {t("awards:workspace.proposeButton")}
        </button>
      </div>
    </Form>
  );
}

function WithdrawForm({ awardId, lastResult }: { awardId: string; lastResult: ActionResult }) {
  const { t } = useTranslation();
  const [form] = useForm({ id: `withdraw-${awardId}`, lastResult });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <input type="hidden" name="awardId" value={awardId} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="field">
        <label htmlFor={`reason-${awardId}`}>{t("awards:workspace.withdrawReason")}</label>
        <textarea id={`reason-${awardId}`} name="reason" required rows={2} />
      </div>
      <div className="button-row">
        <button type="submit" name="intent" value="withdraw">
          {t("awards:workspace.withdrawButton")}
        </button>
      </div>
    </Form>
  );
}

function SignForm({ awardId, data, lastResult }: { awardId: string; data: Data; lastResult: ActionResult }) {
  const { t } = useTranslation();
  const [form] = useForm({ id: `sign-${awardId}`, lastResult });
  const field = (name: string, label: string, type: "date" | "number", defaultValue?: number) => (
    <div className="field">
      <label htmlFor={`${name}-${awardId}`}>{label}</label>
      <input
        id={`${name}-${awardId}`}
        name={name}
        type={type}
        required
        defaultValue={defaultValue}
        {...(type === "number" ? { min: 0, max: 100, step: 1 } : {})}
      />
    </div>
  );
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <input type="hidden" name="awardId" value={awardId} />
      <FormErrors id={form.errorId} errors={form.errors} />
      {field("startsOn", t("awards:sign.startsOn"), "date")}
      {field("endsOn", t("awards:sign.endsOn"), "date")}
      {field("midtermDueOn", t("awards:sign.midtermDueOn"), "date")}
      {field("finalDueOn", t("awards:sign.finalDueOn"), "date")}
      <fieldset>
        <legend>{t("awards:sign.percentsLegend")}</legend>
        {field("signingPercent", t("awards:milestone.signing"), "number", data.defaults.signing)}
        {field("midtermPercent", t("awards:milestone.midterm"), "number", data.defaults.midterm)}
        {field("finalPercent", t("awards:milestone.final"), "number", data.defaults.final)}
      </fieldset>
      <div className="button-row">
        <button type="submit" name="intent" value="sign" className="primary">
          {t("awards:sign.button")}
        </button>
      </div>
    </Form>
  );
}

export default function AwardWorkspace() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>()?.result as ActionResult;
  const sent = result?.initialValue as Record<string, unknown> | undefined;
  const sentIntent = sent?.intent;
  const { call } = data;
  const forIntent = (intent: string, key?: string, value?: string) =>
    sentIntent === intent && (!key || sent?.[key] === value) ? result : undefined;
  return (
    <>
      <p>
        <Link to={`/funding/${call.id}`}>{t("awards:backToCall", { call: call.title })}</Link>
        {" · "}
        <Link to={`/funding/${call.id}/results`}>{t("awards:workspace.resultsLink")}</Link>
      </p>
      <h1>{t("awards:workspace.title", { call: call.title })}</h1>
      {data.notice ? (
        <p className="notice" role="status">
          {t(data.notice)}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t("awards:workspace.status")}</dt>
        <dd>{t(`awards:callStatus.${call.status}`)}</dd>
        <dt>{t("awards:workspace.budget")}</dt>
        <dd>{call.budget}</dd>
        <dt>{t("awards:workspace.cap")}</dt>
        <dd>{call.cap}</dd>
      </dl>

      {call.status === "in_review" ? (
        <section aria-labelledby="propose-heading">
          <h2 id="propose-heading">{t("awards:workspace.proposeHeading")}</h2>
          <p>{t("awards:workspace.proposeHelp", { spend: data.greedySpend })}</p>
          {!data.complete ? <p className="notice">{t("awards:workspace.incomplete")}</p> : null}
          {data.ranking.length === 0 ? (
            <p>{t("awards:workspace.noRanking")}</p>
          ) : (
            <ProposeForm data={data} lastResult={forIntent("propose")} />
          )}
        </section>
      ) : null}

      <section aria-labelledby="awards-heading">
        <h2 id="awards-heading">{t("awards:workspace.awardsHeading", { count: data.awards.length })}</h2>
        {data.awards.length === 0 ? <p>{t("awards:workspace.noAwards")}</p> : null}
        <ul className="card-list">
          {data.awards.map((a) => (
            <li key={a.id}>
              <p>
                <strong>
                  {a.rank}. {a.title}
                </strong>{" "}
                · {a.organisationName} · {a.amount}{" "}
                <span className="badge">{t(`awards:awardStatus.${a.status}`)}</span>
              </p>
              {a.deviationNote ? (
                <p className="muted">{t("awards:workspace.deviationShown", { note: a.deviationNote })}</p>
              ) : null}
              {a.status === "proposed" && (call.status === "notice" || call.status === "in_review") ? (
                <WithdrawForm awardId={a.id} lastResult={forIntent("withdraw", "awardId", a.id)} />
              ) : null}
              {a.toSign ? (
                <details>
                  <summary>{t("awards:sign.heading")}</summary>
                  <SignForm awardId={a.id} data={data} lastResult={forIntent("sign", "awardId", a.id)} />
                </details>
              ) : null}
            </li>
          ))}
        </ul>
        {call.status === "in_review" && data.awards.length > 0 ? (
          <IntentForm
            id="publish"
            intent="publish"
            label={t("awards:workspace.publishButton")}
            lastResult={forIntent("publish")}
          />
        ) : null}
      </section>

      {call.status === "notice" || data.objections.length > 0 ? (
        <section aria-labelledby="objections-heading">
          <h2 id="objections-heading">{t("awards:objections.heading", { count: data.objections.length })}</h2>
          {call.noticeEndsAt ? (
            <p>
              {data.noticeOpen
                ? t("awards:objections.openUntil", { date: call.noticeEndsAt })
                : t("awards:objections.closedAt", { date: call.noticeEndsAt })}
            </p>
          ) : null}
          <ul className="card-list">
            {data.objections.map((o) => (
              <li key={o.id}>
                <p className="muted">{o.date}</p>
                <p className="prose">{o.reason}</p>
                {o.answer ? (
                  <p>
                    <span className="badge">{t(`awards:objections.${o.answer}`)}</span> {o.answerText}
                  </p>
                ) : call.status === "notice" ? (
                  <ObjectionAnswerForm
                    objectionId={o.id}
                    lastResult={forIntent("answer", "objectionId", o.id)}
                  />
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {call.status === "notice" ? (
        <section aria-labelledby="confirm-heading">
          <h2 id="confirm-heading">{t("awards:workspace.confirmHeading")}</h2>
          {!data.noticeEnded ? (
            <p>{t("awards:workspace.confirmWaitWindow", { date: call.noticeEndsAt ?? "" })}</p>
          ) : null}
          {data.unanswered > 0 ? (
            <p>{t("awards:workspace.confirmWaitAnswers", { count: data.unanswered })}</p>
          ) : null}
          <IntentForm
            id="confirm"
            intent="confirm"
            label={t("awards:workspace.confirmButton")}
            lastResult={forIntent("confirm")}
          />
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
