import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
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
import { FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import type { Locale } from "~/i18n/config";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { localizedName } from "~/lib/localized-name";
import { getRequestMeta } from "~/lib/request-meta.server";
import { getUser, requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { confirmScheme } from "~/modules/livelihood/confirm-scheme.server";
import { canManageScheme } from "~/modules/livelihood/permissions";
import { getSchemeNotice, schemeNoticeSubject } from "~/modules/livelihood/project-notice.server";
import { isNoticeOpen } from "~/modules/livelihood/scheme-phase";
import { answerObjection } from "~/modules/notices/answer-objection.server";
import { countUnansweredObjections, listObjections } from "~/modules/notices/objection-queries.server";
import {
  AnswerObjectionSchema,
  RaiseObjectionSchema,
} from "~/modules/notices/objection-schemas";
import { raiseObjection } from "~/modules/notices/raise-objection.server";
import { notifyFollowers, notifyUser } from "~/modules/notifications/notify.server";
import projectsStyles from "~/styles/projects.css";
import { ObjectionAnswerForm, ObjectionForm } from "~/components/objection-forms";
import { TableRegion } from "~/components/table-region";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: projectsStyles }];

const notices = {
  objected: "projects:notice.notices.objected",
  answered: "projects:notice.notices.answered",
  confirmed: "projects:notice.notices.confirmed",
} as const;

/** The confirm form carries nothing but its intent; a schema keeps its refusals in the same shape. */
const ConfirmSchema = z.object({ intent: z.literal("confirm") });

function formatDateTime(date: Date, locale: Locale) {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  }).format(date);
}

function formatMoney(minor: number, locale: Locale) {
  return new Intl.NumberFormat(locale, { style: "currency", currency: "CNY" }).format(minor / 100);
}

