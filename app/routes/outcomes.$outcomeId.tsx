import { getFormProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { FollowButton } from "~/components/follow-button";
import { ErrorList, FormErrors, TextareaField } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { Timeline } from "~/components/timeline";
import type { Locale } from "~/i18n/config";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { localizedName } from "~/lib/localized-name";
import { getRequestMeta } from "~/lib/request-meta.server";
import { getUser, requireUser } from "~/modules/accounts/auth.server";
import { canManageArea } from "~/modules/accounts/permissions";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { listTimeline } from "~/modules/timeline/timeline.server";
import { answerObjection } from "~/modules/notices/answer-objection.server";
import { listObjections } from "~/modules/notices/objection-queries.server";
import {
  AnswerObjectionSchema,
  RaiseObjectionSchema,
} from "~/modules/notices/objection-schemas";
import { raiseObjection } from "~/modules/notices/raise-objection.server";
import { isFollowing } from "~/modules/notifications/follow.server";
import { followableTypes, type FollowableType } from "~/modules/notifications/followable-types";
import { notifyUser } from "~/modules/notifications/notify.server";
import { outcomeNoticeSubject } from "~/modules/outcomes/outcome-notice";
import { actionBelongsTo, getOutcome } from "~/modules/outcomes/outcome-queries.server";
import { followUpStatuses, UpdateFollowUpSchema } from "~/modules/outcomes/outcome-schemas";
import { updateFollowUp } from "~/modules/outcomes/update-follow-up.server";
import stylesheet from "~/styles/meetings.css";
import { ObjectionAnswerForm, ObjectionForm } from "~/components/objection-forms";
import { TableRegion } from "~/components/table-region";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

const notices = {
  published: "meetings:outcome.notices.published",
  followUp: "meetings:outcome.notices.followUp",
  objected: "meetings:outcome.notices.objected",
  answered: "meetings:outcome.notices.answered",
} as const;

/**
 * Outcomes become followable once the notifications module lists them (followable-types.ts); until then
 * followers are carried over from the consultation or matter when the outcome is published.
 */
const outcomeFollowable = (followableTypes as readonly string[]).includes("outcome");

const PageSchema = z.discriminatedUnion("intent", [
  UpdateFollowUpSchema,
  RaiseObjectionSchema,
  AnswerObjectionSchema,
]);

function formatDateTime(date: Date, locale: Locale) {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  }).format(date);
}

function formatDate(isoDate: string, locale: Locale) {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );
}

