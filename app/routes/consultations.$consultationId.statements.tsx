import { parseWithZod } from "@conform-to/zod";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { readForm } from "~/lib/csrf.server";
import { isDomainError } from "~/lib/errors";
import { messageKey } from "~/lib/messages";
import { getRequestMeta } from "~/lib/request-meta.server";
import {
  formatDateTime,
  loadConsultationPage,
  noticeFrom,
} from "~/modules/consultations/consultation-page.server";
import { listStatements } from "~/modules/consultations/consultation-queries.server";
import { ModerateSchema } from "~/modules/consultations/consultation-schemas";
import { moderateStatement } from "~/modules/consultations/moderate-statement.server";
import styles from "~/styles/consultations.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const notices = {
  approved: "consultations:moderation.notices.approved",
  rejected: "consultations:moderation.notices.rejected",
} as const;

async function requireModerator(request: Request, id: string | undefined) {
  const page = await loadConsultationPage(request, id, { requireLogin: true });
  if (!page.organiser) throw new Response(null, { status: 403 });
  return page;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await requireModerator(request, params.consultationId);
  const rows = await listStatements(page.consultation.id, null, ["pending", "approved", "rejected"]);
  const row = (s: (typeof rows)[number]) => ({
    id: s.id,
    text: s.text,
    at: formatDateTime(s.createdAt, page.locale),
    agree: s.agree,
    disagree: s.disagree,
    pass: s.pass,
  });
  return {
    title: `${page.t("consultations:moderation.title")} · ${page.consultation.title} · ${page.t("common:appName")}`,
    notice: noticeFrom(request, notices),
    summary: page.summary,
    allowStatements: page.consultation.allowStatements,
    pending: rows.filter((s) => s.status === "pending").map(row),
    approved: rows.filter((s) => s.status === "approved").map(row),
    rejected: rows.filter((s) => s.status === "rejected").map(row),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const page = await requireModerator(request, params.consultationId);
  const submission = parseWithZod(formData, { schema: ModerateSchema });
  if (submission.status !== "success") throw new Response(null, { status: 400 });
  try {
    const { status } = await moderateStatement({
      actor: page.user!,
      actorRoles: page.roles,
      consultationId: page.consultation.id,
      statementId: submission.value.statementId,
      decision: submission.value.decision,
      meta: getRequestMeta(request, context),
    });
    return redirect(`/consultations/${page.consultation.id}/statements?notice=${status}`);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return data({ pageError: messageKey(error.code, error.params) }, { status: error.status });
  }
}

export default function ModerateStatements() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  return (
    <>
      <h1>{t("consultations:moderation.title")}</h1>
      <p className="lead">
        <Link to={`/consultations/${d.summary.id}`}>{d.summary.title}</Link> · {d.summary.areaName}
      </p>
      {d.notice ? (
        <p className="notice" role="status">
          {t(d.notice)}
        </p>
      ) : null}
      <FormErrors errors={a?.pageError ? [a.pageError] : null} />
      {!d.allowStatements ? <p>{t("consultations:moderation.off")}</p> : null}
      <section aria-labelledby="pending-heading">
        <h2 id="pending-heading">{t("consultations:moderation.pending", { count: d.pending.length })}</h2>
        {d.pending.length === 0 ? <p>{t("consultations:moderation.empty")}</p> : null}
        <ul className="statement-list">
          {d.pending.map((s) => (
            <li key={s.id}>
              <p className="statement-text">{s.text}</p>
              <p className="muted">{s.at}</p>
              <Form method="post" className="inline-form">
                <CsrfInput />
                <input type="hidden" name="statementId" value={s.id} />
                <button type="submit" name="decision" value="approve" className="primary">
                  {t("consultations:moderation.approve")}
                </button>
                <button type="submit" name="decision" value="reject" className="secondary">
                  {t("consultations:moderation.reject")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="approved-heading">
        <h2 id="approved-heading">{t("consultations:moderation.approved", { count: d.approved.length })}</h2>
        <ul className="statement-list">
          {d.approved.map((s) => (
            <li key={s.id}>
              <p className="statement-text">{s.text}</p>
              <p className="muted">
                {t("consultations:statements.counts", { agree: s.agree, disagree: s.disagree, pass: s.pass })}
              </p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="rejected-heading">
        <h2 id="rejected-heading">{t("consultations:moderation.rejected", { count: d.rejected.length })}</h2>
        <ul className="statement-list">
          {d.rejected.map((s) => (
            <li key={s.id}>
              <p className="statement-text">{s.text}</p>
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