async function loadNotice(schemeId: string | undefined) {
  const notice = await getSchemeNotice(schemeId ?? "");
  if (!notice) throw new Response(null, { status: 404 });
  return notice;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const t = await fixedT(locale);
  const notice = await loadNotice(params.schemeId);
  const { scheme } = notice;
  const roles = user ? await listActiveRoles(user.id) : [];
  const now = new Date();
  const objections = await listObjections("scheme", scheme.id, user?.id ?? null);
  const noticeKey = new URL(request.url).searchParams.get("notice");
  const ended = !!scheme.noticeEndsAt && now.getTime() >= scheme.noticeEndsAt.getTime();
  return {
    title: `${t("projects:notice.title", { scheme: scheme.title })} · ${t("common:appName")}`,
    notice: noticeKey && noticeKey in notices ? notices[noticeKey as keyof typeof notices] : null,
    scheme: {
      id: scheme.id,
      title: scheme.title,
      area: localizedName(notice.area, locale),
      publishedAt: formatDateTime(scheme.resultsPublishedAt!, locale),
      endsAt: scheme.noticeEndsAt ? formatDateTime(scheme.noticeEndsAt, locale) : null,
      confirmedAt: scheme.confirmedAt ? formatDateTime(scheme.confirmedAt, locale) : null,
    },
    open: isNoticeOpen(scheme, now),
    ended,
    signedIn: user !== null,
    isManager: canManageScheme(roles, notice.area.path).allowed,
    unanswered: await countUnansweredObjections("scheme", scheme.id),
    selected: notice.selected.map((p) => ({
      id: p.id,
      title: p.title,
      community: localizedName(p.community, locale),
      cost: formatMoney(p.costMinor, locale),
      votes: p.votes,
      projectId: p.projectId,
    })),
    totalCost: formatMoney(
      notice.selected.reduce((sum, p) => sum + p.costMinor, 0),
      locale,
    ),
    objections: objections.map((o) => ({
      id: o.id,
      mine: o.mine,
      reason: o.reason,
      date: formatDateTime(o.createdAt, locale),
      answer: o.answer,
      answerText: o.answerText,
      answeredAt: o.answeredAt ? formatDateTime(o.answeredAt, locale) : null,
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  const notice = await loadNotice(params.schemeId);
  const schemeId = notice.scheme.id;
  const roles = await listActiveRoles(user.id);
  const intent = formData.get("intent");
  const back = (flag: keyof typeof notices) => redirect(`/schemes/${schemeId}/notice?notice=${flag}`);

  if (intent === "answer") {
    const submission = parseWithZod(formData, { schema: AnswerObjectionSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    let objectorId: string | null;
    try {
      ({ objectorId } = await answerObjection({
        actor: user,
        actorRoles: roles,
        subject: await schemeNoticeSubject(schemeId),
        objectionId: submission.value.objectionId,
        answer: submission.value.answer,
        answerText: submission.value.answerText,
        meta: getRequestMeta(request, context),
      }));
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    if (objectorId)
      await notifyUser({
        userId: objectorId,
        subjectType: "scheme",
        subjectId: schemeId,
        kind: "projects:notifications.objectionAnswered",
        href: `/schemes/${schemeId}/notice`,
        params: { scheme: notice.scheme.title },
      });
    return back("answered");
  }

  if (intent === "confirm") {
    const submission = parseWithZod(formData, { schema: ConfirmSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    let projects: { id: string; proposalId: string; title: string }[];
    try {
      ({ projects } = await confirmScheme({
        actor: user,
        actorRoles: roles,
        schemeId,
        meta: getRequestMeta(request, context),
      }));
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    for (const project of projects)
      await notifyFollowers({
        subjectType: "proposal",
        subjectId: project.proposalId,
        kind: "projects:notifications.confirmed",
        href: `/projects/${project.id}`,
        params: { title: project.title },
        exceptUserId: user.id,
      });
    return back("confirmed");
  }

  const submission = parseWithZod(formData, { schema: RaiseObjectionSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    await raiseObjection({
      actor: user,
      actorRoles: roles,
      subject: await schemeNoticeSubject(schemeId),
      reason: submission.value.reason,
    });
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  return back("objected");
}

type ActionResult = SubmissionResult<string[]> | undefined;

function ConfirmForm({ lastResult }: { lastResult: ActionResult }) {
  const { t } = useTranslation();
  const [form] = useForm({ id: "confirm", lastResult });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="button-row">
        <button type="submit" name="intent" value="confirm" className="primary">
          {t("projects:notice.confirmButton")}
        </button>
      </div>
    </Form>
  );
}

export default function SchemeNotice() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>()?.result;
  const sentIntent = result?.initialValue?.intent;
  const sentObjection = result?.initialValue?.objectionId;
  const { scheme } = data;
  return (
    <>
      <p>
        <Link to={`/schemes/${scheme.id}`}>
          {t("projects:notice.backToScheme", { scheme: scheme.title })}
        </Link>
      </p>
      <h1>{t("projects:notice.title", { scheme: scheme.title })}</h1>
      {data.notice ? (
        <p className="notice" role="status">
          {t(data.notice)}
        </p>
      ) : null}
      <p className="lead">
        {scheme.confirmedAt
          ? t("projects:notice.confirmedLead", { date: scheme.confirmedAt })
          : data.open
            ? t("projects:notice.openLead", { date: scheme.endsAt ?? "" })
            : t("projects:notice.closedLead", { date: scheme.endsAt ?? "" })}
      </p>
      <dl className="facts">
        <dt>{t("projects:notice.area")}</dt>
        <dd>{scheme.area}</dd>
        <dt>{t("projects:notice.publishedAt")}</dt>
        <dd>{scheme.publishedAt}</dd>
        <dt>{t("projects:notice.endsAt")}</dt>
        <dd>{scheme.endsAt ?? "—"}</dd>
      </dl>
      <p>
        <Link to={`/schemes/${scheme.id}/results`}>{t("projects:notice.resultsLink")}</Link>
        {scheme.confirmedAt ? (
          <>
            {" · "}
            <Link to={`/projects?scheme=${scheme.id}`}>{t("projects:notice.projectsLink")}</Link>
          </>
        ) : null}
      </p>

      <section aria-labelledby="selected-heading">
        <h2 id="selected-heading">
          {t("projects:notice.selectedHeading", { count: data.selected.length, total: data.totalCost })}
        </h2>
        {data.selected.length === 0 ? (
          <p>{t("projects:notice.noneSelected")}</p>
        ) : (
          <TableRegion labelledBy="selected-heading">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("projects:notice.project")}</th>
                  <th scope="col">{t("projects:notice.community")}</th>
                  <th scope="col">{t("projects:notice.cost")}</th>
                  <th scope="col">{t("projects:notice.votes")}</th>
                </tr>
              </thead>
              <tbody>
                {data.selected.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link to={`/proposals/${p.id}`}>{p.title}</Link>
                      {p.projectId ? (
                        <>
                          {" · "}
                          <Link to={`/projects/${p.projectId}`}>{t("projects:notice.deliveryLink")}</Link>
                        </>
                      ) : null}
                    </td>
                    <td>{p.community}</td>
                    <td>{p.cost}</td>
                    <td>{p.votes ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
      </section>

      <section aria-labelledby="object-heading">
        <h2 id="object-heading">{t("projects:notice.objectHeading")}</h2>
        {data.open ? (
          data.signedIn ? (
            <>
              <p>{t("projects:notice.objectHelp", { date: scheme.endsAt ?? "" })}</p>
              <ObjectionForm lastResult={sentIntent === "object" ? result : undefined} />
            </>
          ) : (
            <p>
              <Link to={`/login?redirectTo=${encodeURIComponent(`/schemes/${scheme.id}/notice`)}`}>
                {t("projects:notice.signInToObject")}
              </Link>
            </p>
          )
        ) : (
          <p>{t("projects:notice.objectionsClosed", { date: scheme.endsAt ?? "" })}</p>
        )}
      </section>

      <section aria-labelledby="objections-heading">
        <h2 id="objections-heading">
          {t("projects:notice.objectionsHeading", { count: data.objections.length })}
        </h2>
        {data.objections.length === 0 ? <p>{t("projects:notice.noObjections")}</p> : null}
        <ul className="card-list">
          {data.objections.map((o) => (
            <li key={o.id}>
              <p className="muted">
                {o.mine ? t("projects:objection.byYou") : t("projects:objection.byResident")} · {o.date}
              </p>
              <p className="prose objection-reason">{o.reason}</p>
              {o.answer ? (
                <div className="objection-answer">
                  <p>
                    <span className={o.answer === "upheld" ? "badge ok" : "badge"}>
                      {t(`projects:objection.${o.answer}`)}
                    </span>{" "}
                    <span className="muted">{o.answeredAt}</span>
                  </p>
                  <p className="prose">{o.answerText}</p>
                </div>
              ) : (
                <>
                  <p>
                    <span className="badge warn">{t("projects:objection.awaiting")}</span>
                  </p>
                  {data.isManager && !scheme.confirmedAt ? (
                    <ObjectionAnswerForm
                      objectionId={o.id}
                      lastResult={sentObjection === o.id ? result : undefined}
                    />
                  ) : null}
                </>
              )}
            </li>
          ))}
        </ul>
        {/* A refusal for an objection no longer waiting (answered meanwhile). */}
        {result &&
        sentIntent === "answer" &&
        !data.objections.some((o) => o.id === sentObjection && !o.answer) ? (
          <FormErrors errors={result.error?.[""] ?? null} />
        ) : null}
      </section>

      {data.isManager && !scheme.confirmedAt ? (
        <section aria-labelledby="confirm-heading">
          <h2 id="confirm-heading">{t("projects:notice.confirmHeading")}</h2>
          <p>{t("projects:notice.confirmHelp")}</p>
          {!data.ended ? (
            <p>{t("projects:notice.confirmWaitWindow", { date: scheme.endsAt ?? "" })}</p>
          ) : null}
          {data.unanswered > 0 ? (
            <p>{t("projects:notice.confirmWaitAnswers", { count: data.unanswered })}</p>
          ) : null}
          <ConfirmForm lastResult={sentIntent === "confirm" ? result : undefined} />
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