async function loadOutcome(outcomeId: string | undefined) {
  const outcome = await getOutcome(outcomeId ?? "");
  if (!outcome) throw new Response(null, { status: 404 });
  return outcome;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await loadOutcome(params.outcomeId);
  const { outcome, area } = found;
  const user = await getUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const t = await fixedT(locale);
  const roles = user ? await listActiveRoles(user.id) : [];
  const isManager = canManageArea(roles, area.path).allowed;
  const now = new Date();
  const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const noticeOpen = now < outcome.noticeEndsAt;
  const noticeKey = new URL(request.url).searchParams.get("notice");
  const objections = await listObjections("outcome", outcome.id, user?.id ?? null);
  return {
    title: `${outcome.title} · ${t("common:appName")}`,
    notice: noticeKey && noticeKey in notices ? notices[noticeKey as keyof typeof notices] : null,
    outcome: {
      id: outcome.id,
      title: outcome.title,
      summary: outcome.summary,
      decisions: outcome.decisions,
      publishedAt: formatDateTime(outcome.publishedAt, locale),
      noticeEndsAt: formatDateTime(outcome.noticeEndsAt, locale),
      consultationId: outcome.consultationId,
      matterId: outcome.matterId,
    },
    parentTitle: found.consultationTitle ?? found.matterTitle,
    area: { code: area.code, name: localizedName(area, locale) },
    items: found.items.map((i) => ({ id: i.id, opinion: i.opinion, handling: i.handling, reason: i.reason })),
    actions: found.actions.map((a) => ({
      id: a.id,
      title: a.title,
      owner: a.owner,
      dueOn: formatDate(a.dueOn, locale),
      overdue: a.dueOn < today && (a.status === "planned" || a.status === "in_progress"),
      status: a.status,
      history: a.history
        .filter((h) => h.note !== "")
        .map((h) => ({ id: h.id, status: h.status, note: h.note, at: formatDateTime(h.createdAt, locale) })),
    })),
    isManager,
    signedIn: Boolean(user),
    follow:
      user && outcomeFollowable ? { following: await isFollowing(user.id, "outcome", outcome.id) } : null,
    noticeOpen,
    objections: objections.map((o) => ({
      id: o.id,
      reason: o.reason,
      mine: o.mine,
      at: formatDateTime(o.createdAt, locale),
      answer: o.answer,
      answerText: o.answerText,
    })),
    timeline: await listTimeline("outcome", outcome.id),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  const { outcome, area } = await loadOutcome(params.outcomeId);
  const subject = outcomeNoticeSubject({ ...outcome, areaPath: area.path });
  const roles = await listActiveRoles(user.id);
  const submission = parseWithZod(formData, { schema: PageSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  const value = submission.value;
  const base = `/outcomes/${outcome.id}`;
  const meta = getRequestMeta(request, context);
  try {
    switch (value.intent) {
      case "followUp": {
        if (!(await actionBelongsTo(value.actionId, outcome.id))) throw new Response(null, { status: 404 });
        await updateFollowUp({ actor: user, actorRoles: roles, ...value, meta });
        return redirect(`${base}?notice=followUp#actions-heading`);
      }
      case "object":
        await raiseObjection({ actor: user, actorRoles: roles, subject, reason: value.reason });
        return redirect(`${base}?notice=objected#objections-heading`);
      case "answer": {
        const answered = await answerObjection({
          actor: user,
          actorRoles: roles,
          subject,
          objectionId: value.objectionId,
          answer: value.answer,
          answerText: value.answerText,
          meta,
        });
        if (answered.objectorId) {
          await notifyUser({
            userId: answered.objectorId,
            subjectType: "outcome",
            subjectId: outcome.id,
            kind: "meetings:notifications.objectionAnswered",
            href: `${base}#objections-heading`,
            params: { title: outcome.title },
          });
        }
        return redirect(`${base}?notice=answered#objections-heading`);
      }
    }
  } catch (error) {
    return refusedSubmission(submission, error);
  }
}

type Result = SubmissionResult<string[]> | undefined;

function FollowUpForm({ actionId, status, result }: { actionId: string; status: string; result: Result }) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof UpdateFollowUpSchema>>({
    id: `follow-up-${actionId}`,
    lastResult: result,
    constraint: getZodConstraint(UpdateFollowUpSchema),
    defaultValue: { status },
  });
  const select = getSelectProps(fields.status);
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <input type="hidden" name="intent" value="followUp" />
      <input type="hidden" name="actionId" value={actionId} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="field">
        <label htmlFor={fields.status.id}>{t("meetings:outcome.actions.newStatus")}</label>
        <select {...select} key={select.key}>
          {followUpStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`meetings:followUpStatus.${s}`)}
            </option>
          ))}
        </select>
        <ErrorList id={fields.status.errorId} errors={fields.status.errors} />
      </div>
      <TextareaField meta={fields.note} label={t("meetings:outcome.actions.note")} />
      <div className="button-row">
        <button type="submit" className="primary">
          {t("meetings:outcome.actions.submit")}
        </button>
      </div>
    </Form>
  );
}

