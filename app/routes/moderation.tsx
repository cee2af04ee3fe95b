import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
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
import type { z } from "zod";
import { deliberationStylesheet } from "~/components/comment-thread";
import { CsrfInput } from "~/components/csrf-input";
import { FormErrors, TextareaField } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { getRequestMeta } from "~/lib/request-meta.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { isModerator, listModerationQueue } from "~/modules/deliberation/comment-queries.server";
import { ModerateCommentSchema, moderationReasonMax } from "~/modules/deliberation/comment-schemas";
import { moderateComment } from "~/modules/deliberation/moderate-comment.server";

export const links: LinksFunction = () => [deliberationStylesheet];

const notices = {
  hidden: "deliberation:moderation.notices.hidden",
  restored: "deliberation:moderation.notices.restored",
  kept: "deliberation:moderation.notices.kept",
} as const;

const stanceKeys = {
  support: "deliberation:thread.stance.support",
  oppose: "deliberation:thread.stance.oppose",
  neutral: "deliberation:thread.stance.neutral",
} as const;

/** Committee members and officials only; everyone else is refused, not shown an empty queue. */
async function requireModerator(request: Request) {
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  if (!isModerator(roles)) throw new Response(null, { status: 403 });
  return { user, roles };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, roles } = await requireModerator(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const queue = await listModerationQueue(roles, locale);
  const noticeKey = new URL(request.url).searchParams.get("notice");
  return {
    title: `${t("deliberation:moderation.title")} · ${t("common:appName")}`,
    notice: noticeKey && noticeKey in notices ? notices[noticeKey as keyof typeof notices] : null,
    waiting: queue.waiting,
    hidden: queue.hidden,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const { user, roles } = await requireModerator(request);
  const submission = parseWithZod(formData, { schema: ModerateCommentSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  const { intent, commentId, reason } = submission.value;
  let outcome: keyof typeof notices;
  try {
    ({ outcome } = await moderateComment({
      actor: user,
      actorRoles: roles,
      commentId,
      intent,
      reason,
      meta: getRequestMeta(request, context),
    }));
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  return redirect(`/moderation?notice=${outcome}`);
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["waiting"][number];

function ModerateForm({
  item,
  lastResult,
}: {
  item: Item;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof ModerateCommentSchema>>({
    id: `moderate-${item.id}`,
    lastResult,
    constraint: getZodConstraint(ModerateCommentSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack moderation-form">
      <CsrfInput />
      <input type="hidden" name="commentId" value={item.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextareaField
        meta={fields.reason}
        label={t("deliberation:moderation.reasonLabel")}
        hint={t("deliberation:moderation.reasonHint", { max: moderationReasonMax })}
      />
      <div className="button-row">
        {item.hiddenByModerator ? null : (
          <button type="submit" name="intent" value="hide" className="primary">
            {t("deliberation:moderation.hide")}
          </button>
        )}{" "}
        <button type="submit" name="intent" value="restore" className="secondary">
          {item.hidden ? t("deliberation:moderation.restore") : t("deliberation:moderation.keep")}
        </button>
      </div>
    </Form>
  );
}

function QueueItem({ item, lastResult }: { item: Item; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t, i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  });
  return (
    <li>
      <h3>
        {item.authorName}{" "}
        {item.official ? (
          <span className="badge official">{t("deliberation:thread.officialBadge")}</span>
        ) : (
          <span className={`badge stance-${item.stance}`}>{t(stanceKeys[item.stance])}</span>
        )}
      </h3>
      <p className="comment-body">{item.body}</p>
      <dl className="facts">
        <dt>{t("deliberation:moderation.area")}</dt>
        <dd>{item.area}</dd>
        <dt>{t("deliberation:moderation.postedAt")}</dt>
        <dd>
          <time dateTime={item.createdAt}>{format.format(new Date(item.createdAt))}</time>
        </dd>
        <dt>{t("deliberation:moderation.state")}</dt>
        <dd>
          {item.hiddenByModerator
            ? t("deliberation:moderation.stateHidden", { reason: item.hiddenReason ?? "" })
            : item.hidden
              ? t("deliberation:moderation.statePending")
              : t("deliberation:moderation.stateVisible")}
        </dd>
      </dl>
      {item.href ? (
        <p>
          <Link to={`${item.href}#comment-${item.id}`}>{t("deliberation:moderation.viewThread")}</Link>
        </p>
      ) : null}
      {item.reports.length > 0 ? (
        <details>
          <summary>{t("deliberation:moderation.reportsHeading", { count: item.reportCount })}</summary>
          <ul className="report-list">
            {item.reports.map((r, i) => (
              <li key={`${r.at}-${i}`}>
                <time dateTime={r.at}>{format.format(new Date(r.at))}</time> {r.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <ModerateForm item={item} lastResult={lastResult} />
    </li>
  );
}

export default function Moderation() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>()?.result;
  const sentFor = result?.initialValue?.commentId;
  const resultFor = (id: string) => (sentFor === id ? result : undefined);
  const listed = [...data.waiting, ...data.hidden].some((c) => c.id === sentFor);
  return (
    <>
      <h1>{t("deliberation:moderation.title")}</h1>
      <p className="lead">{t("deliberation:moderation.lead")}</p>
      {data.notice ? (
        <p className="notice" role="status">
          {t(data.notice)}
        </p>
      ) : null}
      {/* A refusal for a comment no longer listed (decided meanwhile by another moderator). */}
      {result && typeof sentFor === "string" && !listed ? (
        <FormErrors errors={result.error?.[""] ?? null} />
      ) : null}
      <section aria-labelledby="waiting-heading">
        <h2 id="waiting-heading">
          {t("deliberation:moderation.waitingHeading", { count: data.waiting.length })}
        </h2>
        {data.waiting.length === 0 ? (
          <p>{t("deliberation:moderation.waitingEmpty")}</p>
        ) : (
          <ul className="card-list">
            {data.waiting.map((item) => (
              <QueueItem key={item.id} item={item} lastResult={resultFor(item.id)} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="hidden-heading">
        <h2 id="hidden-heading">
          {t("deliberation:moderation.hiddenHeading", { count: data.hidden.length })}
        </h2>
        {data.hidden.length === 0 ? (
          <p>{t("deliberation:moderation.hiddenEmpty")}</p>
        ) : (
          <ul className="card-list">
            {data.hidden.map((item) => (
              <QueueItem key={item.id} item={item} lastResult={resultFor(item.id)} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
