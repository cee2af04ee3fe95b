import { getFormProps, useForm } from "@conform-to/react";
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
import type { Locale } from "~/i18n/config";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { requireUser, safeRedirectPath } from "~/modules/accounts/auth.server";
import { getCommentForReport } from "~/modules/deliberation/comment-queries.server";
import { ReportCommentSchema, reportReasonMax } from "~/modules/deliberation/comment-schemas";
import { reportComment, reportsToHide } from "~/modules/deliberation/report-comment.server";

export const links: LinksFunction = () => [deliberationStylesheet];

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function commentIdOf(params: { commentId?: string }) {
  const id = params.commentId ?? "";
  if (!uuid.test(id)) throw new Response(null, { status: 404 });
  return id;
}

function formatDateTime(date: Date, locale: Locale) {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  }).format(date);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const commentId = commentIdOf(params);
  const comment = await getCommentForReport(commentId, user.id);
  if (!comment) throw new Response(null, { status: 404 });
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const url = new URL(request.url);
  // Back to the page the person came from, at the comment; only a same-site path.
  const returnTo = safeRedirectPath(url.searchParams.get("returnTo"), comment.subjectHref);
  return {
    title: `${t("deliberation:report.title")} · ${t("common:appName")}`,
    comment: {
      id: comment.id,
      authorName: comment.authorName ?? t("accounts:deletedUser"),
      body: comment.body,
      date: formatDateTime(comment.createdAt, locale),
      createdAt: comment.createdAt.toISOString(),
    },
    subjectTitle: comment.subjectTitle,
    state:
      url.searchParams.get("notice") === "reported"
        ? ("thanks" as const)
        : comment.own
          ? ("own" as const)
          : comment.alreadyReported
            ? ("alreadyReported" as const)
            : comment.hidden
              ? ("alreadyHidden" as const)
              : ("open" as const),
    returnTo,
    backHref: `${returnTo.split("#")[0]}#comment-${comment.id}`,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  const commentId = commentIdOf(params);
  const submission = parseWithZod(formData, { schema: ReportCommentSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    await reportComment({ actor: user, commentId, reason: submission.value.reason });
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  const returnTo = safeRedirectPath(submission.value.returnTo, "");
  const query = new URLSearchParams({ notice: "reported", ...(returnTo ? { returnTo } : {}) });
  return redirect(`/comments/${commentId}/report?${query}`);
}

const stateMessages = {
  thanks: "deliberation:report.thanks",
  own: "deliberation:report.own",
  alreadyReported: "deliberation:report.alreadyReported",
  alreadyHidden: "deliberation:report.alreadyHidden",
} as const;

export default function ReportComment() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const [form, fields] = useForm<z.input<typeof ReportCommentSchema>>({
    id: "report-comment",
    lastResult,
    constraint: getZodConstraint(ReportCommentSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReportCommentSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <>
      <h1>{t("deliberation:report.title")}</h1>
      {data.state === "open" ? (
        <p className="lead">{t("deliberation:report.lead", { count: reportsToHide })}</p>
      ) : (
        <p className={data.state === "thanks" ? "notice" : "muted"} role="status">
          {t(stateMessages[data.state])}
        </p>
      )}
      <section aria-labelledby="reported-heading">
        <h2 id="reported-heading">{t("deliberation:report.commentHeading")}</h2>
        <p className="muted">{data.subjectTitle}</p>
        <blockquote>
          <p className="comment-meta">
            {t("deliberation:report.by", { name: data.comment.authorName, date: data.comment.date })}
          </p>
          {data.comment.body === null ? (
            <p className="comment-hidden">{t("deliberation:report.hiddenText")}</p>
          ) : (
            <p className="comment-body">{data.comment.body}</p>
          )}
        </blockquote>
      </section>
      {data.state === "open" ? (
        <Form method="post" {...getFormProps(form)} className="stack">
          <CsrfInput />
          <input type="hidden" name="returnTo" value={data.returnTo} />
          <FormErrors id={form.errorId} errors={form.errors} />
          <TextareaField
            meta={fields.reason}
            label={t("deliberation:report.reasonLabel")}
            hint={t("deliberation:report.reasonHint", { max: reportReasonMax })}
          />
          <div className="button-row">
            <button type="submit" className="primary">
              {t("deliberation:report.submit")}
            </button>
          </div>
        </Form>
      ) : null}
      <p>
        <Link to={data.backHref}>{t("deliberation:report.back")}</Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
