import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorList, FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { Timeline } from "~/components/timeline";
import { readForm } from "~/lib/csrf.server";
import { isDomainError } from "~/lib/errors";
import { messageKey } from "~/lib/messages";
import {
  formatDateTime,
  loadConsultationPage,
  noticeFrom,
} from "~/modules/consultations/consultation-page.server";
import {
  getOwnResponse,
  listQuestions,
  listStatements,
  participationRefusal,
  responseCounts,
} from "~/modules/consultations/consultation-queries.server";
import { statementMax, StatementSchema, statementVotes, StatementVoteSchema } from "~/modules/consultations/consultation-schemas";
import { readAnswerForm, type AnswerErrors, type Answers } from "~/modules/consultations/questionnaire";
import { QuestionnaireFields } from "~/components/questionnaire-fields";
import { canExport, canSeeResults } from "~/modules/consultations/results.server";
import { AnswerError, submitResponse } from "~/modules/consultations/submit-response.server";
import { submitStatement } from "~/modules/consultations/submit-statement.server";
import { voteStatement } from "~/modules/consultations/vote-statement.server";
import { listMeetingsFor } from "~/modules/meetings/meeting-queries.server";
import { findOutcomeFor } from "~/modules/outcomes/outcome-queries.server";
import { listTimeline } from "~/modules/timeline/timeline.server";
import styles from "~/styles/consultations.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const notices = {
  responded: "consultations:respond.notices.responded",
  updated: "consultations:respond.notices.updated",
  statement: "consultations:statements.notices.submitted",
  voted: "consultations:statements.notices.voted",
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await loadConsultationPage(request, params.consultationId);
  const { consultation: c, user, roles, t, locale, state } = page;
  const [questions, own, counts, timeline, statements, meetingRows, outcome] = await Promise.all([
    listQuestions(c.id),
    user ? getOwnResponse(c.id, user.id) : null,
    responseCounts(c.id),
    listTimeline("consultation", c.id),
    c.allowStatements && c.status === "published" ? listStatements(c.id, user?.id ?? null, ["approved"]) : [],
    listMeetingsFor("consultation", c.id),
    findOutcomeFor("consultation", c.id),
  ]);
  const refusal = user ? participationRefusal(roles, c) : null;
  return {
    title: `${c.title} · ${t("common:appName")}`,
    notice: noticeFrom(request, notices),
    summary: page.summary,
    background: c.background,
    matterId: c.matterId,
    state,
    eligibility: c.eligibility,
    liveResults: c.liveResults,
    allowStatements: c.allowStatements,
    organiser: page.organiser,
    signedIn: user !== null,
    refusal,
    canAnswer: user !== null && refusal === null && state === "open",
    questions,
    own: own
      ? { answers: own.answers as Answers, channel: own.channel, at: formatDateTime(own.updatedAt, locale) }
      : null,
    counts,
    showResults: canSeeResults(c, roles, page.now),
    showExports: canExport(c, roles, page.now),
    timeline,
    meetings: meetingRows.map((m) => ({ id: m.id, title: m.title, at: formatDateTime(m.startsAt, locale) })),
    outcomeId: outcome?.id ?? null,
    canPublishOutcome: page.organiser && state === "closed" && !outcome,
    statements: statements.map((s) => ({
      id: s.id,
      text: s.text,
      mine: s.mine,
      own: s.authorId === user?.id,
      counts:
        s.mine !== null || state === "closed" || page.organiser
          ? { agree: s.agree, disagree: s.disagree, pass: s.pass }
          : null,
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

type ActionData =
  | { form: "respond"; answerErrors: AnswerErrors; values: Answers; pageError?: string }
  | { form: "statement"; error: string; text: string }
  | { form: "page"; pageError: string };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const page = await loadConsultationPage(request, params.consultationId, { requireLogin: true });
  const user = page.user!;
  const base = { actor: user, actorRoles: page.roles, consultationId: page.consultation.id };
  const here = `/consultations/${page.consultation.id}`;
  const intent = formData.get("intent");
  try {
    if (intent === "respond") {
      const questions = await listQuestions(page.consultation.id);
      const read = readAnswerForm(questions, (name) =>
        formData.getAll(name).filter((v): v is string => typeof v === "string"),
      );
      if (!read.ok)
        return data<ActionData>(
          { form: "respond", answerErrors: read.errors, values: read.values },
          { status: 400 },
        );
      try {
        const { first } = await submitResponse({ ...base, answers: read.answers });
        return redirect(`${here}?notice=${first ? "responded" : "updated"}`);
      } catch (error) {
        if (error instanceof AnswerError)
          return data<ActionData>(
            { form: "respond", answerErrors: error.errors, values: read.values },
            { status: 422 },
          );
        if (!isDomainError(error)) throw error;
        return data<ActionData>(
          {
            form: "respond",
            answerErrors: {},
            values: read.values,
            pageError: messageKey(error.code, error.params),
          },
          { status: error.status },
        );
      }
    }
    if (intent === "statement") {
      const parsed = StatementSchema.safeParse({ intent, text: formData.get("text") });
      const text = String(formData.get("text") ?? "");
      if (!parsed.success)
        return data<ActionData>(
          { form: "statement", error: parsed.error.issues[0]!.message, text },
          { status: 400 },
        );
      try {
        await submitStatement({ ...base, text: parsed.data.text });
      } catch (error) {
        if (!isDomainError(error)) throw error;
        return data<ActionData>(
          { form: "statement", error: messageKey(error.code, error.params), text },
          { status: error.status },
        );
      }
      return redirect(`${here}?notice=statement#statements-heading`);
    }
    const vote = StatementVoteSchema.safeParse({
      intent,
      statementId: formData.get("statementId"),
      vote: formData.get("vote"),
    });
    if (!vote.success) throw new Response(null, { status: 400 });
    await voteStatement({ ...base, statementId: vote.data.statementId, vote: vote.data.vote });
    return redirect(`${here}?notice=voted#statement-${vote.data.statementId}`);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return data<ActionData>(
      { form: "page", pageError: messageKey(error.code, error.params) },
      { status: error.status },
    );
  }
}

export default function ConsultationPage() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const respond = actionData?.form === "respond" ? actionData : null;
  const statementError = actionData?.form === "statement" ? actionData : null;
  const pageError = actionData && "pageError" in actionData ? (actionData.pageError ?? null) : null;
  const base = `/consultations/${d.summary.id}`;
  return (
    <>
      <h1>{d.summary.title}</h1>
      <p className="lead">
        {d.summary.areaName} · <span className="badge">{t(`consultations:states.${d.state}`)}</span>
      </p>
      {d.notice ? (
        <p className="notice" role="status">
          {t(d.notice)}
        </p>
      ) : null}
      <FormErrors errors={pageError ? [pageError] : null} />
      <dl className="facts">
        <dt>{t("consultations:page.opens")}</dt>
        <dd>{d.summary.opensAt}</dd>
        <dt>{t("consultations:page.closes")}</dt>
        <dd>{d.summary.closesAt}</dd>
        <dt>{t("consultations:page.who")}</dt>
        <dd>{t(`consultations:eligibility.${d.eligibility}`)}</dd>
        <dt>{t("consultations:page.resultsWhen")}</dt>
        <dd>{d.liveResults ? t("consultations:page.resultsLive") : t("consultations:page.resultsAfter")}</dd>
        <dt>{t("consultations:page.responses")}</dt>
        <dd>
          {t("consultations:page.responseCounts", {
            total: d.counts.total,
            web: d.counts.web,
            assisted: d.counts.assisted,
          })}
        </dd>
      </dl>
      {d.matterId ? (
        <p>
          <Link to={`/matters/${d.matterId}`}>{t("consultations:page.matterLink")}</Link>
        </p>
      ) : null}
      <ul className="button-row">
        {d.showResults ? (
          <li>
            <Link to={`${base}/results`}>{t("consultations:page.resultsLink")}</Link>
          </li>
        ) : null}
        {d.organiser ? (
          <li>
            <Link to={`${base}/edit`}>{t("consultations:page.manageLink")}</Link>
          </li>
        ) : null}
      </ul>
      <section aria-labelledby="meetings-heading">
        <h2 id="meetings-heading">{t("consultations:page.meetingsHeading")}</h2>
        {d.meetings.length === 0 ? <p>{t("consultations:page.noMeetings")}</p> : null}
        <ul>
          {d.meetings.map((m) => (
            <li key={m.id}>
              <Link to={`/meetings/${m.id}`}>{m.title}</Link> · {m.at}
            </li>
          ))}
        </ul>
        {d.organiser && d.state !== "closed" ? (
          <p>
            <Link to={`/meetings/new?consultation=${d.summary.id}`}>
              {t("consultations:page.scheduleMeeting")}
            </Link>
          </p>
        ) : null}
        {d.outcomeId ? (
          <p>
            <Link to={`/outcomes/${d.outcomeId}`}>{t("consultations:page.outcomeLink")}</Link>
          </p>
        ) : d.canPublishOutcome ? (
          <p>
            <Link to={`/outcomes/new?consultation=${d.summary.id}`}>
              {t("consultations:page.publishOutcome")}
            </Link>
          </p>
        ) : null}
      </section>
      <section aria-labelledby="background-heading">
        <h2 id="background-heading">{t("consultations:page.background")}</h2>
        <p className="prose" style={{ whiteSpace: "pre-wrap" }}>
          {d.background}
        </p>
      </section>
      <section aria-labelledby="questionnaire-heading">
        <h2 id="questionnaire-heading">{t("consultations:respond.heading")}</h2>
        {!d.signedIn ? (
          <p>
            <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`}>
              {t("consultations:respond.logIn")}
            </Link>
          </p>
        ) : d.refusal ? (
          <p>{t(d.refusal)}</p>
        ) : d.state !== "open" ? (
          <p>{t(`consultations:respond.closedState.${d.state}`)}</p>
        ) : null}
        {d.own ? (
          <p className="notice">
            {d.own.channel === "assisted"
              ? t("consultations:respond.ownAssisted", { at: d.own.at })
              : t("consultations:respond.own", { at: d.own.at })}
          </p>
        ) : null}
        {d.canAnswer ? (
          <Form method="post" className="stack" noValidate>
            <CsrfInput />
            {respond && Object.keys(respond.answerErrors).length ? (
              <p className="form-error" role="alert">
                {t("consultations:respond.fixErrors", { count: Object.keys(respond.answerErrors).length })}
              </p>
            ) : null}
            <QuestionnaireFields
              questions={d.questions}
              values={respond?.values ?? d.own?.answers ?? {}}
              errors={respond?.answerErrors ?? {}}
            />
            <div className="button-row">
              <button type="submit" name="intent" value="respond" className="primary">
                {d.own ? t("consultations:respond.update") : t("consultations:respond.submit")}
              </button>
            </div>
          </Form>
        ) : (
          <QuestionnaireFields questions={d.questions} values={d.own?.answers ?? {}} errors={{}} disabled />
        )}
      </section>
      {d.allowStatements ? (
        <section aria-labelledby="statements-heading">
          <h2 id="statements-heading">{t("consultations:statements.heading")}</h2>
          <p>{t("consultations:statements.lead")}</p>
          {d.statements.length === 0 ? <p>{t("consultations:statements.empty")}</p> : null}
          <ul className="statement-list">
            {d.statements.map((s) => (
              <li key={s.id} id={`statement-${s.id}`}>
                <p className="statement-text">{s.text}</p>
                {s.counts ? <p className="muted">{t("consultations:statements.counts", s.counts)}</p> : null}
                {d.canAnswer && !s.own ? (
                  <Form method="post" className="inline-form">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="vote" />
                    <input type="hidden" name="statementId" value={s.id} />
                    {statementVotes.map((v) => (
                      <button
                        key={v}
                        type="submit"
                        name="vote"
                        value={v}
                        className={s.mine === v ? "primary" : "secondary"}
                        aria-pressed={s.mine === v}
                      >
                        {t(`consultations:statements.votes.${v}`)}
                      </button>
                    ))}
                  </Form>
                ) : null}
                {s.own ? <p className="muted">{t("consultations:statements.yours")}</p> : null}
              </li>
            ))}
          </ul>
          {d.canAnswer ? (
            <Form method="post" className="stack">
              <CsrfInput />
              <input type="hidden" name="intent" value="statement" />
              <div className="field">
                <label htmlFor="statement-text">{t("consultations:statements.new")}</label>
                <p id="statement-hint" className="hint">
                  {t("consultations:statements.newHint", { max: statementMax })}
                </p>
                <textarea
                  id="statement-text"
                  name="text"
                  rows={2}
                  maxLength={statementMax}
                  defaultValue={statementError?.text ?? ""}
                  aria-describedby={statementError ? "statement-hint statement-error" : "statement-hint"}
                  aria-invalid={statementError ? true : undefined}
                />
                <ErrorList id="statement-error" errors={statementError ? [statementError.error] : null} />
              </div>
              <div className="button-row">
                <button type="submit" className="secondary">
                  {t("consultations:statements.submit")}
                </button>
              </div>
            </Form>
          ) : null}
        </section>
      ) : null}
      {d.showExports ? (
        <p className="downloads">
          {t("consultations:page.downloads")}{" "}
          <a href={`${base}/responses.csv`}>{t("consultations:page.csv")}</a> ·{" "}
          <a href={`${base}/responses.json`}>{t("consultations:page.json")}</a>
        </p>
      ) : null}
      <Timeline entries={d.timeline} headingId="timeline-heading" />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