export default function OutcomePage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>()?.result;
  const sent = result?.initialValue as Record<string, unknown> | undefined;
  const { outcome } = data;
  return (
    <>
      <h1>{outcome.title}</h1>
      <p className="lead">
        {t("meetings:outcome.published", { date: outcome.publishedAt, area: data.area.name })}{" "}
        {outcome.consultationId ? (
          <Link to={`/consultations/${outcome.consultationId}`}>
            {t("meetings:outcome.forConsultation", { title: data.parentTitle ?? "" })}
          </Link>
        ) : outcome.matterId ? (
          <Link to={`/matters/${outcome.matterId}`}>
            {t("meetings:outcome.forMatter", { title: data.parentTitle ?? "" })}
          </Link>
        ) : null}
      </p>
      <p>
        <Link to={`/decisions/${data.area.code}`}>
          {t("meetings:outcome.allDecisions", { area: data.area.name })}
        </Link>
      </p>
      {data.follow ? (
        <FollowButton
          subjectType={"outcome" as FollowableType}
          subjectId={outcome.id}
          following={data.follow.following}
          returnTo={`/outcomes/${outcome.id}`}
        />
      ) : null}
      {data.notice ? (
        <p className="notice" role="status">
          {t(data.notice)}
        </p>
      ) : null}

      <section aria-labelledby="summary-heading">
        <h2 id="summary-heading">{t("meetings:outcome.summary")}</h2>
        <div className="outcome-text">{outcome.summary}</div>
      </section>
      <section aria-labelledby="decisions-heading">
        <h2 id="decisions-heading">{t("meetings:outcome.decisions")}</h2>
        <div className="outcome-text">{outcome.decisions}</div>
      </section>

      <section aria-labelledby="items-heading">
        <h2 id="items-heading">{t("meetings:outcome.items")}</h2>
        {data.items.length === 0 ? (
          <p>{t("meetings:outcome.noItems")}</p>
        ) : (
          <TableRegion labelledBy="items-heading">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("meetings:outcomeNew.opinion")}</th>
                  <th scope="col">{t("meetings:outcomeNew.handling")}</th>
                  <th scope="col">{t("meetings:outcomeNew.reason")}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((i) => (
                  <tr key={i.id}>
                    <td>{i.opinion}</td>
                    <td>{t(`meetings:handling.${i.handling}`)}</td>
                    <td>{i.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
      </section>

      <section aria-labelledby="actions-heading">
        <h2 id="actions-heading">{t("meetings:outcome.actions.heading")}</h2>
        {data.actions.length === 0 ? <p>{t("meetings:outcome.actions.none")}</p> : null}
        <ul className="card-list">
          {data.actions.map((a) => (
            <li key={a.id}>
              <h3>{a.title}</h3>
              <dl className="meeting-facts">
                <dt>{t("meetings:outcomeNew.owner")}</dt>
                <dd>{a.owner}</dd>
                <dt>{t("meetings:outcomeNew.dueOn")}</dt>
                <dd>
                  {a.dueOn}
                  {a.overdue ? ` ${t("meetings:outcome.actions.overdue")}` : null}
                </dd>
                <dt>{t("meetings:outcome.actions.status")}</dt>
                <dd>{t(`meetings:followUpStatus.${a.status}`)}</dd>
              </dl>
              {a.history.length ? (
                <ol className="follow-up-history" aria-label={t("meetings:outcome.actions.history")}>
                  {a.history.map((h) => (
                    <li key={h.id}>
                      {t("meetings:outcome.actions.historyEntry", {
                        at: h.at,
                        status: t(`meetings:followUpStatus.${h.status}`),
                      })}{" "}
                      {h.note}
                    </li>
                  ))}
                </ol>
              ) : null}
              {data.isManager ? (
                <details>
                  <summary>{t("meetings:outcome.actions.update")}</summary>
                  <FollowUpForm
                    actionId={a.id}
                    status={a.status}
                    result={sent?.intent === "followUp" && sent.actionId === a.id ? result : undefined}
                  />
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="objections-heading">
        <h2 id="objections-heading">{t("meetings:outcome.objections.heading")}</h2>
        <p>
          {data.noticeOpen
            ? t("meetings:outcome.objections.open", { date: outcome.noticeEndsAt })
            : t("meetings:outcome.objections.closed", { date: outcome.noticeEndsAt })}
        </p>
        {data.objections.length === 0 ? <p>{t("meetings:outcome.objections.none")}</p> : null}
        <ul className="card-list">
          {data.objections.map((o) => (
            <li key={o.id}>
              <p>
                {o.mine
                  ? t("meetings:outcome.objections.mine", { at: o.at })
                  : t("meetings:outcome.objections.by", { at: o.at })}
              </p>
              <p className="outcome-text">{o.reason}</p>
              {o.answer ? (
                <p>
                  {t(`meetings:objectionAnswer.${o.answer}`)}: {o.answerText}
                </p>
              ) : data.isManager ? (
                <ObjectionAnswerForm
                  objectionId={o.id}
                  lastResult={sent?.intent === "answer" && sent.objectionId === o.id ? result : undefined}
                />
              ) : (
                <p>{t("meetings:outcome.objections.waiting")}</p>
              )}
            </li>
          ))}
        </ul>
        {data.noticeOpen ? (
          data.signedIn ? (
            <ObjectionForm lastResult={sent?.intent === "object" ? result : undefined} />
          ) : (
            <p>
              <Link to={`/login?redirectTo=/outcomes/${outcome.id}`}>
                {t("meetings:outcome.objections.logIn")}
              </Link>
            </p>
          )
        ) : null}
      </section>

      <Timeline entries={data.timeline} headingId="timeline-heading" />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
